package dev.strangler.proxy.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Writes exact bytes to a server on loopback and reads what comes back, until EOF or a quiet period. */
public final class RawHttp {

  /** What came back: the raw bytes as text and whether the server closed the connection. */
  public record Reply(String text, boolean closed) {
    public int status() {
      if (!text.startsWith("HTTP/1.")) {
        return -1;
      }
      return Integer.parseInt(text.substring(9, 12));
    }

    public String header(String name) {
      for (String line : head().split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    public String head() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? text : text.substring(0, end);
    }

    public String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }
  }

  private RawHttp() {}

  /** Sends {@code request} and reads until the server closes, or until it stays quiet for {@code quietMillis}. */
  public static Reply exchange(int port, String request, int quietMillis) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(quietMillis);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readUntilClosedOrQuiet(socket.getInputStream());
    }
  }

  /**
   * Reads one whole reply framed by Content-Length, however long it takes to come (the socket's read timeout still
   * bounds each read): for a test that must tell "slow to answer" from "kept quiet after answering".
   */
  public static Reply readOneReply(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    while (true) {
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        String length = new Reply(text, false).header("Content-Length");
        if (length != null && text.length() - end - 4 >= Integer.parseInt(length)) {
          return new Reply(text, false);
        }
      }
      int b = in.read();
      if (b < 0) {
        return new Reply(text, true);
      }
      received.write(b);
    }
  }

  public static Reply readUntilClosedOrQuiet(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    boolean closed;
    try {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        received.write(chunk, 0, n);
      }
      closed = true;
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (IOException e) {
      closed = true; // connection reset after the reply: closed, not kept open
    }
    return new Reply(received.toString(StandardCharsets.ISO_8859_1), closed);
  }
}
