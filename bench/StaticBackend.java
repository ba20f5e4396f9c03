import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The shadow benchmark's slow candidate: answers every request with 1 KiB after a fixed delay (2 s by default), each
 * request on its own virtual thread so any number wait at once. Run with the JDK's source launcher:
 * java bench/SlowBackend.java PORT [DELAY_MS]
 */
public class SlowBackend {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        byte[] body = new byte[1024];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(delay);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        System.out.println("slow candidate on " + port + ", " + delay + " ms per answer");
    }
}
