package dev.strangler.servicekit.redis;

import dev.strangler.redis.vertx.BoundedRedis;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.redis.vertx.SwitchingRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;

/**
 * A service's Redis client: the deployment its URL describes (standalone, Sentinel or Cluster, see
 * {@link dev.strangler.redis.RedisDeployment}), every call failing after {@link #DEFAULT_COMMAND_TIMEOUT} instead of
 * waiting for ever on a master that vanished.
 */
public final class ServiceRedis {

  /**
   * A call not answered within this fails. Longer than the proxy's 2 s: a backfill page's writes queue behind the pool,
   * and the timeout counts from the moment a call is made.
   */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private ServiceRedis() {}

  public static Redis create(Vertx vertx, String url) {
    return create(vertx, RedisClientOptions.of(url));
  }

  /** With options of the caller's, built from {@link RedisClientOptions#of(String)} (a pool size, a pool name). */
  public static Redis create(Vertx vertx, RedisOptions options) {
    return BoundedRedis.wrap(SwitchingRedis.create(vertx, options), DEFAULT_COMMAND_TIMEOUT);
  }
}
