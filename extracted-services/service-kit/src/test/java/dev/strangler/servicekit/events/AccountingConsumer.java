package dev.strangler.servicekit.events;

import dev.strangler.servicekit.config.EnvReader;
import dev.strangler.servicekit.config.InvalidConfigException;
import dev.strangler.servicekit.redis.LuaScript;
import dev.strangler.servicekit.redis.ServiceRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test program for fault tests: consumes event streams with the library and, per applied event,
 * atomically counts it for its aggregate and records the aggregate's last sequence; a duplicate or an
 * out-of-order application is written to a list. Everything is checkable from Redis, under the prefix:
 *
 * <ul>
 *   <li>{@code applied} hash: {@code <aggregateType>:<aggregateId>} → events applied</li>
 *   <li>{@code last} hash: aggregate → last applied sequence; {@code total}: events applied</li>
 *   <li>{@code violations} list: {@code duplicate <eventId> <aggregate> <seq>}, {@code out-of-order <aggregate> <seq> after <last>}
 *       — must stay empty</li>
 *   <li>{@code skipped} set: {@code <stream> <entryId>} of the entries the guard refused (already applied, or superseded
 *       by a later event of the aggregate applied first by another consumer); not atomic with anything, for explaining counts</li>
 *   <li>{@code seen} set of event ids; {@code guard:<group>:<type>:<id>} the library's guards;
 *       {@code ready:<consumer>} the pid, set when reading has started</li>
 * </ul>
 *
 * <p>Settings: {@code ACCOUNTING_REDIS_URL} (the streams, any URL of the shared syntax; default {@value #DEFAULT_REDIS_URL}),
 * {@code ACCOUNTING_EFFECTS_REDIS_URL} (where the effects, guards and counts above live; default the streams' Redis: another
 * one keeps what was applied on a primary a failover then lost), {@code ACCOUNTING_KEY_PREFIX} (required),
 * {@code ACCOUNTING_STREAMS} (comma-separated, required), {@code ACCOUNTING_GROUP} (default {@value #DEFAULT_GROUP}),
 * {@code ACCOUNTING_CONSUMER} (default host-pid; keep one name across restarts), {@code ACCOUNTING_CLAIM_MIN_IDLE_MS}
 * (default 2000), {@code ACCOUNTING_HANDLE_DELAY_MS} (a slow handler, default 0), {@code ACCOUNTING_START_FROM}
 * ({@code beginning} or {@code new}). It logs {@value #READY} when reading; SIGTERM stops it gracefully.
 */
public final class AccountingConsumer {

  public static final String READY = "accounting consumer ready";
  public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
  public static final String DEFAULT_GROUP = "accounting";
  public static final Duration DEFAULT_CLAIM_MIN_IDLE = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(AccountingConsumer.class);
  private static final LuaScript EFFECT = LuaScript.load(AccountingConsumer.class, "accounting.lua");

  private AccountingConsumer() {}

  /** The handler: one counted application per event, checked for duplicates and order; {@code delay} simulates slow work. */
  public static EventHandler handler(String prefix, Duration delay) {
    return event -> {
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis()); // a test program's slow handler, on purpose
      }
      return EventEffect.script(EFFECT, List.of(prefix, event.aggregateType() + ":" + event.aggregateId(),
          Long.toString(event.sequence()), event.eventId()));
    };
  }

  /** The options the program runs with, from its environment. */
  static EventConsumerOptions options(EnvReader env, String prefix) {
    String streams = env.string("ACCOUNTING_STREAMS", "");
    env.require(!streams.isBlank(), "ACCOUNTING_STREAMS is required (comma-separated stream keys)");
    String from = env.string("ACCOUNTING_START_FROM", "beginning");
    env.require(from.equals("beginning") || from.equals("new"), "ACCOUNTING_START_FROM must be beginning or new");
    int minIdle = env.integer("ACCOUNTING_CLAIM_MIN_IDLE_MS", (int) DEFAULT_CLAIM_MIN_IDLE.toMillis(), 1, 3_600_000);
    return EventConsumerOptions.of(env.string("ACCOUNTING_GROUP", DEFAULT_GROUP),
            Arrays.stream(streams.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .withConsumer(env.string("ACCOUNTING_CONSUMER", EventConsumerOptions.defaultConsumerName()))
        .withStartFrom(from.equals("new") ? EventConsumerOptions.StartFrom.NEW : EventConsumerOptions.StartFrom.BEGINNING)
        .withGuardPrefix(prefix + "guard:")
        .withClaim(Duration.ofMillis(minIdle), Duration.ofMillis(Math.max(100, minIdle / 2)));
  }

  public static void main(String[] args) {
    EnvReader env = new EnvReader(System.getenv());
    String url = env.redisUrl("ACCOUNTING_REDIS_URL", DEFAULT_REDIS_URL);
    String effectsUrl = env.redisUrl("ACCOUNTING_EFFECTS_REDIS_URL", url);
    String prefix = env.string("ACCOUNTING_KEY_PREFIX", "");
    env.require(prefix.endsWith(":"), "ACCOUNTING_KEY_PREFIX is required and must end with ':'");
    EventConsumerOptions options;
    Duration delay;
    try {
      options = options(env, prefix);
      delay = Duration.ofMillis(env.integer("ACCOUNTING_HANDLE_DELAY_MS", 0, 0, 60_000));
      env.validate();
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> LOG.error("config: {}", p));
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Redis streams = ServiceRedis.create(vertx, url);
    Redis redis = effectsUrl.equals(url) ? streams : ServiceRedis.create(vertx, effectsUrl);
    EventConsumer consumer = new EventConsumer(vertx, streams, redis, options, handler(prefix, delay), new SimpleMeterRegistry())
        .onOutcome(o -> {
          if (o.kind() == EventConsumer.Outcome.Kind.SKIPPED) {
            redis.send(Request.cmd(Command.SADD).arg(prefix + "skipped").arg(o.stream() + " " + o.entryId()));
          }
        });
    consumer.start()
        .compose(v -> redis.send(Request.cmd(Command.SET).arg(prefix + "ready:" + options.consumer())
            .arg(ProcessHandle.current().pid())))
        // Standard output, not the log: the line must show whatever logging the classpath brings.
        .onSuccess(v -> System.out.println(READY + ": consumer " + options.consumer() + " of group " + options.group() + " on "
            + options.streams()))
        .onFailure(e -> {
          LOG.error("accounting consumer failed to start: {}", e.getMessage());
          System.exit(1);
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      consumer.stop().await();
      vertx.close().await();
    }, "accounting-stop"));
  }

  static Map<String, String> env(String redisUrl, String prefix, String streams, String consumer) {
    return Map.of("ACCOUNTING_REDIS_URL", redisUrl, "ACCOUNTING_KEY_PREFIX", prefix, "ACCOUNTING_STREAMS", streams,
        "ACCOUNTING_CONSUMER", consumer);
  }
}
