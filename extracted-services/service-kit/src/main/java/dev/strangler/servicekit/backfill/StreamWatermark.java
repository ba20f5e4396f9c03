package dev.strangler.servicekit.backfill;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Objects;

/**
 * How far the relay has published on one stream (e.g. {@code strangler:events:product}): the {@code sequence}
 * of its last entry, or 0 when there is none. Backfills version each page they read by it: a snapshot read from
 * the monolith after this was read holds every event up to it, as the relay publishes committed events only,
 * in sequence order (the stream's explicit IDs enforce it). 0 is always safe: it only lets events win over the
 * snapshot.
 */
public final class StreamWatermark {

  private final Redis redis;
  private final String stream;

  public StreamWatermark(Redis redis, String stream) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.stream = Objects.requireNonNull(stream, "stream == null");
  }

  /** A watermark for a backfill without events: always 0. */
  public static Future<Long> none() {
    return Future.succeededFuture(0L);
  }

  public Future<Long> read() {
    return redis.send(Request.cmd(Command.XREVRANGE).arg(stream).arg("+").arg("-").arg("COUNT").arg(1))
        .map(StreamWatermark::lastSequence);
  }

  private static long lastSequence(Response entries) {
    if (entries == null || entries.size() == 0) {
      return 0;
    }
    Response fields = entries.get(0).get(1);
    if (fields.isMap()) {
      return fields.get("sequence") == null ? 0 : parse(fields.get("sequence").toString());
    }
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if ("sequence".equals(fields.get(i).toString())) {
        return parse(fields.get(i + 1).toString());
      }
    }
    return 0;
  }

  /** An entry that is not an event (no usable sequence) tells nothing: 0. */
  private static long parse(String sequence) {
    try {
      return Long.parseLong(sequence);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
