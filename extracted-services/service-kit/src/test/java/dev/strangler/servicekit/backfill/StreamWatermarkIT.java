package dev.strangler.servicekit.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.servicekit.events.WireEvents;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** {@link StreamWatermark} on a real Redis stream written as the relay writes it. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class StreamWatermarkIT {

  @Test
  void theWatermarkIsTheLastEntrysSequenceAndZeroWithoutOne(Vertx vertx, RedisNamespace ns) {
    String stream = ns.key("events:product");
    StreamWatermark watermark = new StreamWatermark(Redis.createClient(vertx, ns.endpoint().uri()), stream);
    long missing = OnVertx.await(vertx, watermark::read);
    try (Jedis jedis = ns.endpoint().connect()) {
      jedis.xadd(stream, new StreamEntryID(17, 0), WireEvents.fields(17, "PriceChanged", "Product", "ACME-00001", "{}"));
      jedis.xadd(stream, new StreamEntryID(18, 0), WireEvents.fields(18, "PriceChanged", "Product", "ACME-00002", "{}"));
    }

    long last = OnVertx.await(vertx, watermark::read);

    assertThat(missing).isZero();
    assertThat(last).isEqualTo(18);
  }

  @Test
  void anEntryWithoutAUsableSequenceTellsNothing(Vertx vertx, RedisNamespace ns) {
    String stream = ns.key("events:product");
    try (Jedis jedis = ns.endpoint().connect()) {
      jedis.xadd(stream, new StreamEntryID(5, 0), Map.of("sequence", "five"));
    }

    long read = OnVertx.await(vertx, () -> new StreamWatermark(Redis.createClient(vertx, ns.endpoint().uri()), stream).read());

    assertThat(read).isZero();
  }
}
