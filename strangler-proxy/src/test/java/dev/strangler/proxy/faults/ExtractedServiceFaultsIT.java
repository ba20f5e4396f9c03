package dev.strangler.proxy.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.ProxyOnLoopback;
import dev.strangler.proxy.forward.DebugHeaders;
import dev.strangler.proxy.session.SessionProxy;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import dev.strangler.testsupport.faults.FaultProxy;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Eight clients read through a real proxy from a fallback route while its extracted service, behind a fault proxy, is
 * killed, stopped, slow and resetting: every answer a client gets is its own and whole, and no connection that failed
 * carries another answer. Killed, stopped, slow, reset before its answer started or reset part way through its body, the
 * service is stood in for by the monolith with no failure: the route's answers (at most 32 KiB here) are held in the proxy
 * until their body has ended, so one cut part way has reached nobody (answers past the hold bound stream and can only be
 * cut: {@code HeldAnswerIT}).
 */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class ExtractedServiceFaultsIT {

  private static final Logger LOG = LoggerFactory.getLogger(ExtractedServiceFaultsIT.class);
  private static final int CLIENTS = 8;
  private static final Duration PHASE = Duration.ofSeconds(3);
  private static final Duration ROUTE_RESPONSE_TIMEOUT = Duration.ofSeconds(1); // generous: the test machine is shared and often loaded
  private static final int MIN_SIZE = 1_000;
  private static final int MAX_SIZE = 32 * 1024;

  private IdentifyingBackend legacy;
  private IdentifyingBackend catalog;
  private FaultProxy faults;
  private ProxyOnLoopback proxy;
  private LoadClients clients;
  private final List<PhaseFigures> figures = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx, RedisNamespace ns) {
    legacy = IdentifyingBackend.start(vertx, "legacy");
    catalog = IdentifyingBackend.start(vertx, "catalog");
    faults = FaultProxy.to(catalog.port());
    proxy = ProxyOnLoopback.start(vertx, """
        apiVersion: strangler/v1
        backends:
          legacy: {urls: ["http://127.0.0.1:%d"]}
          catalog: {urls: ["http://127.0.0.1:%d"]}
        routes:
          - id: items
            match: {path: /api/items/**, methods: [GET]}
            target: {extracted: catalog}
            fallbackToLegacy: true
            timeouts: {response: %dms}
        """.formatted(legacy.port(), faults.port(), ROUTE_RESPONSE_TIMEOUT.toMillis()), null, null,
        // Extracted backends are owed a signed identity: a proxy routing to one must be able to sign it.
        SessionProxy.options(ns), 0);
    clients = new LoadClients(vertx, proxy.port(), CLIENTS);
  }

  @AfterEach
  void stop() {
    figures.forEach(f -> LOG.info("figures {}", f));
    clients.close();
    faults.close();
  }

  @Test
  void killedStoppedSlowOrCuttingItsAnswersTheServiceIsStoodInForAndNoAnswerIsMixedOrPassedOffAsWhole() {
    awaitCatalogServesAgain(); // the first request through a cold proxy takes seconds on a loaded machine: not a phase's
    PhaseFigures healthy = phase("healthy");
    assertThat(healthy.failures()).isEmpty();
    assertThat(healthy.servedBy()).containsKey("catalog");

    faults.down().dropExisting();
    PhaseFigures down = phase("down");
    faults.clear();
    awaitCatalogServesAgain();

    catalog.stop();
    PhaseFigures stopped = phase("stopped");
    catalog.restart();
    awaitCatalogServesAgain();

    faults.latency(Duration.ZERO, ROUTE_RESPONSE_TIMEOUT.multipliedBy(2));
    PhaseFigures slow = phase("slow");
    faults.clear().dropExisting();
    awaitCatalogServesAgain();

    faults.resetAfter(20).dropExisting(); // inside the status line: nothing reached the client yet
    PhaseFigures resetBeforeAnswer = phase("reset-before-answer");
    faults.clear().dropExisting();
    awaitCatalogServesAgain();

    faults.resetAfter(600).dropExisting(); // past the headers, inside every body (at least 1000 bytes)
    PhaseFigures resetMidBody = phase("reset-mid-body");
    faults.clear().dropExisting();
    awaitCatalogServesAgain();

    PhaseFigures recovered = phase("recovered");

    for (PhaseFigures phase : List.of(down, stopped, slow, resetBeforeAnswer, resetMidBody)) {
      assertThat(phase.failures()).as(phase.phase()).isEmpty();
      assertThat(phase.servedBy()).as(phase.phase()).containsOnlyKeys("legacy");
      // The proxy counts a fallback once it has written the answer, which may be just after the client read it.
      assertThat(phase.fallbacks()).as(phase.phase()).isCloseTo(phase.requests(), within((long) CLIENTS));
    }
    assertThat(recovered.failures()).isEmpty();
    assertThat(recovered.servedBy()).containsKey("catalog");
    for (PhaseFigures phase : figures) {
      assertThat(phase.violations()).as(phase.phase()).isEmpty();
      assertThat(phase.requests()).as(phase.phase()).isGreaterThan(CLIENTS);
    }
  }

  /** Between phases: the fault is gone once the extracted side answers again (its breaker closed, nothing ejected). */
  private void awaitCatalogServesAgain() {
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
        () -> "catalog".equals(proxy.get("/api/items/probe?size=100").header(DebugHeaders.BACKEND)));
    LOG.info("the extracted side answered again after {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  private PhaseFigures phase(String name) {
    double fallbacksBefore = fallbacks();
    PhaseFigures phase = clients.run(name, PHASE, MIN_SIZE, MAX_SIZE).withFallbacks((long) (fallbacks() - fallbacksBefore));
    figures.add(phase);
    return phase;
  }

  private double fallbacks() {
    return proxy.metrics().registry().find("strangler_fallbacks").counters().stream().mapToDouble(Counter::count).sum();
  }
}
