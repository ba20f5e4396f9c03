package dev.strangler.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.replay.ReplayOptions;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.Difference;
import dev.strangler.compare.LearnedNoise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    private static final ReplayOptions OPTIONS = Reports.options("c.jsonl", "http://l", "http://c", 0);

    @TempDir
    Path dir;

    private static ReplayReport report() {
        return ReplayReport.of(OPTIONS, Instant.parse("2026-11-29T06:00:00Z"), Instant.parse("2026-11-29T06:00:01Z"),
                List.of(new ReplayResult(7, "r", "GET", "/p/7", "s-1", Status.MISMATCHED, null,
                        List.of(new Difference(Difference.Kind.MISSING, "/name", "\"x\"", null)), 1, 1.5, 2.5)),
                new LearnedNoise());
    }

    @Test
    void theWholeReportIsWrittenIntoFoldersMadeOnTheWay() throws Exception {
        Path file = dir.resolve("a/b/result.json");
        JsonReport.write(report(), file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/startedAt").asText()).isEqualTo("2026-11-29T06:00:00Z");
        assertThat(json.at("/seconds").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/passed").asBoolean()).isFalse();
        assertThat(json.at("/totals/matchPercent").asDouble()).isZero();
        assertThat(json.at("/mismatched/0/session").asText()).isEqualTo("s-1");
        assertThat(json.at("/mismatched/0/status").asText()).isEqualTo("MISMATCHED");
        assertThat(json.at("/mismatched/0/differences/0/kind").asText()).isEqualTo("MISSING");
        assertThat(json.at("/mismatched/0/differences/0/candidate").isNull()).isTrue();
        assertThat(json.at("/routes/0/candidate/p99").asDouble()).isEqualTo(2.5);
    }

    @Test
    void aPlaceThatCannotBeWrittenIsAnInputProblem() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> JsonReport.write(report(), notAFolder.resolve("result.json")))
                .isInstanceOf(CliFailure.class).hasMessageStartingWith("cannot write the JSON result");
        assertThatThrownBy(() -> HtmlReport.write(report(), notAFolder.resolve("report.html")))
                .isInstanceOf(CliFailure.class).hasMessageStartingWith("cannot write the HTML report");
    }
}
