package dev.strangler.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a playbook from YAML and validates it, reporting every problem with its place. */
public final class PlaybookLoader {

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .addModule(new JavaTimeModule())
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PlaybookLoader() {}

  /** Thrown when a playbook can't be read or is invalid; {@link #problems()} lists each with its place. */
  public static final class InvalidPlaybookException extends RuntimeException {
    private final List<String> problems;

    InvalidPlaybookException(String source, List<String> problems) {
      super(source + ": " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static Playbook load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new InvalidPlaybookException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
  }

  public static Playbook parse(String yaml, String source) {
    Playbook playbook;
    try {
      playbook = YAML.readValue(yaml, Playbook.class);
    } catch (MismatchedInputException e) {
      String at = e.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")).replace(".[", "[");
      throw new InvalidPlaybookException(source, List.of(at + ": " + e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new InvalidPlaybookException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
    }
    if (playbook == null) {
      throw new InvalidPlaybookException(source, List.of("the document is empty"));
    }
    List<String> problems = PlaybookValidator.problems(playbook);
    if (!problems.isEmpty()) {
      throw new InvalidPlaybookException(source, problems);
    }
    return playbook;
  }
}
