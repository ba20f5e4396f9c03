package dev.strangler.catalog.readmodel;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The scratch keys of one query: each expires by itself, and all are deleted when the query is done. */
final class Temps {

  /** Long enough for any one query; only matters when a process dies mid-query. */
  static final long TTL_MS = 30_000;

  private final ReadModelKeys keys;
  private final String id = UUID.randomUUID().toString();
  private final List<String> created = new ArrayList<>();

  Temps(ReadModelKeys keys) {
    this.keys = keys;
  }

  synchronized String next() {
    String key = keys.temp(id + ":" + created.size());
    created.add(key);
    return key;
  }

  static Request expire(String key) {
    return Request.cmd(Command.PEXPIRE).arg(key).arg(TTL_MS);
  }

  synchronized Future<Void> release(Redis redis) {
    if (created.isEmpty()) {
      return Future.succeededFuture();
    }
    Request del = Request.cmd(Command.DEL);
    created.forEach(del::arg);
    return redis.send(del).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
