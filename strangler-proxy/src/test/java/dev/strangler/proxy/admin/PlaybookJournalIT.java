package dev.strangler.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.proxy.observe.LogLines;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The playbook journal on a real proxy's admin API, in a real Redis: transitions, approvals, states, and what is refused. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class PlaybookJournalIT {

  private static final String WRITER = "writer-token-0123456789";
  private static final String READER = ShadowAdminApiIT.READER;

  private Vertx vertx;
  private ProxyApplication proxy;
  private HttpClient client;

  private record Reply(int status, String contentType, JsonObject json) {}

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns, @TempDir Path dir) throws Exception {
    this.vertx = vertx;
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: strangler/v1
        backends: {legacy: {urls: ["http://127.0.0.1:18081"]}}
        routes: []
        """);
    proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(ShadowAdminApiIT.settings(ns, routes, FreePort.find())));
    proxy.start().await();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    proxy.stop().await();
  }

  static JsonObject transition(String kind, String step, int stepIndex, String from, String state) {
    return new JsonObject().put("kind", kind).put("step", step).put("stepIndex", stepIndex).put("steps", 7).put("from", from)
        .put("state", state);
  }

  @Test
  void transitionsAreRecordedAndReadBackNewestFirstWithActorAndNumbers() {
    Reply started = post("/admin/playbooks/catalog/transitions", WRITER, "runner-1",
        transition("started", "shadow", 1, null, "soaking").put("reason", "playbook catalog.yaml"));
    Reply advanced = post("/admin/playbooks/catalog/transitions", WRITER, "runner-1",
        transition("advanced", "canary-5", 2, "shadow", "soaking").put("numbers", new JsonObject().put("compared", 1200)
            .put("mismatchRate", 0.001)));

    assertThat(started.status).isEqualTo(201);
    assertThat(started.json.getString("actor")).isEqualTo("runner-1");
    assertThat(Instant.parse(started.json.getString("at"))).isNotNull();
    assertThat(advanced.status).isEqualTo(201);
    Reply catalog = get("/admin/playbooks/catalog", READER);
    assertThat(catalog.status).isEqualTo(200);
    assertThat(catalog.json.getString("subdomain")).isEqualTo("catalog");
    assertThat(catalog.json.getString("step")).isEqualTo("canary-5");
    assertThat(catalog.json.getInteger("stepIndex")).isEqualTo(2);
    assertThat(catalog.json.getInteger("steps")).isEqualTo(7);
    assertThat(catalog.json.getString("state")).isEqualTo("soaking");
    assertThat(catalog.json.getString("since")).isEqualTo(advanced.json.getString("at"));
    assertThat(catalog.json.getString("updatedAt")).isEqualTo(advanced.json.getString("at"));
    assertThat(catalog.json.getValue("approvedStep")).isNull();
    assertThat(catalog.json.getJsonObject("last")).isEqualTo(new JsonObject().put("kind", "advanced").put("actor", "runner-1")
        .put("at", advanced.json.getString("at")).put("reason", null));
    JsonArray transitions = catalog.json.getJsonArray("transitions");
    assertThat(transitions).hasSize(2);
    assertThat(transitions.getJsonObject(0)).isEqualTo(new JsonObject().put("id", advanced.json.getString("id"))
        .put("at", advanced.json.getString("at")).put("actor", "runner-1").put("kind", "advanced").put("step", "canary-5")
        .put("from", "shadow").put("state", "soaking").put("reason", null)
        .put("numbers", new JsonObject().put("compared", 1200).put("mismatchRate", 0.001)));
    assertThat(transitions.getJsonObject(1).getString("kind")).isEqualTo("started");
    assertThat(transitions.getJsonObject(1).getValue("from")).isNull();
    assertThat(transitions.getJsonObject(1).getString("reason")).isEqualTo("playbook catalog.yaml");
    assertThat(get("/admin/playbooks/catalog?limit=1", READER).json.getJsonArray("transitions")).hasSize(1);
  }

  @Test
  void sinceStaysWhileTheStepStaysAndEveryPlaybookIsListedBySubdomain() {
    Reply entered = post("/admin/playbooks/orders/transitions", WRITER, null, transition("advanced", "canary-50", 4, "canary-25", "soaking"));
    post("/admin/playbooks/orders/transitions", WRITER, null, transition("waiting-approval", "canary-50", 4, "canary-50", "waiting-approval"));
    post("/admin/playbooks/catalog/transitions", WRITER, null, transition("started", "shadow", 0, null, "soaking"));

    Reply all = get("/admin/playbooks", READER);

    assertThat(all.status).isEqualTo(200);
    JsonArray playbooks = all.json.getJsonArray("playbooks");
    assertThat(playbooks.stream().map(p -> ((JsonObject) p).getString("subdomain"))).containsExactly("catalog", "orders");
    JsonObject orders = playbooks.getJsonObject(1);
    assertThat(orders.getString("state")).isEqualTo("waiting-approval");
    assertThat(orders.getString("since")).isEqualTo(entered.json.getString("at"));
    assertThat(orders.getJsonObject("last").getString("actor")).isEqualTo("admin");
    assertThat(orders.getJsonObject("last").getString("kind")).isEqualTo("waiting-approval");
    Reply restarted = post("/admin/playbooks/orders/transitions", WRITER, null, transition("started", "canary-50", 4, null, "soaking"));
    assertThat(get("/admin/playbooks/orders", READER).json.getString("since")).as("a new run at the same step")
        .isEqualTo(restarted.json.getString("at"));
  }

  @Test
  void anApprovalIsRecordedWhenThePlaybookWaitsAtThatStepAndRefusedOtherwise() {
    assertThat(post("/admin/playbooks/orders/approvals", WRITER, null, new JsonObject().put("step", "canary-50")).status)
        .as("no playbook state").isEqualTo(409);
    post("/admin/playbooks/orders/transitions", WRITER, null, transition("advanced", "canary-25", 3, "canary-5", "soaking"));
    assertThat(post("/admin/playbooks/orders/approvals", WRITER, null, new JsonObject().put("step", "canary-25")).status)
        .as("soaking, not waiting").isEqualTo(409);
    post("/admin/playbooks/orders/transitions", WRITER, null, transition("waiting-approval", "canary-50", 4, "canary-25", "waiting-approval"));
    Reply wrongStep = post("/admin/playbooks/orders/approvals", WRITER, null, new JsonObject().put("step", "extracted"));
    assertThat(wrongStep.status).isEqualTo(409);
    assertThat(wrongStep.contentType).isEqualTo("application/problem+json");
    assertThat(wrongStep.json.getString("detail")).isEqualTo(
        "subdomain 'orders' is not waiting for approval at step 'extracted' (it is waiting-approval at step 'canary-50')");

    LogLines audit = LogLines.audit();
    Reply approved;
    try {
      approved = post("/admin/playbooks/orders/approvals", WRITER, "alice", new JsonObject().put("step", "canary-50"));
    } finally {
      audit.close();
    }

    assertThat(approved.status).isEqualTo(201);
    assertThat(approved.json.getString("actor")).isEqualTo("alice");
    JsonObject orders = get("/admin/playbooks/orders", READER).json;
    assertThat(orders.getString("state")).as("unchanged").isEqualTo("waiting-approval");
    assertThat(orders.getString("approvedStep")).isEqualTo("canary-50");
    JsonObject newest = orders.getJsonArray("transitions").getJsonObject(0);
    assertThat(newest.getString("kind")).isEqualTo("approved");
    assertThat(newest.getString("step")).isEqualTo("canary-50");
    assertThat(newest.getString("actor")).isEqualTo("alice");
    assertThat(newest.getString("id")).isEqualTo(approved.json.getString("id"));
    assertThat(audit.lines()).singleElement().satisfies(line -> {
      assertThat(line.getString("actor")).isEqualTo("alice");
      assertThat(line.getString("action")).isEqualTo("playbook approved orders");
    });
  }

  @Test
  void badInputIsA400ProblemNamingEachMistake() {
    Reply unknownKind = post("/admin/playbooks/catalog/transitions", WRITER, null, transition("jumped", "shadow", 1, null, "soaking"));
    assertThat(unknownKind.status).isEqualTo(400);
    assertThat(unknownKind.contentType).isEqualTo("application/problem+json");
    assertThat(unknownKind.json.getJsonArray("problems")).containsExactly(
        "kind: one of started, advanced, waiting-approval, approved, gate-failed, rolled-back, completed, aborted, required");

    Reply many = post("/admin/playbooks/catalog/transitions", WRITER, null, new JsonObject().put("state", "sleeping")
        .put("step", "shadow").put("stepIndex", 7).put("steps", 7).put("numbers", new JsonArray().add(1)));
    assertThat(many.status).isEqualTo(400);
    assertThat(many.json.getJsonArray("problems")).containsExactly(
        "kind: one of started, advanced, waiting-approval, approved, gate-failed, rolled-back, completed, aborted, required",
        "state: one of soaking, waiting-approval, rolled-back, completed, aborted, required",
        "stepIndex: below steps (7), was 7",
        "numbers: a JSON object (the gate figures read), or absent");

    Reply badName = post("/admin/playbooks/Catalog_1/transitions", WRITER, null, transition("started", "shadow", 0, null, "soaking"));
    assertThat(badName.status).isEqualTo(400);
    assertThat(badName.json.getString("detail")).startsWith("subdomain: lower-case letters, digits and '-'");
    Reply notJson = post("/admin/playbooks/catalog/transitions", WRITER, null, null);
    assertThat(notJson.status).isEqualTo(400);
    Reply noStep = post("/admin/playbooks/catalog/approvals", WRITER, null, new JsonObject());
    assertThat(noStep.status).isEqualTo(400);
    assertThat(noStep.json.getJsonArray("problems")).containsExactly("step: the step id to approve, required");
    assertThat(get("/admin/playbooks/catalog?limit=1001", READER).status).isEqualTo(400);
    assertThat(get("/admin/playbooks", READER).json.getJsonArray("playbooks")).as("nothing recorded").isEmpty();
  }

  @Test
  void theReadTokenMayReadButNotRecordAndWithoutATokenNothingIsAnswered() {
    post("/admin/playbooks/catalog/transitions", WRITER, null, transition("started", "shadow", 0, null, "soaking"));

    Reply readOnly = post("/admin/playbooks/catalog/transitions", READER, null, transition("advanced", "canary-5", 1, "shadow", "soaking"));
    assertThat(readOnly.status).isEqualTo(403);
    assertThat(readOnly.contentType).isEqualTo("application/problem+json");
    assertThat(post("/admin/playbooks/catalog/approvals", READER, null, new JsonObject().put("step", "shadow")).status).isEqualTo(403);
    assertThat(get("/admin/playbooks/catalog", READER).json.getString("step")).isEqualTo("shadow");
    assertThat(get("/admin/playbooks", null).status).isEqualTo(401);
    assertThat(get("/admin/playbooks/catalog", null).status).isEqualTo(401);
    assertThat(post("/admin/playbooks/catalog/transitions", null, null, transition("aborted", "shadow", 0, "shadow", "aborted")).status)
        .isEqualTo(401);
  }

  @Test
  void aSubdomainWithoutAPlaybookIsA404Problem() {
    Reply unknown = get("/admin/playbooks/inventory", READER);

    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.contentType).isEqualTo("application/problem+json");
    assertThat(unknown.json.getString("detail")).isEqualTo("subdomain 'inventory' has no playbook state");
  }

  @Test
  void aSecondRunnerIsRefusedTheLeaseNamingTheFirstAndItsTransitionsAreRefusedUntilTheFirstLetsGo() {
    post("/admin/playbooks/catalog/transitions", WRITER, null, transition("started", "shadow", 0, null, "soaking"));
    Reply first = put("/admin/playbooks/catalog/runner", "alice", lease("run-a", 30_000).put("note", "ci-1 (pid 41)"));
    Reply second = put("/admin/playbooks/catalog/runner", "bob", lease("run-b", 30_000));
    Reply renewed = put("/admin/playbooks/catalog/runner", "alice", lease("run-a", 30_000));

    assertThat(first.status).isEqualTo(200);
    assertThat(first.json.getString("change")).isEqualTo("new");
    assertThat(first.json.getString("holder")).isEqualTo("run-a");
    assertThat(first.json.getString("actor")).isEqualTo("alice");
    assertThat(second.status).isEqualTo(409);
    assertThat(second.contentType).isEqualTo("application/problem+json");
    assertThat(second.json.getString("detail")).startsWith("playbook catalog is being run: its runner lease is held by alice (ci-1 (pid 41)) since ")
        .endsWith(" s unless its runner renews it");
    assertThat(renewed.status).isEqualTo(200);
    assertThat(renewed.json.getString("change")).isEqualTo("none");
    assertThat(renewed.json.getString("since")).isEqualTo(first.json.getString("since"));
    assertThat(get("/admin/playbooks/catalog", READER).json.getJsonObject("runner").getString("holder")).isEqualTo("run-a");

    Reply refused = post("/admin/playbooks/catalog/transitions", WRITER, "bob",
        transition("advanced", "canary-5", 1, "shadow", "soaking").put("runner", "run-b"));
    Reply recorded = post("/admin/playbooks/catalog/transitions", WRITER, "alice",
        transition("advanced", "canary-5", 1, "shadow", "soaking").put("runner", "run-a"));
    Reply approved = post("/admin/playbooks/catalog/transitions", WRITER, "carol",
        transition("aborted", "canary-5", 1, "canary-5", "aborted"));

    assertThat(refused.status).isEqualTo(409);
    assertThat(refused.json.getString("detail")).startsWith("this runner no longer holds the playbook's runner lease: it is held by alice");
    assertThat(recorded.status).isEqualTo(201);
    assertThat(approved.status).as("a transition without a runner (a person's) is not the lease's business").isEqualTo(201);
    assertThat(get("/admin/playbooks/catalog", READER).json.getJsonArray("transitions").stream()
        .map(t -> ((JsonObject) t).getString("actor"))).containsExactly("carol", "alice", "admin");

    assertThat(call(HttpMethod.DELETE, "/admin/playbooks/catalog/runner?holder=run-b", WRITER, null, null).status).isEqualTo(409);
    assertThat(call(HttpMethod.DELETE, "/admin/playbooks/catalog/runner?holder=run-a", WRITER, null, null).status).isEqualTo(204);
    assertThat(get("/admin/playbooks/catalog", READER).json.getValue("runner")).isNull();
    assertThat(put("/admin/playbooks/catalog/runner", "bob", lease("run-b", 30_000)).status).isEqualTo(200);
    assertThat(call(HttpMethod.DELETE, "/admin/playbooks/catalog/runner?holder=run-a", WRITER, null, null).status)
        .as("someone else's now").isEqualTo(409);
  }

  @Test
  void aTakeOverReplacesTheHolderAuditedAndTheFormerRunnersTransitionsAreRefused() {
    assertThat(get("/admin/playbooks/orders/runner", READER).status).as("nobody's yet").isEqualTo(404);
    put("/admin/playbooks/orders/runner", "alice", lease("run-a", 30_000).put("note", "ci-1"));
    Reply held = get("/admin/playbooks/orders/runner", READER);
    assertThat(held.status).as("before the playbook has a state too").isEqualTo(200);
    assertThat(held.json.getString("holder")).isEqualTo("run-a");
    assertThat(held.json.getString("note")).isEqualTo("ci-1");
    assertThat(held.json.getLong("expiresInMs")).isBetween(1L, 30_000L);
    LogLines audit = LogLines.audit();
    Reply taken;
    try {
      taken = put("/admin/playbooks/orders/runner", "bob", lease("run-b", 30_000).put("takeOver", true));
    } finally {
      audit.close();
    }

    assertThat(taken.status).isEqualTo(200);
    assertThat(taken.json.getString("change")).isEqualTo("taken-over");
    assertThat(taken.json.getString("actor")).isEqualTo("bob");
    assertThat(audit.lines()).singleElement().satisfies(line -> {
      assertThat(line.getString("action")).isEqualTo("playbook runner lease taken over orders");
      assertThat(line.getString("actor")).isEqualTo("bob");
    });
    assertThat(post("/admin/playbooks/orders/transitions", WRITER, "alice",
        transition("advanced", "canary-5", 1, "shadow", "soaking").put("runner", "run-a")).status).isEqualTo(409);
    assertThat(put("/admin/playbooks/orders/runner", "alice", lease("run-a", 30_000)).status).as("a renewal after a take-over").isEqualTo(409);
  }

  @Test
  void aLeaseNobodyRenewsLapsesAndAnotherRunnerMayTakeIt() {
    assertThat(put("/admin/playbooks/catalog/runner", "alice", lease("run-a", 1_000)).status).isEqualTo(200);
    assertThat(put("/admin/playbooks/catalog/runner", "bob", lease("run-b", 30_000)).status).isEqualTo(409);

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> put("/admin/playbooks/catalog/runner", "bob", lease("run-b", 30_000)).status == 200);

    assertThat(post("/admin/playbooks/catalog/transitions", WRITER, "alice",
        transition("started", "shadow", 0, null, "soaking").put("runner", "run-a")).status).isEqualTo(409);
  }

  @Test
  void aBadLeaseRequestIsA400NamingEachMistake() {
    Reply bad = put("/admin/playbooks/catalog/runner", null, new JsonObject().put("holder", "run a").put("ttlMs", 10)
        .put("takeOver", "yes").put("note", "two\nlines"));

    assertThat(bad.status).isEqualTo(400);
    assertThat(bad.json.getJsonArray("problems")).containsExactly(
        "holder: the runner's id, 1 to 100 letters, digits, '-', '_', '.' or ':', required",
        "ttlMs: milliseconds the lease lasts unless renewed, 1000 to 600000, required",
        "note: one line of up to 200 characters (where the runner runs), or absent",
        "takeOver: true or false, or absent");
    assertThat(call(HttpMethod.DELETE, "/admin/playbooks/catalog/runner", WRITER, null, null).status).isEqualTo(400);
    assertThat(post("/admin/playbooks/catalog/transitions", WRITER, null,
        transition("started", "shadow", 0, null, "soaking").put("runner", 7)).json.getJsonArray("problems"))
        .containsExactly("runner: the runner's id, 1 to 100 letters, digits, '-', '_', '.' or ':', or absent");
    assertThat(call(HttpMethod.PUT, "/admin/playbooks/catalog/runner", READER, null, lease("run-a", 30_000).encode()).status)
        .isEqualTo(403);
  }

  private static JsonObject lease(String holder, long ttlMs) {
    return new JsonObject().put("holder", holder).put("ttlMs", ttlMs);
  }

  private Reply put(String path, String actor, JsonObject body) {
    return call(HttpMethod.PUT, path, WRITER, actor, body.encode());
  }

  private Reply get(String path, String token) {
    return call(HttpMethod.GET, path, token, null, null);
  }

  private Reply post(String path, String token, String actor, JsonObject body) {
    return call(HttpMethod.POST, path, token, actor, body == null ? "not json" : body.encode());
  }

  private Reply call(HttpMethod method, String path, String token, String actor, String body) {
    return OnVertx.await(vertx, () -> {
      RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(proxy.adminPort()).setURI(path);
      if (token != null) {
        options.putHeader("Authorization", "Bearer " + token);
      }
      if (actor != null) {
        options.putHeader("X-Actor", actor);
      }
      if (body != null) {
        options.putHeader("Content-Type", "application/json");
      }
      return client.request(options).compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("Content-Type"),
              b.length() == 0 ? null : b.toJsonObject()))));
    });
  }
}
