package dev.strangler.proxy.cache;

/**
 * The Redis keys of the response cache. The {@code {cache}} hash tag keeps them in one Cluster slot, so the store
 * and evict scripts may touch an entry and its tags together.
 */
record CacheKeys(String prefix) {

  /** Hash: status, headers, body, ttl and age of one answer; expires with its TTL. */
  String entry(String hash) {
    return prefix + "{cache}:entry:" + hash;
  }

  /** Set of the entry keys carrying {@code tag}; expires with its longest-lived entry. */
  String tag(String tag) {
    return prefix + "{cache}:tag:" + tag;
  }

  /** When {@code tag} was last evicted (Redis time, ms): an answer looked up before it is not kept. */
  String evicted(String tag) {
    return prefix + "{cache}:evicted:" + tag;
  }
}
