package dev.strangler.servicekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import dev.strangler.testsupport.OnVertx;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ProblemAndHealthRoutesIT {

  private Vertx vertx;

  private final AtomicBoolean ready = new AtomicBoolean(true);
  private HttpClient client;
  private int port;

  @BeforeEach
  void startService(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    HealthRoutes.install(router, () -> ready.get() ? Future.succeededFuture() : Future.failedFuture("redis unreachable"));
    router.post("/items").handler(BodyHandler.create()).handler(ctx -> ctx.json(ctx.body().asJsonObject()));
    router.get("/items/:id").handler(ctx -> {
      throw new ProblemException(Problem.notFound("no item " + ctx.pathParam("id")));
    });
    router.get("/boom").handler(ctx -> {
      throw new IllegalStateException("secret internal detail");
    });
    ProblemHandlers.install(router);
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void livenessAndReadinessAnswerUpWhenReady() {
    assertThat(call(HttpMethod.GET, HealthRoutes.LIVE, null)).isEqualTo(new Reply(200, "application/json", new JsonObject().put("status", "UP")));
    assertThat(call(HttpMethod.GET, HealthRoutes.READY, null).status).isEqualTo(200);
  }

  @Test
  void readinessAnswers503WithTheReasonWhenADependencyIsDown() {
    ready.set(false);

    Reply reply = call(HttpMethod.GET, HealthRoutes.READY, null);

    assertThat(reply.status).isEqualTo(503);
    assertThat(reply.json).isEqualTo(new JsonObject().put("status", "DOWN").put("reason", "redis unreachable"));
  }

  @Test
  void aProblemThrownByAHandlerBecomesItsProblemBody() {
    Reply reply = call(HttpMethod.GET, "/items/42", null);

    assertThat(reply.status).isEqualTo(404);
    assertThat(reply.contentType).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(reply.json.getString("detail")).isEqualTo("no item 42");
  }

  @Test
  void malformedJsonIsA400NotA500() {
    Reply reply = call(HttpMethod.POST, "/items", "{not json");

    assertThat(reply.status).isEqualTo(400);
    assertThat(reply.json.getString("detail")).isEqualTo("request body is not valid JSON");
  }

  @Test
  void unknownPathsAndMethodsGetProblemBodies() {
    assertThat(call(HttpMethod.GET, "/nowhere", null).json.getString("detail")).isEqualTo("no resource at /nowhere");
    assertThat(call(HttpMethod.DELETE, "/items", null).status).isEqualTo(405);
  }

  @Test
  void anUnexpectedFailureIsA500ThatRevealsNothingInternal() {
    Reply reply = call(HttpMethod.GET, "/boom", null);

    assertThat(reply.status).isEqualTo(500);
    assertThat(reply.json.encode()).doesNotContain("secret").doesNotContain("IllegalStateException");
  }

  private Reply call(HttpMethod method, String uri, String body) {
    return OnVertx.await(vertx, () -> client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
            .setConnectTimeout(5_000).setIdleTimeout(10_000)
            .putHeader("Content-Type", "application/json"))
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("Content-Type"), b.toJsonObject())))
        );
  }

  private record Reply(int status, String contentType, JsonObject json) {}
}
