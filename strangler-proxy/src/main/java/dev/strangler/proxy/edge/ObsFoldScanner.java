package dev.strangler.proxy.edge;

import io.netty.buffer.ByteBuf;

/**
 * Finds obsolete line folding (RFC 9112 §5.2: a header line starting with SP or HTAB) in the bytes of one request
 * head. Netty silently joins such a line to the previous header's value, so by the time Vert.x sees the request the
 * fold is invisible; a backend that splits it differently would see another header than the one we checked.
 */
final class ObsFoldScanner {

  private enum State { BEFORE_LINE, IN_LINE, AFTER_LF, AFTER_LF_CR, DONE }

  private State state = State.BEFORE_LINE;

  /** Feeds {@code buf[from, to)}, the next bytes of the head; true as soon as a folded line is seen. */
  boolean foundFold(ByteBuf buf, int from, int to) {
    for (int i = from; i < to && state != State.DONE; i++) {
      int b = buf.getByte(i) & 0xFF;
      switch (state) {
        // Netty skips leading whitespace and control bytes before the request line; so do we.
        case BEFORE_LINE -> state = b > ' ' && b != 0x7F ? State.IN_LINE : State.BEFORE_LINE;
        case IN_LINE -> state = b == '\n' ? State.AFTER_LF : State.IN_LINE;
        case AFTER_LF -> {
          if (b == ' ' || b == '\t') {
            return true;
          }
          state = b == '\r' ? State.AFTER_LF_CR : b == '\n' ? State.DONE : State.IN_LINE;
        }
        case AFTER_LF_CR -> state = b == '\n' ? State.DONE : State.IN_LINE;
        case DONE -> { }
      }
    }
    return false;
  }

  /** True once the empty line ending the head was seen: later bytes are body, which may contain anything. */
  boolean headComplete() {
    return state == State.DONE;
  }

  void reset() {
    state = State.BEFORE_LINE;
  }
}
