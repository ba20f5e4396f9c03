package dev.strangler.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A test program: answers "pong" over HTTP on the loopback port given as its argument, and says so on its output. */
public final class PingServer {

  /** Printed once it answers, followed by the port. */
  public static final String LISTENING = "ping server listening on ";

  private PingServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.createContext("/", exchange -> {
      byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println(LISTENING + server.getAddress().getPort());
  }
}
