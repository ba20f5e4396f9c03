package dev.strangler.proxy.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.proxy.forward.DebugHeaders;
import dev.strangler.proxy.forward.RoutingDecision;
import dev.strangler.proxy.route.RouteMatch;
import dev.strangler.proxy.route.RouteTableCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficRecorderTest {

  private static final RouteMatch CATALOG = new RouteMatch(RouteTableCodec.parse("""
      apiVersion: strangler/v1
      backends: {legacy: {urls: ["http://127.0.0.1:1"]}, catalog: {urls: ["http://127.0.0.1:2"]}}
      routes:
        - {id: catalog-read, match: {path: /api/products/**}, target: {canary: {backend: catalog, percent: 50}}}
      """).routes().get(0), Map.of(), false);

  private final TrafficRecorder recorder = new TrafficRecorder();

  private static RoutingDecision to(String backend) {
    return new RoutingDecision(1, CATALOG, backend);
  }

  @Test
  void eachRequestCountsOnTheSideTheRoutingChoseWithFiveHundredsAsErrors() {
    recorder.completed(to("legacy"), "legacy", 200, 1_000_000);
    recorder.completed(to("legacy"), "legacy", 503, 1_000_000);
    recorder.completed(to("catalog"), "catalog", 200, 2_000_000);
    recorder.completed(to("catalog"), "catalog", 404, 2_000_000);

    TrafficTally.Delta delta = recorder.drain().get("catalog-read");

    assertThat(delta.requests()).containsExactly(2, 2);
    assertThat(delta.errors()).containsExactly(1, 0);
  }

  @Test
  void aKeptAnswerStandingInForAFailedBackendCountsAsTheBackendsError() {
    var live = new dev.strangler.proxy.table.LiveRouteTable(dev.strangler.proxy.route.RouteTable.compile(1,
        RouteTableCodec.parse("apiVersion: strangler/v1\nbackends: {legacy: {urls: [\"http://127.0.0.1:1\"]}}\nroutes: []\n"), dev.strangler.proxy.route.RestrictedAddresses.NONE,
        dev.strangler.proxy.route.SessionSupport.OFF), dev.strangler.proxy.route.RestrictedAddresses.NONE,
        dev.strangler.proxy.route.SessionSupport.OFF);
    var requests = new dev.strangler.proxy.observe.RequestRecorder(new dev.strangler.proxy.observe.ProxyMetrics(live), recorder, false);

    requests.completed(new dev.strangler.proxy.forward.CompletedRequest(to("catalog"), "catalog", "r-1", "GET",
        "/api/products/A", null, 200, 503, 1_000_000, null));

    assertThat(recorder.drain().get("catalog-read").errors()).containsExactly(0, 1);
  }

  @Test
  void aFallbackToTheMonolithIsAnExtractedRequestAndAnError() {
    recorder.completed(to("catalog"), "legacy", 200, 1_000_000);

    TrafficTally.Delta delta = recorder.drain().get("catalog-read");

    assertThat(delta.requests()).containsExactly(0, 1);
    assertThat(delta.errors()).containsExactly(0, 1);
  }

  @Test
  void whatTheProxyAnsweredItselfIsNotCounted() {
    recorder.completed(to("catalog"), DebugHeaders.SELF, 429, 1_000);
    recorder.completed(to(null), DebugHeaders.SELF, 410, 1_000);
    TrafficRecorder.NONE.completed(to("legacy"), "legacy", 200, 1_000);

    assertThat(recorder.drain()).isEmpty();
    assertThat(TrafficRecorder.NONE.drain()).isEmpty();
  }

  @Test
  void whatAFlushCouldNotSendIsCountedAgainInTheNext() {
    recorder.completed(to("legacy"), "legacy", 200, 1_000_000);
    Map<String, TrafficTally.Delta> unsent = recorder.drain();
    recorder.completed(to("legacy"), "legacy", 500, 1_000_000);

    recorder.notSent(unsent);
    TrafficTally.Delta next = recorder.drain().get("catalog-read");

    assertThat(next.requests()).containsExactly(2, 0);
    assertThat(next.errors()).containsExactly(1, 0);
    assertThat(next.firstMillis()).as("the earlier first request").isEqualTo(unsent.get("catalog-read").firstMillis()).isPositive();
    assertThat(next.latency()[0]).as("both latencies kept").satisfies(b -> assertThat(java.util.Arrays.stream(b).sum()).isEqualTo(2));
    assertThat(recorder.drain()).isEmpty();
  }
}
