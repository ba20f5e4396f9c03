package dev.strangler.relay.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * The lease that makes one relay instance the leader: a Redis key with an expiry, renewed by its
 * holder; each new holder gets the next fencing token, and every write the leader makes checks in the
 * same script that the lease still holds its owner and token.
 */
public final class Lease {

  private static final LuaScript ACQUIRE = LuaScript.load("lease.lua");
  private static final LuaScript RELEASE = LuaScript.load("release.lua");

  private final UnifiedJedis redis;
  private final RelayKeys keys;
  private final String owner;
  private final Duration ttl;
  private long token;

  public Lease(UnifiedJedis redis, RelayKeys keys, String owner, Duration ttl) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.owner = Objects.requireNonNull(owner, "owner == null");
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
  }

  /** Renews the lease held, or takes it when free; returns the fencing token held, 0 when another instance leads. */
  public long acquireOrRenew() {
    Object result = ACQUIRE.run(redis, List.of(keys.lease(), keys.fence()),
        List.of(owner, String.valueOf(ttl.toMillis()), String.valueOf(token)));
    token = (Long) result;
    return token;
  }

  /** Whether the last {@link #acquireOrRenew} got the lease (it may have expired since). */
  public boolean held() {
    return token > 0;
  }

  public long token() {
    return token;
  }

  /** What the lease key holds while this instance leads: {@code owner:token}. */
  public String value() {
    return owner + ":" + token;
  }

  /** Forgets the lease locally, e.g. after a write was fenced. */
  public void lost() {
    token = 0;
  }

  /** Gives the lease up now, so another instance takes over without waiting for the expiry. */
  public void release() {
    if (token > 0) {
      RELEASE.run(redis, List.of(keys.lease()), List.of(value()));
      token = 0;
    }
  }
}
