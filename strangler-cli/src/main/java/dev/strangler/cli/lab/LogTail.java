package dev.strangler.cli.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the end of several logs, each line prefixed with its process's name, then follows them as they grow. */
final class LogTail {

    private final Map<String, Path> logs;
    private final PrintWriter out;
    private final String format;
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, String> partial = new HashMap<>();

    /** {@code logs}: process name to log file, in the order to print them. */
    LogTail(Map<String, Path> logs, PrintWriter out) {
        this.logs = new LinkedHashMap<>(logs);
        this.out = out;
        int width = logs.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.format = "%-" + Math.max(width, 1) + "s | %s%n";
    }

    /** The last {@code lines} complete lines of each log (0: none), in the order given; following starts after them. */
    void printLast(int lines) {
        logs.forEach((name, log) -> {
            byte[] bytes = read(log, 0);
            positions.put(name, (long) bytes.length);
            List<String> all = complete(name, new String(bytes, StandardCharsets.UTF_8));
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(line -> out.printf(format, name, line));
        });
        out.flush();
    }

    /** Prints what is appended to any log, every {@code interval}, until interrupted (Ctrl-C ends the command). */
    void follow(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            poll();
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prints the complete lines appended to any log since the last look. */
    void poll() {
        logs.forEach((name, log) -> {
            long position = positions.getOrDefault(name, 0L);
            long size = size(log);
            if (size < position) { // truncated or replaced: start over
                position = 0;
                partial.remove(name);
            }
            if (size > position) {
                byte[] bytes = read(log, position);
                positions.put(name, position + bytes.length);
                complete(name, new String(bytes, StandardCharsets.UTF_8)).forEach(line -> out.printf(format, name, line));
            }
        });
        out.flush();
    }

    /** The complete lines of {@code text} after what was left of the log's last read; keeps an unfinished last line. */
    private List<String> complete(String name, String text) {
        String all = partial.getOrDefault(name, "") + text;
        int end = all.lastIndexOf('\n');
        partial.put(name, all.substring(end + 1));
        return end < 0 ? List.of() : List.of(all.substring(0, end).split("\n", -1));
    }

    private static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static byte[] read(Path log, long from) {
        if (!Files.exists(log)) {
            return new byte[0];
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length() - from;
            byte[] bytes = new byte[(int) Math.max(0, Math.min(length, Integer.MAX_VALUE - 8))];
            file.seek(from);
            file.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
