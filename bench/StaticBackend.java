import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A backend for the benchmarks: answers every request with the same body after a fixed delay, each request on its
 * own virtual thread so any number wait at once. The shadow benchmark's slow candidate (1 KiB after 2 s) and the
 * replay benchmark's two sides (a JSON document at once). Run with the JDK's source launcher:
 * java bench/StaticBackend.java PORT [DELAY_MS [BODY_FILE]]   (default: 2000 ms, 1 KiB of zeros)
 */
public class StaticBackend {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        byte[] body = args.length > 2 ? Files.readAllBytes(Path.of(args[2])) : new byte[1024];
        String type = args.length > 2 && args[2].endsWith(".json") ? "application/json" : "application/octet-stream";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("static backend on " + port + ", " + delay + " ms per answer, " + body.length + " bytes");
    }
}
