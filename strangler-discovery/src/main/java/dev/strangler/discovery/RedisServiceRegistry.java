package dev.strangler.discovery;

import dev.strangler.redis.vertx.BoundedRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.types.HttpEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery in Redis: records through vertx-service-discovery's Redis backend, liveness through a
 * sorted set of heartbeats of our own (the backend has no TTL). A lookup returns only instances
 * heard from within the expiry and unpublishes the ones long gone, so a killed instance
 * disappears within {@code expiry} without anyone cleaning up after it.
 */
public final class RedisServiceRegistry implements ServiceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RedisServiceRegistry.class);
  /** Every Redis call of the registry (the backend's included) fails after this long without an answer. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final DiscoveryOptions options;
  private final ServiceDiscovery discovery;
  private final BoundedRedis redis;
  private final Map<String, Long> heartbeats = new ConcurrentHashMap<>();

  public RedisServiceRegistry(Vertx vertx, DiscoveryOptions options) {
    this.vertx = vertx;
    this.options = options;
    RedisOptions redisOptions = RedisClientOptions.of(options.redisUrl());
    // The backend builds its client from this JSON (RedisOptions' own form): the same deployment, Sentinel included.
    this.discovery = ServiceDiscovery.create(vertx, new ServiceDiscoveryOptions().setBackendConfiguration(redisOptions.toJson()
        .put("key", options.recordsKey())));
    this.redis = BoundedRedis.wrap(SwitchingRedis.create(vertx, redisOptions), DEFAULT_COMMAND_TIMEOUT);
  }

  @Override
  public Future<ServiceInstance> register(String name, String host, int port, String version) {
    var record = HttpEndpoint.createRecord(name, host, port, "/", new JsonObject().put("version", version));
    return bounded(discovery.publish(record)).compose(published -> {
      String id = published.getRegistration();
      return beat(id).map(v -> {
        heartbeats.put(id, vertx.setPeriodic(options.heartbeatInterval().toMillis(), t -> beat(id)));
        LOG.info("registered {} at {}:{} as {}", name, host, port, id);
        return new ServiceInstance(id, name, host, port, false, version);
      });
    });
  }

  @Override
  public Future<Void> unregister(ServiceInstance instance) {
    Long timer = heartbeats.remove(instance.registration());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    return forget(instance.registration());
  }

  @Override
  public Future<List<ServiceInstance>> lookup(String name) {
    return bounded(discovery.getRecords(r -> name.equals(r.getName()) && HttpEndpoint.TYPE.equals(r.getType()))).compose(records -> {
      if (records.isEmpty()) {
        return Future.succeededFuture(List.<ServiceInstance>of());
      }
      Request scores = Request.cmd(Command.ZMSCORE).arg(options.heartbeatsKey());
      records.forEach(r -> scores.arg(r.getRegistration()));
      return send(scores).map(reply -> {
        long now = System.currentTimeMillis();
        List<ServiceInstance> live = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
          var record = records.get(i);
          Response score = reply.get(i);
          long last = score == null ? 0 : (long) Double.parseDouble(score.toString());
          if (now - last <= options.expiry().toMillis()) {
            JsonObject location = record.getLocation();
            live.add(new ServiceInstance(record.getRegistration(), record.getName(), location.getString("host"),
                location.getInteger("port"), location.getBoolean("ssl", false), record.getMetadata().getString("version")));
          } else if (now - last > 2 * options.expiry().toMillis()) {
            forget(record.getRegistration()); // long gone: tidy up for everyone, best effort
          }
        }
        return live;
      });
    });
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> pending = new ArrayList<>();
    for (String id : List.copyOf(heartbeats.keySet())) {
      vertx.cancelTimer(heartbeats.remove(id));
      pending.add(forget(id));
    }
    // Best effort: an instance left registered disappears within the expiry anyway (its heartbeats have stopped). A close
    // racing a master switch, or with Redis gone, still completes and releases the clients.
    return Future.join(pending).<Void>mapEmpty().recover(e -> {
      LOG.warn("closing: {} registration(s) could not be removed ({}); they expire within {} ms", pending.stream()
          .filter(Future::failed).count(), e.getMessage(), options.expiry().toMillis());
      return Future.succeededFuture();
    }).eventually(() -> {
      discovery.close();
      redis.close();
      return Future.succeededFuture();
    });
  }

  private Future<Void> beat(String id) {
    return send(Request.cmd(Command.ZADD).arg(options.heartbeatsKey()).arg(System.currentTimeMillis()).arg(id))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("heartbeat for {} failed: {}", id, e.getMessage()));
  }

  private Future<Void> forget(String id) {
    return bounded(discovery.unpublish(id)).recover(e -> Future.succeededFuture())
        .compose(v -> send(Request.cmd(Command.ZREM).arg(options.heartbeatsKey()).arg(id)))
        .<Void>mapEmpty();
  }

  private Future<Response> send(Request request) {
    return redis.send(request);
  }

  /** The backend's calls have no timeout of their own. */
  private static <T> Future<T> bounded(Future<T> call) {
    return BoundedRedis.bounded(call, DEFAULT_COMMAND_TIMEOUT);
  }
}
