package dev.strangler.proxy.capture;

/** What the capture tells the metrics. */
public interface CaptureEvents {

  /** Why a sampled exchange was not recorded. */
  enum DropReason {
    /** Too many writes to Redis were outstanding already. */
    BACKLOG,
    /** Redis failed the write, didn't answer in time, or failed recently. */
    REDIS,
    /** The proxy has no Redis for the capture. */
    NO_REDIS;

    /** As the metric's {@code reason} tag shows it. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  CaptureEvents NONE = new CaptureEvents() {
    @Override
    public void recorded(String route) {}

    @Override
    public void dropped(String route, DropReason reason) {}
  };

  /** One exchange of {@code route} is in the stream. */
  void recorded(String route);

  /** One sampled exchange of {@code route} was given up. */
  void dropped(String route, DropReason reason);
}
