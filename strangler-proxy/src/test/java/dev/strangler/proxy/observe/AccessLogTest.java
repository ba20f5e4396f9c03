package dev.strangler.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void aLineIsOneJsonObjectWithEveryField() {
    JsonObject line = new JsonObject(new AccessLog.Entry("r-1", "192.0.2.7", "GET", "/a/b", "catalog", "catalog-service", 7, 200, 200, 1.23456, null)
        .encode());
    assertThat(line.getMap()).containsOnlyKeys("requestId", "client", "method", "path", "route", "backend", "epoch", "status", "ms");
    assertThat(line.getString("requestId")).isEqualTo("r-1");
    assertThat(line.getString("client")).isEqualTo("192.0.2.7");
    assertThat(line.getString("route")).isEqualTo("catalog");
    assertThat(line.getLong("epoch")).isEqualTo(7);
    assertThat(line.getInteger("status")).isEqualTo(200);
    assertThat(line.getDouble("ms")).isEqualTo(1.23);
  }

  @Test
  void textIsEscapedAndAbsentValuesAreNull() {
    String path = "/q\"uo\\te/\u0001\u00e9";
    JsonObject line = new JsonObject(new AccessLog.Entry("r-2", null, "POST", path, null, null, 0, 503, 503, 0.5, "in-flight").encode());
    assertThat(line.getString("path")).isEqualTo(path);
    assertThat(line.containsKey("route")).isTrue();
    assertThat(line.getString("route")).isNull();
    assertThat(line.getString("shed")).isEqualTo("in-flight");
  }

  @Test
  void aStandInSaysWhatTheBackendAnsweredBesideWhatTheClientGot() {
    JsonObject line = new JsonObject(new AccessLog.Entry("r-3", "192.0.2.7", "GET", "/a", "catalog", "catalog-service", 7,
        200, 503, 2.0, null).encode());

    assertThat(line.getInteger("status")).isEqualTo(200);
    assertThat(line.getInteger("backendStatus")).isEqualTo(503);
  }
}
