package dev.strangler.proxy.observe;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the {@code strangler.access} logger. Paths only: query
 * strings and headers can carry secrets and are never logged.
 */
public final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("strangler.access");

  private AccessLog() {}

  /** A finished request as the access log records it; {@code shed} names why the proxy refused it (null: it did not). */
  public record Entry(String requestId, String method, String path, String route, String backend, long epoch,
                      int status, double millis, String shed) {
    public Entry(String requestId, String method, String path, String route, String backend, long epoch, int status,
                 double millis) {
      this(requestId, method, path, route, backend, epoch, status, millis, null);
    }

    public JsonObject toJson() {
      JsonObject line = new JsonObject().put("requestId", requestId).put("method", method).put("path", path).put("route", route)
          .put("backend", backend).put("epoch", epoch).put("status", status).put("ms", Math.round(millis * 100) / 100.0);
      return shed == null ? line : line.put("shed", shed);
    }
  }

  public static void write(Entry entry) {
    if (LOG.isInfoEnabled()) {
      LOG.info("{}", entry.toJson().encode());
    }
  }
}
