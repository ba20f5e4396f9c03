package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopClient;
import com.acme.shop.ShopIntegrationBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The actuator's Prometheus endpoint, which compose's Prometheus scrapes: JVM and HTTP server metrics in text format. */
class PrometheusMetricsIT extends ShopIntegrationBase {

    @Test
    void prometheusEndpointAnswersWithJvmAndHttpServerMetrics() throws IOException, InterruptedException {
        ShopClient client = newClient();
        assertThat(client.get("/api/categories").status()).isEqualTo(200);

        HttpResponse<String> metrics = scrape();

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE jvm_memory_used_bytes gauge", "jvm_threads_live_threads")
                .containsPattern("(?m)^http_server_requests_seconds_count\\{.*uri=\"/api/categories\".*} \\d+");
    }

    @Test
    void healthStaysExposedBesideIt() {
        assertThat(newClient().get("/actuator/health").status()).isEqualTo(200);
    }

    /** As Prometheus asks: the text exposition format (the endpoint refuses JSON with 406). */
    private HttpResponse<String> scrape() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
