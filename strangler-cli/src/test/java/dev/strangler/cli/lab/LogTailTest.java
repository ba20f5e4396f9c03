package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logs printed with their process's name in front of every line, then only what is appended, whole lines only. */
class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void theLastLinesOfEachLogThenWhatIsAppendedEachPrefixedWithItsProcess() throws IOException {
        Path proxy = Files.writeString(dir.resolve("proxy.log"), "p1\np2\np3\n");
        Path monolith = Files.writeString(dir.resolve("monolith.log"), "m1\n");
        Map<String, Path> logs = new LinkedHashMap<>();
        logs.put("strangler-proxy-1", proxy);
        logs.put("legacy-monolith", monolith);
        logs.put("orders-relay", dir.resolve("not-started-yet.log"));
        StringWriter out = new StringWriter();
        LogTail tail = new LogTail(logs, new PrintWriter(out));

        tail.printLast(2);
        assertThat(out.toString()).isEqualTo("""
                strangler-proxy-1 | p2
                strangler-proxy-1 | p3
                legacy-monolith   | m1
                """);

        out.getBuffer().setLength(0);
        Files.writeString(monolith, "m2\nm3 unfinish", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("not-started-yet.log"), "r1\n");
        tail.poll();
        assertThat(out.toString()).isEqualTo("""
                legacy-monolith   | m2
                orders-relay      | r1
                """);

        out.getBuffer().setLength(0);
        Files.writeString(monolith, "ed\n", StandardOpenOption.APPEND);
        tail.poll();
        assertThat(out.toString()).isEqualTo("legacy-monolith   | m3 unfinished\n");
    }
}
