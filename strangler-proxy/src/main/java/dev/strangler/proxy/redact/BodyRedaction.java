package dev.strangler.proxy.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.strangler.compare.BodyDecoder;
import dev.strangler.compare.PointerPattern;
import dev.strangler.compare.Response;
import dev.strangler.compare.capture.CapturedExchange;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces the route's configured fields in a captured JSON or form ({@code application/x-www-form-urlencoded}) body
 * with {@link CapturedExchange#REDACTED} (a form field's pointer is {@code /<name>}). A body
 * where nothing matched is kept byte for byte (still in its Content-Encoding). A body with a redacted field is written
 * anew, so the caller drops its Content-Length; a compressed body is decoded to look into it and, when a field was
 * redacted, stored decoded, so the caller drops its Content-Encoding too.
 * A JSON or form body that can't be looked into (cut at the cap, undecodable, not JSON) is dropped, marked truncated,
 * since a secret in it could not be removed. Shared by the capture and the shadow's results.
 */
public final class BodyRedaction {

  /** Trailing content after the first value would be a second document no rule looked into. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * A body as it goes into the record.
   *
   * @param redacted a field was redacted: the body is not the one sent, and its Content-Length no longer holds
   * @param decoded the body is no longer in the message's Content-Encoding
   */
  public record Result(byte[] body, boolean truncated, boolean redacted, boolean decoded) {}

  private BodyRedaction() {}

  /** {@code headers} looked up by lower-case name (lower-cased, or a case-insensitive map). */
  public static Result redact(byte[] body, boolean truncated, Map<String, List<String>> headers, List<PointerPattern> rules,
                       long maxBytes) {
    Result unchanged = new Result(body, truncated, false, false);
    Fields fields = fieldsOf(headers.get("content-type"));
    if (rules.isEmpty() || body.length == 0 || fields == null) {
      return unchanged;
    }
    Result dropped = new Result(new byte[0], true, false, false);
    if (truncated) {
      return dropped;
    }
    boolean encoded = encoded(headers.get("content-encoding"));
    byte[] plain = body;
    if (encoded) {
      BodyDecoder.Decoded d = BodyDecoder.decode(new Response(200, headers, body), maxBytes);
      if (!d.ok()) {
        return dropped;
      }
      plain = d.body();
    }
    byte[] redacted;
    try {
      redacted = fields.redact(plain, rules);
    } catch (IllegalArgumentException e) {
      return dropped;
    }
    return redacted == null ? unchanged : new Result(redacted, false, true, encoded);
  }

  /** Redacts the fields of one kind of body: the new body, or null when no field matched; IllegalArgumentException when it can't be read. */
  @FunctionalInterface
  private interface Fields {
    byte[] redact(byte[] body, List<PointerPattern> rules);
  }

  private static Fields fieldsOf(List<String> contentType) {
    if (isJson(contentType)) {
      return BodyRedaction::json;
    }
    if (isForm(contentType)) {
      return (body, rules) -> {
        String form = new String(body, StandardCharsets.ISO_8859_1); // percent-encoded: one char per byte, kept as is
        String redacted = FormFields.redact(form, rules);
        return redacted == null ? null : redacted.getBytes(StandardCharsets.ISO_8859_1);
      };
    }
    return null;
  }

  private static byte[] json(byte[] body, List<PointerPattern> rules) {
    try {
      JsonNode tree = JSON.readTree(body);
      return tree == null || redactIn(tree, "", rules) == 0 ? null : JSON.writeValueAsBytes(tree);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  /**
   * A JSON value's text found at {@code pointer} with the fields below it that a rule matches replaced; null when none
   * matched; IllegalArgumentException when it is not JSON.
   */
  public static String redactJson(String text, String pointer, List<PointerPattern> rules) {
    try {
      JsonNode tree = JSON.readTree(text);
      return tree == null || redactIn(tree, pointer, rules) == 0 ? null : JSON.writeValueAsString(tree);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  /** Replaces every value whose pointer a rule matches; how many it replaced. */
  private static int redactIn(JsonNode node, String pointer, List<PointerPattern> rules) {
    int replaced = 0;
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = pointer + "/" + FormFields.escaped(field.getKey());
        if (FormFields.matches(rules, child)) {
          field.setValue(TextNode.valueOf(CapturedExchange.REDACTED));
          replaced++;
        } else {
          replaced += redactIn(field.getValue(), child, rules);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = pointer + "/" + i;
        if (FormFields.matches(rules, child)) {
          array.set(i, TextNode.valueOf(CapturedExchange.REDACTED));
          replaced++;
        } else {
          replaced += redactIn(array.get(i), child, rules);
        }
      }
    }
    return replaced;
  }

  public static boolean isForm(List<String> contentType) {
    return contentType != null && !contentType.isEmpty()
        && contentType.get(0).split(";")[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
  }

  /** application/json and every {@code +json} type (problem+json, vendor types). */
  public static boolean isJson(List<String> contentType) {
    if (contentType == null || contentType.isEmpty()) {
      return false;
    }
    String type = contentType.get(0).split(";")[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static boolean encoded(List<String> contentEncoding) {
    return contentEncoding != null && contentEncoding.stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(v -> v.trim().toLowerCase(Locale.ROOT))
        .anyMatch(v -> !v.isEmpty() && !v.equals("identity"));
  }
}
