package dev.strangler.relay;

import dev.strangler.testsupport.RedisNamespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import redis.clients.jedis.UnifiedJedis;

/** Relays a test starts, with quick test timings, all stopped at the end. */
final class Relays implements AutoCloseable {

  private final List<OutboxRelay> started = new ArrayList<>();

  /** Defaults with the test's key prefix and timings fit for a test: poll 50 ms, lease 2 s renewed every 200 ms, gap grace 200 ms. */
  static RelayOptions.Builder options(RedisNamespace namespace, String instanceId) {
    return RelayOptions.defaults().toBuilder().keyPrefix(namespace.prefix()).instanceId(instanceId)
        .pollInterval(Duration.ofMillis(50)).leaseTtl(Duration.ofSeconds(2)).leaseRenewInterval(Duration.ofMillis(200))
        .gapGrace(Duration.ofMillis(200)).trimInterval(Duration.ofMillis(100)).notifyChannel(null);
  }

  OutboxRelay start(RelayOptions options, DataSource dataSource, UnifiedJedis redis) {
    return start(options, dataSource, redis, RelayHooks.NONE);
  }

  OutboxRelay start(RelayOptions options, DataSource dataSource, UnifiedJedis redis, RelayHooks hooks) {
    MeterRegistry registry = new SimpleMeterRegistry();
    OutboxRelay relay = new OutboxRelay(options, dataSource, redis, registry, hooks, Clock.systemUTC());
    started.add(relay);
    return relay.start();
  }

  static double meter(OutboxRelay relay, String name) {
    MeterRegistry registry = relay.metrics().registry();
    var counter = registry.find(name).counter();
    if (counter != null) {
      return counter.count();
    }
    var gauge = registry.find(name).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  @Override
  public void close() throws InterruptedException {
    for (OutboxRelay relay : started) {
      relay.close();
    }
  }
}
