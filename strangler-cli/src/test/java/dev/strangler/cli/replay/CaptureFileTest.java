package dev.strangler.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.compare.capture.CapturedRequest;
import dev.strangler.compare.capture.CapturedResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTest {

    @TempDir
    Path dir;

    private static String line(String uri) {
        return CaptureLines.write(new CapturedExchange(Instant.parse("2026-11-29T06:00:00Z"), "r", 1, null, "safe",
                new CapturedRequest("GET", uri, Map.of(), null, false),
                new CapturedResponse(200, Map.of(), null, false, 1, "legacy")));
    }

    @Test
    void blankLinesAreSkippedAndEveryRecordKeepsItsLineNumber() throws Exception {
        Path file = Files.writeString(dir.resolve("c.jsonl"), line("/a") + "\n\n  \n" + line("/b") + "\n");

        assertThat(CaptureFile.read(file)).extracting(Recorded::line, r -> r.exchange().request().uri())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "/a"), org.assertj.core.groups.Tuple.tuple(4, "/b"));
    }

    @Test
    void aLineThatIsNotJsonNamesFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("c.jsonl"), line("/a") + "\n{not json\n");

        assertThatThrownBy(() -> CaptureFile.read(file)).isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("bad capture line: " + file + ":2: not JSON")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCodes.INPUT));
    }

    @Test
    void aFileThatIsNotUtf8OrMissingIsNamed() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1.jsonl"), new byte[] {'{', (byte) 0xE9, '}', '\n'});

        assertThatThrownBy(() -> CaptureFile.read(latin1)).hasMessageContaining("cannot read the capture " + latin1);
        assertThatThrownBy(() -> CaptureFile.read(dir.resolve("none.jsonl")))
                .hasMessageContaining("none.jsonl").hasMessageContaining("NoSuchFileException");
    }
}
