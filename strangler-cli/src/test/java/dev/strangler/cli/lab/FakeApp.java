package dev.strangler.cli.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A stand-in app for the lab's tests, run as a process from a jar: answers 200 on /health at FAKE_PORT until
 * SIGTERM; with the argument {@code exit}, fails at once as an app missing a setting does.
 */
public final class FakeApp {

    private FakeApp() {}

    public static void main(String[] args) throws IOException {
        System.out.println("fake app " + System.getenv("FAKE_NAME") + " starting");
        if (args.length > 0 && args[0].equals("exit")) {
            System.out.println("boom: FAKE_SETTING is missing");
            System.exit(3);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(System.getenv("FAKE_PORT"))), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("fake app " + System.getenv("FAKE_NAME") + " ready");
    }
}
