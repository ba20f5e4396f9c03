package dev.strangler.servicekit;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a {@link Problem} is written on the wire. An extracted service answers like the monolith it
 * replaces, so clients (and shadow comparison) see no difference: {@link #STRANGLER} is ours,
 * {@link #SPRING_MVC} is what a Spring Boot monolith with problem details sends.
 */
public interface ProblemFormat {

  /** The body for {@code problem}, raised by a request to {@code path}. */
  JsonObject body(Problem problem, String path);

  /** The detail of a 404 for a path no route serves. */
  String noRoute(String path);

  /** {@code type}, {@code title}, {@code status}, {@code detail}, then {@code errors} when there are any. */
  ProblemFormat STRANGLER = new ProblemFormat() {
    @Override
    public JsonObject body(Problem problem, String path) {
      return problem.toJson();
    }

    @Override
    public String noRoute(String path) {
      return "no resource at " + path;
    }
  };

  /**
   * Spring Framework's {@code ProblemDetail} through Jackson 3: members in alphabetical order, no
   * {@code type} when it is {@code about:blank}, the request path as {@code instance}, extra members last.
   */
  ProblemFormat SPRING_MVC = new ProblemFormat() {
    @Override
    public JsonObject body(Problem problem, String path) {
      JsonObject json = new JsonObject();
      if (problem.detail() != null) {
        json.put("detail", problem.detail());
      }
      json.put("instance", path).put("status", problem.status()).put("title", problem.title());
      if (!problem.errors().isEmpty()) {
        json.put("errors", problem.errorsJson());
      }
      return json;
    }

    /** What Spring's static resource handler says: the path without empty segments. */
    @Override
    public String noRoute(String path) {
      return "No static resource " + Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).collect(Collectors.joining("/")) + ".";
    }
  };
}
