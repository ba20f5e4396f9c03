package dev.strangler.proxy.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The raw requests under {@code smuggling/} on the test class path, one per {@code .http} file. A file starts with
 * {@code #} lines saying what the request tries; the rest is the request with its bytes escaped, so that no editor or
 * Git setting can change them: {@code \r}, {@code \n}, {@code \t}, {@code \0}, {@code \xHH} and {@code \\}; a real
 * line break is only there for reading and is not sent.
 */
final class SmugglingCorpus {

  /** One request of the corpus. */
  record Case(String name, String description, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private SmugglingCorpus() {}

  static List<Case> load() {
    try {
      Path dir = Path.of(SmugglingCorpus.class.getResource("smuggling").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(".http")).sorted().map(SmugglingCorpus::read).toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Case read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      StringBuilder description = new StringBuilder();
      StringBuilder request = new StringBuilder();
      boolean head = true;
      for (String line : lines) {
        if (head && line.startsWith("#")) {
          description.append(description.isEmpty() ? "" : " ").append(line.substring(1).trim());
        } else {
          head = false;
          request.append(line);
        }
      }
      String name = file.getFileName().toString().replaceFirst("\\.http$", "");
      return new Case(name, description.toString(), unescape(request.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.write(c);
        continue;
      }
      char next = text.charAt(++i);
      switch (next) {
        case 'r' -> out.write('\r');
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case '0' -> out.write(0);
        case 'x' -> {
          out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> out.write(next);
      }
    }
    return out.toByteArray();
  }
}
