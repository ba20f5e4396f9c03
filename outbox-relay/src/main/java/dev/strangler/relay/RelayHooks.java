package dev.strangler.relay;

import dev.strangler.relay.outbox.OutboxRow;
import java.util.List;

/** Points where a test may hold or break the relay (a leader paused mid-batch, a crash before marking); production uses {@link #NONE}. */
interface RelayHooks {

  RelayHooks NONE = new RelayHooks() { };

  /** On the relay's thread with a batch read and planned, just before it is appended. */
  default void beforeAppend(List<OutboxRow> rows) throws InterruptedException { }

  /** On the relay's thread once a batch is appended, before the rows are marked published. */
  default void afterAppend(List<OutboxRow> rows) { }
}
