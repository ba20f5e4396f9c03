package dev.strangler.relay;

import dev.strangler.relay.outbox.OutboxRow;
import java.util.List;

/** Points where a test may hold the relay (a leader paused mid-batch); production uses {@link #NONE}. */
interface RelayHooks {

  RelayHooks NONE = rows -> { };

  /** Called on the relay's thread with a batch read and planned, just before it is appended. */
  void beforeAppend(List<OutboxRow> rows) throws InterruptedException;
}
