package dev.strangler.proxy.redis;

import io.vertx.redis.client.Request;
import java.util.List;

/**
 * Something recorded in memory (never blocking, thread-safe) that a {@link BatchFlusher} adds to the fleet's Redis, in one
 * MULTI with the other parts: shadow results, route traffic.
 */
public interface FlushPart {

  /** Commands this part may add to one flush at most: the client must allow that many waiting. */
  int maxCommands();

  /** Takes what was recorded since the last flush; null when there is nothing. {@code now}: the flush's instant (ISO-8601). */
  Drained drain(String now);

  /** What one flush took from a part. */
  interface Drained {

    /** Adds the commands that write it (inside the flush's MULTI). */
    void addTo(List<Request> batch);

    /** Nothing was sent (Redis could not be reached): record it again for the next flush. */
    void notSent();

    /** Sent but unanswered: it may or may not have been applied. */
    void failed();
  }
}
