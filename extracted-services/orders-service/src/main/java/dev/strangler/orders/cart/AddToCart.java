package dev.strangler.orders.cart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.strangler.servicekit.FieldProblem;
import dev.strangler.servicekit.Problem;
import dev.strangler.servicekit.ProblemException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/cart/items}, {@code {"sku": "...", "quantity": n}}, read and checked with the
 * monolith's words for every mistake (its Jackson reading and bean validation), so both sides answer bad input alike.
 */
public record AddToCart(String sku, int quantity) {

  private static final JsonFactory JSON = new JsonFactory();
  /** What the monolith's JSON reader accepts: application/json and application/*+json. */
  private static final Pattern JSON_TYPE = Pattern.compile("application/([^;/]+\\+)?json(;|$)", Pattern.CASE_INSENSITIVE);

  /** The request, or a {@link ProblemException} with the 400 (or 415) the monolith gives. */
  public static AddToCart parse(String contentType, Buffer body) {
    // Spring MVC's order: a type no JSON reader takes is a 415 even without a body; no type and no body, a missing body.
    boolean empty = body == null || body.length() == 0;
    String type = springContentType(contentType);
    if (!JSON_TYPE.matcher(type).lookingAt() && !(empty && (contentType == null || contentType.isBlank()))) {
      throw new ProblemException(new Problem(415, "Unsupported Media Type", "Content-Type '" + type + "' is not supported."));
    }
    if (empty) {
      throw bad(List.of(new FieldProblem("body", "is missing or not a readable JSON document")));
    }
    String sku = null;
    Integer quantity = null;
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw bad(List.of(new FieldProblem("body", "is missing or not a readable JSON document")));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "sku" -> sku = text(parser, value);
          case "quantity" -> quantity = integer(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw bad(List.of(new FieldProblem("body", "is not valid JSON" + where(parser))));
      }
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw bad(List.of(new FieldProblem("body", "is not valid JSON" + at)));
    } catch (IOException e) {
      throw bad(List.of(new FieldProblem("body", "is missing or not a readable JSON document")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (sku == null || sku.isBlank()) {
      problems.add(new FieldProblem("sku", "must not be blank"));
    }
    if (quantity == null) {
      problems.add(new FieldProblem("quantity", "must not be null"));
    } else if (quantity < 1) {
      problems.add(new FieldProblem("quantity", "must be greater than or equal to 1"));
    } else if (quantity > CartView.MAX_QUANTITY) {
      problems.add(new FieldProblem("quantity", "must be less than or equal to " + CartView.MAX_QUANTITY));
    }
    if (!problems.isEmpty()) {
      throw bad(problems);
    }
    return new AddToCart(sku, quantity);
  }

  /**
   * The Content-Type as the monolith names it: none is application/octet-stream (which no JSON reader takes); a type
   * without a charset gets the request encoding Spring Boot forces, UTF-8; parameters without spaces.
   */
  static String springContentType(String header) {
    if (header == null || header.isBlank()) {
      return "application/octet-stream";
    }
    String type = header.trim().replaceAll("\\s*;\\s*", ";");
    return type.toLowerCase(Locale.ROOT).contains("charset=") ? type : type + ";charset=UTF-8";
  }

  /** Jackson's coercions: scalars become text; objects and arrays do not. */
  private static String text(JsonParser parser, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_NULL -> null;
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
      default -> throw bad(List.of(new FieldProblem("sku", "must be a string")));
    };
  }

  /** Jackson's coercions to Integer: whole numbers, floats truncated, numeric text; nothing else. */
  private static Integer integer(JsonParser parser, JsonToken value) throws IOException {
    try {
      return switch (value) {
        case VALUE_NULL -> null;
        case VALUE_NUMBER_INT -> parser.getIntValue();
        case VALUE_NUMBER_FLOAT -> (int) parser.getDoubleValue();
        case VALUE_STRING -> parser.getText().isEmpty() ? null : Integer.valueOf(parser.getText().trim());
        default -> throw bad(List.of(new FieldProblem("quantity", "must be an integer")));
      };
    } catch (NumberFormatException e) {
      throw bad(List.of(new FieldProblem("quantity", "must be an integer")));
    }
  }

  private static String where(JsonParser parser) {
    return " at line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  /** Sorted by field, then message; the detail joins them as the monolith's handler does. */
  private static ProblemException bad(List<FieldProblem> problems) {
    List<FieldProblem> sorted = problems.stream()
        .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message)).toList();
    String detail = String.join("; ", sorted.stream().map(p -> p.field() + ": " + p.message()).toList());
    return new ProblemException(new Problem(400, "Bad Request", detail, sorted));
  }
}
