package dev.strangler.servicekit.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.servicekit.ProblemHandlers;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real service on loopback with the identity handler in front, called with real, forged and missing tokens. */
@ExtendWith(VertxExtension.class)
class IdentityHandlerIT {

  private Vertx vertx;
  private HttpClient client;
  private int port;

  @BeforeEach
  void startService(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    router.route().handler(IdentityHandler.create(new IdentityVerifier(vertx, TestTokens.KEY, TestTokens.SERVICE)));
    router.get("/whoami").handler(ctx -> ctx.json(Identity.current(ctx)
        .map(i -> new JsonObject().put("customer", i.customerId()).put("email", i.email()))
        .orElse(new JsonObject().put("customer", (String) null))));
    router.get("/account").handler(IdentityHandler.requireIdentity()).handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
    router.post("/notes").handler(BodyHandler.create())
        .handler(ctx -> ctx.json(new JsonObject().put("customer", Identity.current(ctx).orElseThrow().customerId())
            .put("note", ctx.body().asString())));
    ProblemHandlers.install(router);
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void aRequestWithoutTheHeaderIsAnonymous() {
    Reply reply = call(HttpMethod.GET, "/whoami", MultiMap.caseInsensitiveMultiMap(), null);

    assertThat(reply.status).isEqualTo(200);
    assertThat(reply.json.getValue("customer")).isNull();
  }

  @Test
  void aValidTokenPutsTheCustomerOnTheRequest() {
    Reply reply = call(HttpMethod.GET, "/whoami", token(TestTokens.valid(vertx)), null);

    assertThat(reply.json).isEqualTo(new JsonObject().put("customer", "1").put("email", "customer001@acme.test"));
  }

  @Test
  void aForgedTokenIsA401ProblemThatGivesNothingAway() {
    String forged = TestTokens.sign(vertx, "an-attackers-guess-at-the-key-0123456789", TestTokens.claims(TestTokens.SERVICE));

    Reply reply = call(HttpMethod.GET, "/whoami", token(forged), null);

    assertThat(reply.status).isEqualTo(401);
    assertThat(reply.contentType).isEqualTo("application/problem+json");
    assertThat(reply.json).isEqualTo(new JsonObject().put("type", "about:blank").put("title", "Unauthorized")
        .put("status", 401).put("detail", "the identity token's signature or format is invalid"));
  }

  @Test
  void anExpiredTamperedOrUnsignedTokenIsA401() {
    JsonObject expired = TestTokens.claims(TestTokens.SERVICE);
    expired.put("exp", expired.getLong("iat") - 60);

    assertThat(call(HttpMethod.GET, "/whoami", token(TestTokens.sign(vertx, TestTokens.KEY, expired)), null).status).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/whoami", token(TestTokens.tampered(vertx)), null).status).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/whoami", token(TestTokens.unsigned()), null).status).isEqualTo(401);
  }

  @Test
  void theHeaderSentTwiceIsA401() {
    MultiMap headers = token(TestTokens.valid(vertx)).add(IdentityVerifier.HEADER, TestTokens.valid(vertx));

    Reply reply = call(HttpMethod.GET, "/whoami", headers, null);

    assertThat(reply.status).isEqualTo(401);
    assertThat(reply.json.getString("detail")).isEqualTo("the identity header was sent more than once");
  }

  @Test
  void requireIdentityAnswers401ToAnAnonymousRequestAndLetsACustomerThrough() {
    Reply anonymous = call(HttpMethod.GET, "/account", MultiMap.caseInsensitiveMultiMap(), null);

    assertThat(anonymous.status).isEqualTo(401);
    assertThat(anonymous.json.getString("detail")).isEqualTo("this resource needs a logged-in customer: log in first");
    assertThat(call(HttpMethod.GET, "/account", token(TestTokens.valid(vertx)), null).status).isEqualTo(200);
  }

  @Test
  void theBodyOfAVerifiedRequestStillReachesTheHandler() {
    Reply reply = call(HttpMethod.POST, "/notes", token(TestTokens.valid(vertx)), "remember the milk");

    assertThat(reply.json).isEqualTo(new JsonObject().put("customer", "1").put("note", "remember the milk"));
  }

  private static MultiMap token(String token) {
    return MultiMap.caseInsensitiveMultiMap().add(IdentityVerifier.HEADER, token);
  }

  private record Reply(int status, String contentType, JsonObject json) {}

  private Reply call(HttpMethod method, String path, MultiMap headers, String body) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
            .setURI(path).setHeaders(headers))
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body))))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("Content-Type"), b.toJsonObject()))));
  }
}
