package dev.strangler.proxy.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the {@code strangler.access} logger. Paths only: query
 * strings and headers can carry secrets and are never logged. The client's address is logged (as nginx's
 * {@code $remote_addr}): it is what an operator looks for when one client misbehaves.
 */
public final class AccessLog {

  private static final Logger LOG = LoggerFactory.getLogger("strangler.access");
  /** Jackson's streaming generator: the line is written field by field, with no map or object mapper in between. */
  private static final JsonFactory JSON = new JsonFactory();

  private AccessLog() {}

  /**
   * A finished request as the access log records it: {@code client} is the address the proxy trusts (the peer, or what
   * trusted load balancers said), never one a client claimed; {@code backendStatus} what the backend answered where the
   * proxy stood in for it (a kept answer for a failure), else {@code status}; {@code shed} names why the proxy refused it
   * (null: it did not).
   */
  public record Entry(String requestId, String client, String method, String path, String route, String backend,
                      long epoch, int status, int backendStatus, double millis, String shed) {

    /**
     * The line as JSON: {@code backendStatus} only when it is not {@code status}, {@code shed} only when the request was
     * shed, milliseconds to two decimals.
     */
    public String encode() {
      StringWriter line = new StringWriter(160);
      try (JsonGenerator json = JSON.createGenerator(line)) {
        json.writeStartObject();
        json.writeStringField("requestId", requestId);
        json.writeStringField("client", client);
        json.writeStringField("method", method);
        json.writeStringField("path", path);
        json.writeStringField("route", route);
        json.writeStringField("backend", backend);
        json.writeNumberField("epoch", epoch);
        json.writeNumberField("status", status);
        if (backendStatus != status) {
          json.writeNumberField("backendStatus", backendStatus);
        }
        json.writeNumberField("ms", Math.round(millis * 100) / 100.0);
        if (shed != null) {
          json.writeStringField("shed", shed);
        }
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a StringWriter does not fail
      }
      return line.toString();
    }
  }

  public static void write(Entry entry) {
    if (LOG.isInfoEnabled()) {
      LOG.info("{}", entry.encode());
    }
  }
}
