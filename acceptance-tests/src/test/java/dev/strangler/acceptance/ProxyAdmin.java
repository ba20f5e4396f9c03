package dev.strangler.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The first proxy's admin API as the tests read it, with the seam's writer token. */
final class ProxyAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> AUTHORIZED = Map.of("Authorization", "Bearer " + Seam.ADMIN_TOKEN);

  private final Http http;
  private final String url;

  ProxyAdmin(Http http, Seam seam) {
    this.http = http;
    this.url = seam.adminUrl();
  }

  /** The JSON answer of {@code GET path}; anything but a 200 fails the test with the answer. */
  JsonNode get(String path) {
    return ok(http.get(url + path, AUTHORIZED), "GET " + path);
  }

  /** The JSON answer of {@code DELETE path}; anything but a 200 fails the test with the answer. */
  JsonNode delete(String path) {
    return ok(http.send("DELETE", url + path, AUTHORIZED, null), "DELETE " + path);
  }

  /** The instances' URLs the proxy routes {@code backend} to now. */
  Set<String> instances(String backend) {
    for (JsonNode found : get("/admin/backends").get("backends")) {
      if (found.get("name").asText().equals(backend)) {
        return StreamSupport.stream(found.get("instances").spliterator(), false)
            .map(i -> i.get("url").asText()).collect(Collectors.toSet());
      }
    }
    throw new AssertionError("no backend " + backend + " in the proxy's /admin/backends");
  }

  private static JsonNode ok(Http.Reply reply, String call) {
    if (reply.status() != 200) {
      throw new AssertionError(call + " answered " + reply.status() + ": " + reply.body());
    }
    try {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException(call + " answered no JSON: " + reply.body(), e);
    }
  }
}
