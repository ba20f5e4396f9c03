package dev.strangler.proxy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.strangler.proxy.route.RestrictedAddresses;
import dev.strangler.proxy.route.RouteTable;
import dev.strangler.redis.vertx.RedisClientOptions;
import dev.strangler.testsupport.RedisSentinels;
import dev.strangler.testsupport.RedisWithAcl;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy under its least-privilege user of ops/redis/users.acl: its route table works, other components' keys don't. */
@ExtendWith(VertxExtension.class)
class ProxyAclIT {

  private static final Path USERS = Path.of("../ops/redis/users.acl");
  private static final RouteTableFollower.Options FAST =
      new RouteTableFollower.Options(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));

  @Test
  void theProxyUserPublishesAndFollowsTheRouteTableAndIsRefusedOutsideItsKeys(Vertx vertx) {
    try (RedisWithAcl server = RedisWithAcl.start(USERS)) {
      String url = server.url("strangler-proxy", "proxy-change-me");
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(url));
      RedisRouteStore store = new RedisRouteStore(redis, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
          RestrictedAddresses.NONE);
      new RouteTableFollower(vertx, redis, store, live, "a", FAST, Clock.systemUTC()).start().await();

      long epoch = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

      await().atMost(Duration.ofSeconds(3)).until(() -> live.current().epoch() == epoch);
      assertThat(redis.send(Request.cmd(Command.SET).arg("strangler:ratelimit:probe").arg("1")).await()).hasToString("OK");
      assertThat(redis.send(Request.cmd(Command.XREVRANGE).arg("strangler:events:product").arg("+").arg("-")).await()).isEmpty();
      for (Request outside : new Request[] {
          Request.cmd(Command.SET).arg("strangler:relay:outbox-relay:lease").arg("me"),
          Request.cmd(Command.XADD).arg("strangler:events:product").arg("*").arg("forged").arg("1"),
          Request.cmd(Command.GET).arg("catalog:product:ACME-1"),
          Request.cmd(Command.FLUSHALL)}) {
        assertThat(catchThrowable(() -> redis.send(outside).await())).as(outside.command().toString()).hasMessageStartingWith("NOPERM");
      }
    }
  }

  @Test
  void theProxyUserFollowsTheRouteTableThroughSentinelsThatKnowIt(Vertx vertx) {
    try (RedisSentinels sentinels = RedisSentinels.startWithAcl(USERS)) {
      String url = sentinels.url().replace("redis-sentinel://", "redis-sentinel://strangler-proxy:proxy-change-me@");
      Redis redis = Redis.createClient(vertx, RedisClientOptions.of(url));
      RedisRouteStore store = new RedisRouteStore(redis, RouteStoreKeys.defaults(), Duration.ofSeconds(2), Clock.systemUTC());
      LiveRouteTable live = new LiveRouteTable(RouteTable.compile(0, Tables.catalogAt("legacy"), RestrictedAddresses.NONE),
          RestrictedAddresses.NONE);
      new RouteTableFollower(vertx, redis, store, live, "a", FAST, Clock.systemUTC()).start().await();

      long epoch = store.publishNext(Tables.catalogAt("{extracted: catalog}"), "alice", "flip").await().epoch();

      await().atMost(Duration.ofSeconds(3)).until(() -> live.current().epoch() == epoch);
      assertThat(catchThrowable(() -> redis.send(Request.cmd(Command.GET).arg("catalog:product:ACME-1")).await()))
          .hasMessageStartingWith("NOPERM");
    }
  }
}
