package dev.strangler.proxy.ratelimit;

/** What the rate limiter reports, for metrics. */
public interface RateLimitEvents {

  RateLimitEvents NONE = new RateLimitEvents() {
    @Override
    public void allowed(String route) {}

    @Override
    public void limited(String route) {}

    @Override
    public void redisError(String route, boolean failedOpen) {}
  };

  void allowed(String route);

  /** A request refused with a 429. */
  void limited(String route);

  /** Redis didn't answer in time; the request passed ({@code failedOpen}) or got a 503. */
  void redisError(String route, boolean failedOpen);
}
