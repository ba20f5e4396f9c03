package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplayHeadersTest {

    @Test
    void hopByHopHostLengthCookiesRedactedAndProxyHeadersAreNotSentAgain() {
        Map<String, List<String>> captured = new TreeMap<>();
        captured.put("accept", List.of("application/json"));
        captured.put("accept-encoding", List.of("gzip"));
        captured.put("connection", List.of("keep-alive, x-trace"));
        captured.put("x-trace", List.of("abc"));
        captured.put("keep-alive", List.of("timeout=5"));
        captured.put("transfer-encoding", List.of("chunked"));
        captured.put("host", List.of("shop.example"));
        captured.put("content-length", List.of("12"));
        captured.put("cookie", List.of("SESSION=[redacted]"));
        captured.put("authorization", List.of("[redacted]"));
        captured.put("x-strangler-identity", List.of("eyJ"));
        captured.put("x-strangler-route", List.of("catalog-read"));
        captured.put("x-forwarded-for", List.of("10.0.0.1", "10.0.0.2"));

        assertThat(ReplayHeaders.forward(captured)).containsExactly(Map.entry("accept", "application/json"),
                Map.entry("accept-encoding", "gzip"), Map.entry("x-forwarded-for", "10.0.0.1"),
                Map.entry("x-forwarded-for", "10.0.0.2"));
    }

    @Test
    void theCapturedPathAndQueryGoUnderTheBaseUrlsPath() {
        assertThat(SideClient.target(URI.create("http://127.0.0.1:8081"), "/api/products?page=2"))
                .isEqualTo(URI.create("http://127.0.0.1:8081/api/products?page=2"));
        assertThat(SideClient.target(URI.create("http://legacy.local/shop/"), "/api/x"))
                .isEqualTo(URI.create("http://legacy.local/shop/api/x"));
    }

    @Test
    void aSandboxHeaderIsNameColonValue() {
        assertThat(ReplayOptions.SandboxHeader.parse("X-Sandbox: replay 1"))
                .isEqualTo(new ReplayOptions.SandboxHeader("X-Sandbox", "replay 1"));
        assertThatThrownBy(() -> ReplayOptions.SandboxHeader.parse("X-Sandbox")).hasMessageContaining("NAME:VALUE");
        assertThatThrownBy(() -> ReplayOptions.SandboxHeader.parse("bad name:1")).hasMessageContaining("not a header name");
    }
}
