package dev.strangler.cli.capture;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.ProblemDetail;
import dev.strangler.cli.Terminal;
import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.InvalidCaptureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import dev.strangler.cli.admin.AdminCa;
import java.net.http.HttpClient;
import javax.net.ssl.SSLHandshakeException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the admin API's {@code GET /admin/capture} (NDJSON, one capture line per line) to a file or stdout,
 * checking each line with {@link CaptureLines#read}. A file is written beside itself as {@code .part} and moved
 * into place only when the whole export succeeded. The token goes only into the request's header.
 */
final class CaptureExporter {

    private static final long REDRAW_MILLIS = 100;
    private static final int MAX_ERROR_BODY = 4096;

    private final String token;
    private final Duration timeout;

    private final HttpClient.Builder client;

    /** {@code client} carries {@code --admin-ca}'s trust ({@link AdminCa}). */
    CaptureExporter(String token, Duration timeout, HttpClient.Builder client) {
        this.token = token;
        this.timeout = timeout;
        this.client = client;
    }

    /** What to export: the admin API's base URL and the endpoint's optional filters. */
    record Query(URI admin, String route, String since, Integer limit) {

        URI uri() {
            List<String> params = new ArrayList<>();
            if (route != null) {
                params.add("route=" + URLEncoder.encode(route, StandardCharsets.UTF_8));
            }
            if (since != null) {
                params.add("since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
            }
            if (limit != null) {
                params.add("limit=" + limit);
            }
            String base = admin.toString().replaceAll("/+$", "") + "/admin/capture";
            return URI.create(params.isEmpty() ? base : base + "?" + String.join("&", params));
        }
    }

    /** Exports every line; returns how many were written. */
    long export(Query query, Path out, boolean progress, PrintWriter stdout, PrintWriter err) {
        URI uri = query.uri();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/x-ndjson").GET().build();
        try (HttpClient http = client.connectTimeout(timeout).build()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                refuseErrors(uri, response.statusCode(), body);
                PrintWriter counter = progress && Terminal.interactive() ? err : null;
                return out == null ? copy(body, stdout, counter, "") : copyToFile(body, out, counter);
            }
        } catch (SSLHandshakeException e) {
            throw AdminCa.untrusted(uri, e);
        } catch (IOException e) {
            throw CliFailure.input("cannot reach the admin API at " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.input("interrupted while exporting from " + uri);
        }
    }

    private static void refuseErrors(URI uri, int status, InputStream body) throws IOException {
        if (status == 200) {
            return;
        }
        String detail = ProblemDetail.of(body.readNBytes(MAX_ERROR_BODY));
        switch (status) {
            case 401 -> throw new CliFailure(ExitCodes.REFUSED, "the admin API refused the token (401)" + detail
                    + ": check --token-file or " + ExportCommand.TOKEN_ENV);
            case 403 -> throw new CliFailure(ExitCodes.REFUSED, "the token may not read captures (403)" + detail);
            case 404 -> throw CliFailure.input("no capture export at " + uri + " (404)" + detail
                    + ": is --admin the proxy's admin port, and is capture on?");
            default -> throw CliFailure.input("the admin API answered " + status + " to " + uri + detail);
        }
    }

    private static String next(BufferedReader reader, long lines, String onBreak) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw CliFailure.input("the export broke off after " + lines + " lines" + onBreak + ": " + e);
        }
    }

    private long copyToFile(InputStream body, Path out, PrintWriter counter) {
        Path part = out.resolveSibling(out.getFileName() + ".part");
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                long lines;
                try (Writer writer = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                    lines = copy(body, writer, counter, " (nothing kept)");
                }
                Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return lines;
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw CliFailure.input("cannot write " + out + ": " + e);
        }
    }

    /** Copies checked lines; reading errors are the export's ({@code onBreak} says what became of the output). */
    private long copy(InputStream body, Writer writer, PrintWriter counter, String onBreak) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        long lines = 0;
        long received = 0;
        long drawn = 0;
        for (String line = next(reader, lines, onBreak); line != null; line = next(reader, lines, onBreak)) {
            received++;
            if (line.isBlank()) {
                continue;
            }
            try {
                CaptureLines.read(line, "line " + received + " of the export");
            } catch (InvalidCaptureException e) {
                throw CliFailure.input("the admin API sent an invalid capture line, " + e.getMessage());
            }
            writer.write(line);
            writer.write('\n');
            lines++;
            if (counter != null && System.currentTimeMillis() - drawn >= REDRAW_MILLIS) {
                drawn = System.currentTimeMillis();
                counter.print("\r" + lines + " lines written");
                counter.flush();
            }
        }
        writer.flush();
        if (counter != null) {
            counter.println("\r" + lines + " lines written");
            counter.flush();
        }
        return lines;
    }
}
