package dev.strangler.proxy.edge;

import io.netty.buffer.ByteBuf;

/**
 * Checks the framing of a chunked body byte by byte (RFC 9112 §7.1) before Netty decodes it. Netty trims spaces around
 * a chunk size and lets a size of more than 16 hex digits wrap around, so a body it reads as one chunk another parser
 * reads as another: nginx refuses both. Refused here: a size line not starting with a hex digit or longer than
 * {@link #MAX_SIZE_DIGITS} digits, a control byte or bare LF in an extension, an extension over
 * {@link #MAX_EXTENSION} bytes, chunk data not followed by CRLF, and a bare LF in the trailer section.
 */
final class ChunkedBodyScanner {

  /** 15 hex digits: sizes below 2^60, far beyond any body, never near a wrap-around. */
  static final int MAX_SIZE_DIGITS = 15;
  static final int MAX_EXTENSION = 4096;

  private enum State { SIZE_START, SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_LINE, TRAILER_LF,
    END_LF, DONE }

  private State state = State.SIZE_START;
  private int digits;
  private long size;
  private int extension;

  /** Feeds {@code buf[from, to)}, the next body bytes; the violation as soon as one is seen, else null. */
  String violation(ByteBuf buf, int from, int to) {
    int i = from;
    while (i < to && state != State.DONE) {
      if (state == State.DATA) {
        long skip = Math.min(size, to - i);
        i += (int) skip;
        size -= skip;
        if (size == 0) {
          state = State.DATA_CR;
        }
        continue;
      }
      String problem = next(buf.getByte(i++) & 0xFF);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private String next(int b) {
    switch (state) {
      case SIZE_START -> {
        if (Character.digit(b, 16) < 0) {
          return "a chunk size must start with a hex digit";
        }
        size = Character.digit(b, 16);
        digits = 1;
        state = State.SIZE;
      }
      case SIZE -> {
        if (Character.digit(b, 16) >= 0) {
          if (++digits > MAX_SIZE_DIGITS) {
            return "a chunk size must have at most " + MAX_SIZE_DIGITS + " hex digits";
          }
          size = size * 16 + Character.digit(b, 16);
        } else if (b == ';' || b == ' ' || b == '\t') {
          extension = 0;
          state = State.EXTENSION;
        } else if (b == '\r') {
          state = State.SIZE_LF;
        } else {
          return "a chunk size line must be hex digits, an optional extension and CRLF";
        }
      }
      case EXTENSION -> {
        if (b == '\r') {
          state = State.SIZE_LF;
        } else if ((b < ' ' && b != '\t') || b == 0x7F) {
          return "a chunk extension must not contain control characters or a bare LF";
        } else if (++extension > MAX_EXTENSION) {
          return "a chunk extension must be shorter than " + MAX_EXTENSION + " bytes";
        }
      }
      case SIZE_LF -> {
        if (b != '\n') {
          return "a chunk size line must end with CRLF";
        }
        state = size == 0 ? State.TRAILER_START : State.DATA;
      }
      case DATA_CR -> {
        if (b != '\r') {
          return "chunk data must be followed by CRLF (is it longer than its size?)";
        }
        state = State.DATA_LF;
      }
      case DATA_LF -> {
        if (b != '\n') {
          return "chunk data must be followed by CRLF (is it longer than its size?)";
        }
        state = State.SIZE_START;
      }
      case TRAILER_START -> {
        if (b == '\n') {
          return "a chunked body must not end with a bare LF";
        }
        state = b == '\r' ? State.END_LF : State.TRAILER_LINE;
      }
      case TRAILER_LINE -> {
        if (b == '\n') {
          return "a trailer line must end with CRLF";
        }
        if (b == '\r') {
          state = State.TRAILER_LF;
        }
      }
      case TRAILER_LF -> {
        if (b != '\n') {
          return "a trailer line must end with CRLF";
        }
        state = State.TRAILER_START;
      }
      case END_LF -> {
        if (b != '\n') {
          return "a chunked body must end with CRLF";
        }
        state = State.DONE;
      }
      case DATA, DONE -> { }
    }
    return null;
  }
}
