package dev.strangler.proxy.edge;

import io.netty.buffer.ByteBuf;

/**
 * Checks the separators of a request line (RFC 9112 §3: method SP target SP version) in its raw bytes. Netty splits
 * the line on any run of whitespace, so {@code GET\t/a HTTP/1.1} or {@code GET  /a HTTP/1.1} reach us looking well
 * formed, while nginx refuses a tab and other parsers split differently.
 */
final class RequestLineScanner {

  private enum State { BEFORE_LINE, IN_LINE, DONE }

  private State state = State.BEFORE_LINE;
  private int spaces;
  private boolean previousSpace;
  private String violation;

  /** Feeds {@code buf[from, to)}, the next bytes of the head; the violation once the line is complete, else null. */
  String violation(ByteBuf buf, int from, int to) {
    for (int i = from; i < to && state != State.DONE; i++) {
      int b = buf.getByte(i) & 0xFF;
      if (state == State.BEFORE_LINE) {
        // Netty skips leading whitespace and control bytes (the CRLF after a previous body); so do we.
        if (b > ' ' && b != 0x7F) {
          state = State.IN_LINE;
        }
      } else if (b == '\n') {
        state = State.DONE;
        if (spaces != 2 && violation == null) {
          violation = "the request line must be: method, one space, target, one space, HTTP version";
        }
      } else if (b == ' ') {
        if (previousSpace && violation == null) {
          violation = "the request line must separate its parts with single spaces";
        }
        spaces++;
      } else if ((b < ' ' && !(b == '\r' && i + 1 < to && buf.getByte(i + 1) == '\n')) || b == 0x7F) {
        if (violation == null) {
          violation = "the request line must not contain tabs or control characters";
        }
      }
      previousSpace = b == ' ';
    }
    return state == State.DONE ? violation : null;
  }

  void reset() {
    state = State.BEFORE_LINE;
    spaces = 0;
    previousSpace = false;
    violation = null;
  }
}
