package dev.strangler.proxy.table;

/** A publish that expected one epoch found another: someone changed the table first. */
public final class StaleEpochException extends RuntimeException {

  private final long currentEpoch;

  public StaleEpochException(long expected, long currentEpoch) {
    super("the route table changed meanwhile: expected epoch " + expected + ", current is " + currentEpoch, null, false, false);
    this.currentEpoch = currentEpoch;
  }

  public long currentEpoch() {
    return currentEpoch;
  }
}
