package dev.strangler.relay;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.RedisNamespace;

/** What each relay IT works with: the real outbox (emptied), its Redis namespace's streams, and the relays it starts (stopped on close). */
record RelayFixture(TestOutbox outbox, TestStreams streams, RedisNamespace namespace, Relays relays) implements AutoCloseable {

  static RelayFixture open(PostgresDatabase database, RedisNamespace namespace) throws Exception {
    return new RelayFixture(TestOutbox.open(database), new TestStreams(namespace), namespace, new Relays());
  }

  @Override
  public void close() throws Exception {
    relays.close();
    streams.close();
    outbox.close();
  }
}
