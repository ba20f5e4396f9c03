package dev.strangler.redis.vertx;

import dev.strangler.redis.RedisDeployment.Node;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code +switch-master} announcement of a sentinel: the master named {@code master} moved from {@code from} to
 * {@code to}, announced by the sentinel at position {@code sentinel} of the watched list (one that knows already). The
 * payload is {@code <master name> <old ip> <old port> <new ip> <new port>}.
 */
public record MasterSwitch(String master, Node from, Node to, int sentinel) {

  public MasterSwitch {
    Objects.requireNonNull(master, "master == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
  }

  /**
   * The switch {@code payload} announces, by the sentinel at position {@code sentinel}; empty when it is not a
   * {@code +switch-master} payload.
   */
  public static Optional<MasterSwitch> parse(String payload, int sentinel) {
    String[] words = payload == null ? new String[0] : payload.trim().split("\\s+");
    if (words.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new MasterSwitch(words[0], new Node(words[1], Integer.parseInt(words[2])),
          new Node(words[3], Integer.parseInt(words[4])), sentinel));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return master + ": " + from + " -> " + to + " (sentinel #" + sentinel + ")";
  }
}
