package dev.strangler.proxy.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The migration dashboard's static page, script and style, served on the admin port without a token: they hold no data.
 * The page asks for the admin token once (kept in the tab's sessionStorage, never in a URL) and reads the token-protected
 * JSON endpoints with {@code Authorization: Bearer}, because a browser can't send a bearer header when it navigates.
 * A strict Content-Security-Policy (no inline script or style, nothing from elsewhere) and no caching go with every file.
 */
public final class DashboardPage {

  /** Only this origin's files and JSON; no inline code; never framed. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String BASE = "/dev/strangler/proxy/dashboard/";

  private final Buffer html = load("dashboard.html");
  private final Buffer script = load("dashboard.js");
  private final Buffer style = load("dashboard.css");

  /** Adds the three files to the admin router; call before its token check. */
  public void mount(Router router) {
    router.get("/admin/dashboard").handler(ctx -> send(ctx, "text/html; charset=utf-8", html));
    router.get("/admin/dashboard.js").handler(ctx -> send(ctx, "text/javascript; charset=utf-8", script));
    router.get("/admin/dashboard.css").handler(ctx -> send(ctx, "text/css; charset=utf-8", style));
  }

  private static void send(RoutingContext ctx, String type, Buffer body) {
    ctx.response().putHeader("Content-Type", type)
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(body);
  }

  private static Buffer load(String name) {
    try (InputStream in = Objects.requireNonNull(DashboardPage.class.getResourceAsStream(BASE + name), "missing " + name)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
