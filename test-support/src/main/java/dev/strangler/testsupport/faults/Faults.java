package dev.strangler.testsupport.faults;

import java.time.Duration;

/**
 * The faults a {@link FaultProxy} applies right now; an immutable value swapped as a whole.
 *
 * @param upstreamLatency delay before each chunk from the client is forwarded
 * @param downstreamLatency delay before each chunk from the server is forwarded
 * @param bytesPerSecond the most bytes per second each connection forwards in each direction; 0 means no limit
 * @param reset every connection is closed with a TCP RST as soon as it is accepted
 * @param resetAfterBytes each connection is reset once it forwarded this many bytes to its client; -1 means never
 * @param blackhole connections are accepted and read, and nothing is forwarded or answered
 * @param down nothing listens: connects are refused
 */
record Faults(Duration upstreamLatency, Duration downstreamLatency, long bytesPerSecond, boolean reset,
              long resetAfterBytes, boolean blackhole, boolean down) {

  static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, 0, false, -1, false, false);

  Faults withLatency(Duration upstream, Duration downstream) {
    return new Faults(upstream, downstream, bytesPerSecond, reset, resetAfterBytes, blackhole, down);
  }

  Faults withBandwidth(long limit) {
    return new Faults(upstreamLatency, downstreamLatency, limit, reset, resetAfterBytes, blackhole, down);
  }

  Faults withReset() {
    return new Faults(upstreamLatency, downstreamLatency, bytesPerSecond, true, resetAfterBytes, blackhole, down);
  }

  Faults withResetAfter(long bytes) {
    return new Faults(upstreamLatency, downstreamLatency, bytesPerSecond, reset, bytes, blackhole, down);
  }

  Faults withBlackhole() {
    return new Faults(upstreamLatency, downstreamLatency, bytesPerSecond, reset, resetAfterBytes, true, down);
  }

  Faults withDown() {
    return new Faults(upstreamLatency, downstreamLatency, bytesPerSecond, reset, resetAfterBytes, blackhole, true);
  }

  Duration latency(boolean upstream) {
    return upstream ? upstreamLatency : downstreamLatency;
  }
}
