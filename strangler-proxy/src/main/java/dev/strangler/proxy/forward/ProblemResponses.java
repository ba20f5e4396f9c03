package dev.strangler.proxy.forward;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;

/** RFC 9457 bodies for what the proxy itself answers: backend failures and misconfiguration. */
public final class ProblemResponses {

  public static final String CONTENT_TYPE = "application/problem+json";

  private ProblemResponses() {}

  /** A body that leaves the Content-Type header alone (a plain buffer body would overwrite it with octet-stream). */
  public static Body bodyKeepingContentType(Buffer buffer) {
    return Body.body(buffer, (io.vertx.httpproxy.MediaType) null);
  }

  /** The one problem body shape the proxy answers with (edge, forwarding and admin alike). */
  public static JsonObject json(int status, String title, String detail) {
    return new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
  }

  public static ProxyResponse fill(ProxyResponse response, int status, String title, String detail) {
    Buffer body = Buffer.buffer(json(status, title, detail).encode());
    response.headers().clear();
    return response.setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Content-Length", String.valueOf(body.length()))
        .setBody(bodyKeepingContentType(body));
  }
}
