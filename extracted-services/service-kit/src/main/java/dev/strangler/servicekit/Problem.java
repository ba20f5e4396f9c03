package dev.strangler.servicekit;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An RFC 9457 problem detail, the one error body every extracted service answers with.
 *
 * @param status HTTP status
 * @param title short, fixed summary of the problem type
 * @param detail what went wrong with this request, precise enough to fix it
 */
public record Problem(int status, String title, String detail) {

  public static final String CONTENT_TYPE = "application/problem+json";

  public Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, got " + status);
    }
    Objects.requireNonNull(title, "title == null");
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
    return json;
  }
}
