package dev.strangler.proxy.forward;

import dev.strangler.proxy.route.RequestFacts;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.Locale;

/** {@link RequestFacts} read from a live server request (whose path the edge has already normalised). */
final class HttpRequestFacts implements RequestFacts {

  private final HttpServerRequest request;
  private final String path;

  HttpRequestFacts(HttpServerRequest request, String path) {
    this.request = request;
    this.path = path;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String host() {
    HostAndPort authority = request.authority();
    return authority == null ? null : authority.host().toLowerCase(Locale.ROOT);
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public String cookie(String name) {
    Cookie cookie = request.getCookie(name);
    return cookie == null ? null : cookie.getValue();
  }

  @Override
  public String queryParam(String name) {
    return request.getParam(name);
  }
}
