package dev.strangler.relay;

import dev.strangler.relay.outbox.OutboxTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link OutboxRelay} does, every field with its default; {@link #problems()} lists every
 * invalid value at once and the relay refuses to start with any.
 *
 * @param keyPrefix prefix of every Redis key; default {@value #DEFAULT_KEY_PREFIX}
 * @param relayName names the lease, fencing counter and position: relays of one outbox share it; default {@value #DEFAULT_RELAY_NAME}
 * @param instanceId this instance, in the lease and logs; default {@code <host>-<pid>}
 * @param table the outbox table and its columns; default Acme Shop's
 * @param batchSize rows read, appended and marked per batch; default {@value #DEFAULT_BATCH_SIZE}
 * @param pollInterval wait between polls while there is nothing to publish; default 500 ms
 * @param notifyChannel PostgreSQL channel that wakes the relay early ({@code LISTEN}); null: poll only; default {@value #DEFAULT_NOTIFY_CHANNEL}
 * @param gapGrace minimum age of a sequence gap before it may be passed; default 1 s
 * @param gapMaxWait a gap is passed after this even while older transactions still run; default 10 min
 * @param leaseTtl the leader's lease expires this long after its last renewal; default 10 s
 * @param leaseRenewInterval how often the leader renews, and a standby tries to take over; default 2 s
 * @param streamCap a stream this long stops the relay (back-pressure) until consumers catch up; default {@value #DEFAULT_STREAM_CAP}
 * @param trimInterval how often streams are trimmed below their safe trim point; default 5 s
 * @param replicaAcks after each append, wait ({@code WAIT}) until this many replicas have it, at most {@code replicaAckTimeout}:
 *     narrows the tail a failover can lose (the relay re-publishes it anyway); 0: do not wait; default {@value #DEFAULT_REPLICA_ACKS}
 * @param replicaAckTimeout the longest wait for replicas after an append (a replica down costs every batch this); default 100 ms
 */
public record RelayOptions(String keyPrefix, String relayName, String instanceId, OutboxTable table, int batchSize,
    Duration pollInterval, String notifyChannel, Duration gapGrace, Duration gapMaxWait, Duration leaseTtl,
    Duration leaseRenewInterval, long streamCap, Duration trimInterval, int replicaAcks, Duration replicaAckTimeout) {

  public static final String DEFAULT_KEY_PREFIX = "strangler:";
  public static final String DEFAULT_RELAY_NAME = "outbox";
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int MAX_BATCH_SIZE = 10_000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  public static final String DEFAULT_NOTIFY_CHANNEL = "outbox";
  public static final Duration DEFAULT_GAP_GRACE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_GAP_MAX_WAIT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LEASE_RENEW_INTERVAL = Duration.ofSeconds(2);
  public static final long DEFAULT_STREAM_CAP = 1_000_000;
  public static final Duration DEFAULT_TRIM_INTERVAL = Duration.ofSeconds(5);
  public static final int DEFAULT_REPLICA_ACKS = 0;
  public static final int MAX_REPLICA_ACKS = 16;
  public static final Duration DEFAULT_REPLICA_ACK_TIMEOUT = Duration.ofMillis(100);

  public RelayOptions {
    Objects.requireNonNull(keyPrefix, "keyPrefix == null");
    Objects.requireNonNull(relayName, "relayName == null");
    Objects.requireNonNull(instanceId, "instanceId == null");
    Objects.requireNonNull(table, "table == null");
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(gapGrace, "gapGrace == null");
    Objects.requireNonNull(gapMaxWait, "gapMaxWait == null");
    Objects.requireNonNull(leaseTtl, "leaseTtl == null");
    Objects.requireNonNull(leaseRenewInterval, "leaseRenewInterval == null");
    Objects.requireNonNull(trimInterval, "trimInterval == null");
    Objects.requireNonNull(replicaAckTimeout, "replicaAckTimeout == null");
  }

  /** Every default, the instance named after this host and process. */
  public static RelayOptions defaults() {
    return new RelayOptions(DEFAULT_KEY_PREFIX, DEFAULT_RELAY_NAME, defaultInstanceId(), OutboxTable.DEFAULT,
        DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL, DEFAULT_NOTIFY_CHANNEL, DEFAULT_GAP_GRACE, DEFAULT_GAP_MAX_WAIT,
        DEFAULT_LEASE_TTL, DEFAULT_LEASE_RENEW_INTERVAL, DEFAULT_STREAM_CAP, DEFAULT_TRIM_INTERVAL, DEFAULT_REPLICA_ACKS,
        DEFAULT_REPLICA_ACK_TIMEOUT);
  }

  public static String defaultInstanceId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "relay");
    return host + "-" + ProcessHandle.current().pid();
  }

  /** Every invalid value, each starting with the name of its option (a record component); empty when the relay may start. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>(table.problems());
    check(problems, keyPrefix.matches("[A-Za-z0-9_.:{}-]*:"), "keyPrefix must end with ':' and hold no spaces (got '" + keyPrefix + "')");
    check(problems, relayName.matches("[A-Za-z0-9_.-]+"), "relayName must be letters, digits, '.', '_' or '-' (got '" + relayName + "')");
    check(problems, !instanceId.isBlank() && !instanceId.matches(".*\\s.*"), "instanceId must be non-blank without spaces (got '" + instanceId + "')");
    check(problems, batchSize >= 1 && batchSize <= MAX_BATCH_SIZE, "batchSize must be between 1 and " + MAX_BATCH_SIZE + " (got " + batchSize + ")");
    check(problems, atLeast(pollInterval, 10), "pollInterval must be at least 10 ms (got " + pollInterval.toMillis() + " ms)");
    check(problems, notifyChannel == null || notifyChannel.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"),
        "notifyChannel must be a plain SQL name (got '" + notifyChannel + "')");
    check(problems, !gapGrace.isNegative(), "gapGrace must not be negative");
    check(problems, gapMaxWait.compareTo(gapGrace) >= 0, "gapMaxWait (" + gapMaxWait.toMillis() + " ms) must not be below the gap grace ("
        + gapGrace.toMillis() + " ms)");
    check(problems, atLeast(leaseTtl, 100), "leaseTtl must be at least 100 ms (got " + leaseTtl.toMillis() + " ms)");
    check(problems, atLeast(leaseRenewInterval, 10) && leaseRenewInterval.multipliedBy(2).compareTo(leaseTtl) <= 0,
        "leaseRenewInterval must be at least 10 ms and at most half the lease ttl (got " + leaseRenewInterval.toMillis()
            + " ms for a ttl of " + leaseTtl.toMillis() + " ms)");
    check(problems, streamCap >= batchSize, "streamCap must be at least the batch size (got " + streamCap + ")");
    check(problems, atLeast(trimInterval, 10), "trimInterval must be at least 10 ms (got " + trimInterval.toMillis() + " ms)");
    check(problems, replicaAcks >= 0 && replicaAcks <= MAX_REPLICA_ACKS,
        "replicaAcks must be between 0 and " + MAX_REPLICA_ACKS + " (got " + replicaAcks + ")");
    check(problems, atLeast(replicaAckTimeout, 1), "replicaAckTimeout must be at least 1 ms (got " + replicaAckTimeout.toMillis() + " ms)");
    return problems;
  }

  /** Throws {@link InvalidRelayConfigException} listing every problem, if any. */
  public RelayOptions validate() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new InvalidRelayConfigException(problems);
    }
    return this;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  private static boolean atLeast(Duration d, long millis) {
    return d.toMillis() >= millis;
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** Changes some options of a copy: {@code RelayOptions.defaults().toBuilder().batchSize(100).build()}. */
  public static final class Builder {
    private String keyPrefix;
    private String relayName;
    private String instanceId;
    private OutboxTable table;
    private int batchSize;
    private Duration pollInterval;
    private String notifyChannel;
    private Duration gapGrace;
    private Duration gapMaxWait;
    private Duration leaseTtl;
    private Duration leaseRenewInterval;
    private long streamCap;
    private Duration trimInterval;
    private int replicaAcks;
    private Duration replicaAckTimeout;

    private Builder(RelayOptions o) {
      keyPrefix = o.keyPrefix; relayName = o.relayName; instanceId = o.instanceId; table = o.table; batchSize = o.batchSize;
      pollInterval = o.pollInterval; notifyChannel = o.notifyChannel; gapGrace = o.gapGrace; gapMaxWait = o.gapMaxWait;
      leaseTtl = o.leaseTtl; leaseRenewInterval = o.leaseRenewInterval; streamCap = o.streamCap; trimInterval = o.trimInterval;
      replicaAcks = o.replicaAcks; replicaAckTimeout = o.replicaAckTimeout;
    }

    public Builder keyPrefix(String v) { keyPrefix = v; return this; }
    public Builder relayName(String v) { relayName = v; return this; }
    public Builder instanceId(String v) { instanceId = v; return this; }
    public Builder table(OutboxTable v) { table = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder pollInterval(Duration v) { pollInterval = v; return this; }
    public Builder notifyChannel(String v) { notifyChannel = v; return this; }
    public Builder gapGrace(Duration v) { gapGrace = v; return this; }
    public Builder gapMaxWait(Duration v) { gapMaxWait = v; return this; }
    public Builder leaseTtl(Duration v) { leaseTtl = v; return this; }
    public Builder leaseRenewInterval(Duration v) { leaseRenewInterval = v; return this; }
    public Builder streamCap(long v) { streamCap = v; return this; }
    public Builder trimInterval(Duration v) { trimInterval = v; return this; }
    public Builder replicaAcks(int v) { replicaAcks = v; return this; }
    public Builder replicaAckTimeout(Duration v) { replicaAckTimeout = v; return this; }

    public RelayOptions build() {
      return new RelayOptions(keyPrefix, relayName, instanceId, table, batchSize, pollInterval, notifyChannel, gapGrace,
          gapMaxWait, leaseTtl, leaseRenewInterval, streamCap, trimInterval, replicaAcks, replicaAckTimeout);
    }
  }
}
