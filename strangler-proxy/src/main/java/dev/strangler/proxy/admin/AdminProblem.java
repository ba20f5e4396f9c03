package dev.strangler.proxy.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** An RFC 9457 problem the admin API answers with; {@code problems} lists every issue of a refused route table. */
final class AdminProblem extends RuntimeException {

  final int status;
  final List<String> problems;

  AdminProblem(int status, String detail) {
    this(status, detail, List.of());
  }

  AdminProblem(int status, String detail, List<String> problems) {
    this(status, detail, problems, null);
  }

  /** A server-side problem whose {@code cause} (a store's failure) is logged, never answered. */
  AdminProblem(int status, String detail, Throwable cause) {
    this(status, detail, List.of(), cause);
  }

  private AdminProblem(int status, String detail, List<String> problems, Throwable cause) {
    super(detail, cause, false, false);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  JsonObject toJson() {
    JsonObject json = dev.strangler.proxy.forward.ProblemResponses.json(status, title(status), getMessage());
    if (!problems.isEmpty()) {
      json.put("problems", new JsonArray(problems));
    }
    return json;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
