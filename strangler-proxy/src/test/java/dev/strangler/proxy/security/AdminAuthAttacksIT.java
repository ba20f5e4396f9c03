package dev.strangler.proxy.security;

import static dev.strangler.proxy.security.ProxyWithAdmin.READER;
import static dev.strangler.proxy.security.ProxyWithAdmin.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin API's own door: no token, a wrong one, a read-only one on a change, and a browser on another site posting a
 * "simple" request (no CORS preflight) with whatever ambient credential it has. None of them changes anything: the epoch
 * stays, the audit log stays silent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthAttacksIT {

  private static final String FLIP = "/admin/routes/products/flip";
  private static final String FLIP_BODY = "{\"target\":{\"extracted\":\"admin-only-backend\"}}";

  private static final String[] SIMPLE_TYPES = {"text/plain", "text/plain;charset=UTF-8", "text/plain; application/json",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null};

  private ProxyWithAdmin proxy;
  private long epoch;

  @BeforeAll
  void start() {
    proxy = ProxyWithAdmin.startAlone("admin-auth-attacks", Map.of());
    epoch = proxy.epoch();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(proxy.epoch()).as("route table epoch").isEqualTo(epoch);
    assertThat(proxy.audit.lines()).as("audit log").hasSize(1); // the fixture's own table
  }

  @AfterAll
  void stop() {
    proxy.close();
  }

  @Test
  void aChangeWithoutATokenIsRefusedWithABearerChallenge() {
    ProxyWithAdmin.Reply reply = proxy.admin(HttpMethod.POST, FLIP, headers("Content-Type", "application/json"), FLIP_BODY);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.headers().get("WWW-Authenticate")).startsWith("Bearer");
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
  }

  static Stream<Arguments> wrongCredentials() {
    String lastCharChanged = WRITER.substring(0, WRITER.length() - 1) + "X";
    return Stream.of(
        Arguments.of("same length, last character changed", "Authorization", "Bearer " + lastCharChanged),
        Arguments.of("the right token as a prefix", "Authorization", "Bearer " + WRITER.substring(0, 10)),
        Arguments.of("the right token with a suffix", "Authorization", "Bearer " + WRITER + "0"),
        Arguments.of("the token as a Basic password", "Authorization",
            "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + WRITER).getBytes())),
        Arguments.of("the token without a scheme", "Authorization", WRITER),
        Arguments.of("the token in a cookie", "Cookie", "token=" + WRITER + "; Authorization=Bearer%20" + WRITER),
        Arguments.of("the token in X-Api-Key", "X-Api-Key", WRITER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongCredentials")
  void aWrongOrMisplacedTokenIsRefused(String attack, String header, String value) {
    ProxyWithAdmin.Reply reply = proxy.admin(HttpMethod.POST, FLIP + "?access_token=" + WRITER,
        headers(header, value, "Content-Type", "application/json"), FLIP_BODY);

    assertThat(reply.status()).isEqualTo(401);
  }

  @Test
  void aReadOnlyTokenMayNotChangeAnythingOnAnyAdminEndpoint() {
    MultiMap reader = headers("Authorization", "Bearer " + READER, "Content-Type", "application/json");

    assertThat(proxy.admin(HttpMethod.POST, FLIP, reader, FLIP_BODY).status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.PUT, "/admin/routes", reader, "{}").status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.POST, "/admin/rollback", reader, "{\"epoch\":1}").status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.DELETE, "/admin/shadow/products", reader, null).status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.DELETE, "/admin/traffic/products", reader, null).status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.DELETE, "/admin/capture", reader, null).status()).isEqualTo(403);
    assertThat(proxy.admin(HttpMethod.POST, "/admin/playbooks/catalog/approvals", reader, "{}").status()).isEqualTo(403);
  }

  /** The content types a browser may send cross-site without a preflight (Fetch's CORS-safelisted ones), and none. */
  static Stream<Arguments> simpleTypes() {
    return Stream.of(SIMPLE_TYPES).map(type -> Arguments.of((Object) type));
  }

  static Stream<Arguments> simpleRequests() {
    String[][] credentials = {{"none", null, null}, {"token in a cookie", "Cookie", "admin_token=" + WRITER},
        {"token as Basic credentials", "Authorization",
            "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + WRITER).getBytes())}};
    return Stream.of(SIMPLE_TYPES).flatMap(type -> Stream.of(credentials).map(c -> Arguments.of(type, c[0], c[1], c[2])));
  }

  @ParameterizedTest(name = "Content-Type {0}, {1}")
  @MethodSource("simpleRequests")
  void aCrossSiteSimplePostWithAmbientCredentialsIsRefused(String type, String credential, String header, String value) {
    MultiMap headers = headers("Origin", "https://evil.example", "Referer", "https://evil.example/");
    if (type != null) {
      headers.add("Content-Type", type);
    }
    if (header != null) {
      headers.add(header, value);
    }

    ProxyWithAdmin.Reply flip = proxy.admin(HttpMethod.POST, FLIP, headers, FLIP_BODY);
    ProxyWithAdmin.Reply rollback = proxy.admin(HttpMethod.POST, "/admin/rollback", headers, "{\"epoch\":1}");

    assertThat(flip.status()).isEqualTo(401);
    assertThat(rollback.status()).isEqualTo(401);
    assertThat(flip.headers().get("Access-Control-Allow-Origin")).isNull();
  }

  @ParameterizedTest(name = "Content-Type {0}")
  @MethodSource("simpleTypes")
  void aChangeWithTheRightTokenButNotSentAsJsonIsRefusedAs415(String type) {
    MultiMap headers = headers("Authorization", "Bearer " + WRITER);
    if (type != null) {
      headers.add("Content-Type", type);
    }

    ProxyWithAdmin.Reply flip = proxy.admin(HttpMethod.POST, FLIP, headers, FLIP_BODY);
    ProxyWithAdmin.Reply replace = proxy.admin(HttpMethod.PUT, "/admin/routes", headers, "{}");

    assertThat(flip.status()).isEqualTo(415);
    assertThat(flip.headers().get("Content-Type")).isEqualTo("application/problem+json");
    assertThat(flip.json().getString("detail")).contains("application/json");
    assertThat(replace.status()).isEqualTo(415);
  }

  @Test
  void aCorsPreflightIsNeverGranted() {
    ProxyWithAdmin.Reply reply = proxy.admin(HttpMethod.OPTIONS, FLIP, headers("Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type"), null);

    assertThat(reply.status()).isGreaterThanOrEqualTo(400);
    assertThat(reply.headers().get("Access-Control-Allow-Origin")).isNull();
    assertThat(reply.headers().get("Access-Control-Allow-Headers")).isNull();
  }

  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }
}
