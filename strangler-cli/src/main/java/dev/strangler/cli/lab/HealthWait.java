package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Waits until a process's health URL answers 2xx, printing a dot a second; fails with the end of its log when the
 * process exits first or takes longer than the timeout.
 */
final class HealthWait implements AutoCloseable {

    /** How often the URL is asked. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** How much of the log a failure shows. */
    static final int LOG_TAIL_LINES = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration timeout;
    private final PrintWriter out;

    HealthWait(Duration timeout, PrintWriter out) {
        this.timeout = timeout;
        this.out = out;
    }

    /** Returns how long it took. */
    Duration await(String name, String url, ProcessHandle process, Path log) {
        long start = System.nanoTime();
        long nextDot = start + Duration.ofSeconds(1).toNanos();
        out.print("lab: waiting for " + name + " ");
        out.flush();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (answers(request)) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                out.printf(Locale.ROOT, " ready (%.1fs)%n", took.toMillis() / 1000.0);
                out.flush();
                return took;
            }
            if (!process.isAlive()) {
                out.println();
                throw CliFailure.input(name + " exited; its log (" + log + ") ends:\n" + tail(log));
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                out.println();
                throw CliFailure.input(name + " not ready at " + url + " after " + timeout.toSeconds() + "s; its log ("
                        + log + ") ends:\n" + tail(log));
            }
            if (System.nanoTime() >= nextDot) {
                out.print('.');
                out.flush();
                nextDot += Duration.ofSeconds(1).toNanos();
            }
            pause();
        }
    }

    private boolean answers(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.input("interrupted while waiting for " + request.uri());
        }
    }

    /** The last lines of a log. */
    static String tail(Path log) {
        try {
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.input("interrupted");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
