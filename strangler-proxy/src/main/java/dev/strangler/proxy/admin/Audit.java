package dev.strangler.proxy.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log ({@code strangler.audit}): one JSON line per change an admin request made, naming who made it — the
 * actor and, when the admin API asks for client certificates (mutual TLS), the subject of the verified certificate.
 */
final class Audit {

  private static final Logger LOG = LoggerFactory.getLogger("strangler.audit");

  private Audit() {}

  /** An entry for a change {@code ctx} asked for, by {@code actor}; the caller adds what changed and logs it. */
  static JsonObject entry(RoutingContext ctx, String actor) {
    JsonObject entry = new JsonObject().put("actor", actor);
    X509Certificate client = clientCertificate(ctx);
    if (client != null) {
      entry.put("clientCertificate", client.getSubjectX500Principal().getName());
    }
    return entry;
  }

  static void log(JsonObject entry) {
    LOG.info("{}", entry.encode());
  }

  /** The client's verified certificate over mutual TLS; null over plain HTTP or TLS without one. */
  static X509Certificate clientCertificate(RoutingContext ctx) {
    if (!ctx.request().isSSL()) {
      return null;
    }
    try {
      List<Certificate> chain = ctx.request().connection().peerCertificates();
      return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate x509 ? x509 : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
