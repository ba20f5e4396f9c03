package dev.strangler.servicekit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem detail, the one error body every extracted service answers with.
 *
 * @param status HTTP status
 * @param title short, fixed summary of the problem type
 * @param detail what went wrong with this request, precise enough to fix it
 * @param errors the invalid input fields, when the problem is bad input; empty otherwise
 */
public record Problem(int status, String title, String detail, List<FieldProblem> errors) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, got " + status);
    }
    Objects.requireNonNull(title, "title == null");
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public Problem(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  /** A 400 naming one field; the detail reads {@code field: message}. */
  public static Problem invalidField(String field, String message) {
    return new Problem(400, "Bad Request", field + ": " + message, List.of(new FieldProblem(field, message)));
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "Bad Request", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "Not Found", detail);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", "about:blank").put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (!errors.isEmpty()) {
      json.put("errors", errorsJson());
    }
    return json;
  }

  /** The {@code errors} member: {@code [{"field": …, "message": …}]}. */
  public JsonArray errorsJson() {
    JsonArray array = new JsonArray();
    errors.forEach(e -> array.add(new JsonObject().put("field", e.field()).put("message", e.message())));
    return array;
  }
}
