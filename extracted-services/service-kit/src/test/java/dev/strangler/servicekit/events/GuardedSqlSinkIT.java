package dev.strangler.servicekit.events;

import static dev.strangler.servicekit.events.WireEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.servicekit.events.EventConsumer.Outcome;
import dev.strangler.servicekit.events.sql.GuardedSqlSink;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RealPostgres;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/** A consumer whose events go to PostgreSQL through {@link GuardedSqlSink}: the guard and the writes in one transaction. */
@ExtendWith({VertxExtension.class, RedisExtension.class})
class GuardedSqlSinkIT {

  private static final String GROUP = "ledger";

  private final PostgresDatabase db = RealPostgres.newDatabase("sql_sink");
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private Vertx vertx;
  private Pool pool;
  private Jedis jedis;
  private EventConsumer consumer;
  private String stream;

  @BeforeEach
  void setUp(Vertx vertx, RedisNamespace ns) throws Exception {
    this.vertx = vertx;
    sql("create table applied_events (consumer_group text not null, aggregate_type text not null, aggregate_id text not null,"
        + " sequence bigint not null, primary key (consumer_group, aggregate_type, aggregate_id))");
    sql("create table totals (thing text primary key, n bigint not null, applied int not null)");
    PgConnectOptions connect = new PgConnectOptions().setHost(db.endpoint().host()).setPort(db.endpoint().port())
        .setDatabase(db.name()).setUser(db.username());
    if (db.password() != null) {
      connect.setPassword(db.password());
    }
    pool = PgBuilder.pool().connectingTo(connect).using(vertx).build();
    jedis = ns.endpoint().connect();
    stream = ns.key("events:thing");
    // Counts applications and refuses payloads saying "fail" after writing, so a rollback is visible.
    GuardedSqlSink sink = new GuardedSqlSink(pool, "applied_events", GROUP, (event, tx) -> tx.preparedQuery(
            "insert into totals (thing, n, applied) values ($1, $2, 1) on conflict (thing) do update set n = excluded.n,"
                + " applied = totals.applied + 1")
        .execute(Tuple.of(event.aggregateId(), event.sequence()))
        .compose(v -> event.payload().contains("fail") ? Future.failedFuture("refused") : Future.<Void>succeededFuture()));
    consumer = new EventConsumer(vertx, Redis.createClient(vertx, ns.endpoint().uri()),
        EventConsumerOptions.of(GROUP, java.util.List.of(stream)).withConsumer("c1").withRetries(Duration.ofMillis(50), 2), sink,
        new SimpleMeterRegistry()).onOutcome(outcomes::add);
    OnVertx.await(vertx, consumer::start);
  }

  @AfterEach
  void tearDown() {
    if (consumer != null) {
      OnVertx.await(vertx, consumer::stop);
    }
    if (pool != null) {
      OnVertx.await(vertx, pool::close);
    }
    if (jedis != null) {
      jedis.close();
    }
    db.close();
  }

  @Test
  void aRedeliveredOrOlderEventChangesNothingAndARefusedOneRollsItsWritesBack() throws Exception {
    append(jedis, stream, 1, "a");
    append(jedis, stream, 3, WireEvents.fields(3, "Counted", "Thing", "a", "{\"n\":3}"));
    append(jedis, stream, 4, WireEvents.fields(1, "Counted", "Thing", "a", "{\"n\":1}"));
    append(jedis, stream, 5, WireEvents.fields(2, "Counted", "Thing", "a", "{\"n\":2}"));
    append(jedis, stream, 6, WireEvents.fields(6, "Counted", "Thing", "b", "{\"n\":\"fail\"}"));

    await().atMost(Duration.ofSeconds(15)).until(() -> outcomes.stream().anyMatch(o -> o.kind() == Outcome.Kind.DEAD_LETTERED));
    await().atMost(Duration.ofSeconds(15)).until(() -> outcomes.stream().filter(o -> o.kind() == Outcome.Kind.SKIPPED).count() == 2);

    assertThat(query("select n || '/' || applied from totals where thing = 'a'")).isEqualTo("3/2");
    assertThat(query("select count(*) from totals where thing = 'b'")).isEqualTo("0");
    assertThat(query("select sequence from applied_events where aggregate_id = 'a'")).isEqualTo("3");
    assertThat(query("select count(*) from applied_events where aggregate_id = 'b'")).isEqualTo("0");
    assertThat(jedis.xlen(stream + ":dead:" + GROUP)).isEqualTo(1);
    jedis.xadd(stream, new StreamEntryID(7, 0), WireEvents.fields(7, "Counted", "Thing", "c", "{\"n\":7}"));
    await().atMost(Duration.ofSeconds(15)).until(() -> "1".equals(query("select count(*) from totals where thing = 'c'")));
  }

  private void sql(String statement) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private String query(String query) throws Exception {
    try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
