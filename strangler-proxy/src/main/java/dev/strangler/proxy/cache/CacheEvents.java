package dev.strangler.proxy.cache;

/** What the response cache reports, for metrics. */
public interface CacheEvents {

  /** How a request on a cached route was served. */
  enum Outcome {
    /** From the cache. */
    HIT,
    /** Not in the cache: the backend answered (and the answer may have been kept). */
    MISS,
    /** Kept but no longer fresh, and the backend said it has not changed (a 304): the kept answer, kept anew. */
    REVALIDATED,
    /** Kept and no longer fresh, standing in for the backend's failed answer (a 5xx, or none). */
    STALE,
    /** The cache was not used: credentials, a method or header that rules it out, or Redis not answering. */
    BYPASS
  }

  CacheEvents NONE = new CacheEvents() {
    @Override
    public void served(String route, Outcome outcome) {}

    @Override
    public void stored(String route) {}

    @Override
    public void evicted(String stream, String tag, long entries) {}

    @Override
    public void redisError(String operation) {}
  };

  void served(String route, Outcome outcome);

  /** An answer was kept. */
  void stored(String route);

  /** An event evicted {@code entries} answers through the rule with tag template {@code tag}. */
  void evicted(String stream, String tag, long entries);

  /** Redis failed or did not answer in time ({@code lookup}, {@code store}, {@code evict}, {@code read}). */
  void redisError(String operation);
}
