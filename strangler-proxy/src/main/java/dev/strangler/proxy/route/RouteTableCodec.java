package dev.strangler.proxy.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/** Reads and writes route tables as YAML or JSON (YAML is a superset: one reader takes both). */
public final class RouteTableCodec {

  private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RouteTableCodec() {}

  /** Parses YAML or JSON; structural problems come back all at once in an {@link InvalidRouteTableException}. */
  public static RouteTableDefinition parse(String text) {
    JsonNode tree;
    try {
      tree = YAML.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidRouteTableException(List.of("not valid YAML or JSON" + where + ": " + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidRouteTableException(List.of("the route table is empty"));
    }
    return RouteTableReader.read(tree);
  }

  public static String toYaml(RouteTableDefinition table) {
    return write(YAML, RouteTableWriter.write(table));
  }

  public static String toJson(RouteTableDefinition table) {
    return write(JSON, RouteTableWriter.write(table));
  }

  /** The tree form, for APIs that embed a table in a larger JSON document. */
  public static JsonNode toTree(RouteTableDefinition table) {
    return RouteTableWriter.write(table);
  }

  /** One route's tree, as it stands in a table's {@code routes} list. */
  public static JsonNode toTree(RouteDefinition route) {
    return RouteTableWriter.route(route);
  }

  public static RouteTableDefinition fromTree(JsonNode tree) {
    return RouteTableReader.read(tree);
  }

  private static String write(ObjectMapper mapper, JsonNode tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a route table tree always serialises", e);
    }
  }
}
