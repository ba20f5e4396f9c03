import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections to a server, makes one HEAD request on each (so every connection has been
 * accepted, parsed and answered, as a browser's idle connection has), prints "ready OPEN FAILED", then holds them
 * open, idle, until it is killed. bench/run.sh measures the server's memory before and while they are held.
 * java bench/IdleConnections.java HOST PORT PATH N
 */
public class IdleConnections {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int n = Integer.parseInt(args[3]);
        byte[] request = ("HEAD " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> open = new ArrayList<>(n);
        int failed = 0;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (int i = 0; i < n; i++) {
            try {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
                channel.write(ByteBuffer.wrap(request));
                if (answered(channel, buffer)) {
                    open.add(channel);
                } else {
                    failed++;
                    channel.close();
                }
            } catch (IOException e) {
                failed++;
            }
        }
        System.out.println("ready " + open.size() + " " + failed);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Reads until the end of a 2xx answer's headers (a HEAD answer has no body). */
    private static boolean answered(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf("\r\n\r\n") < 0) {
            if (channel.read(buffer) < 0) {
                return false;
            }
            buffer.flip();
            seen.append(StandardCharsets.US_ASCII.decode(buffer));
            buffer.clear();
        }
        return seen.toString().startsWith("HTTP/1.1 2");
    }
}
