package dev.strangler.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureLinesTest {

    private static CapturedExchange exchange(byte[] responseBody, String session) {
        return new CapturedExchange(Instant.parse("2026-11-29T06:00:00.123Z"), "catalog-read", 7, session, "safe",
                new CapturedRequest("GET", "/api/products?page=2",
                        Map.of("Accept", List.of("application/json"), "Cookie", List.of("SESSION=[redacted]")), null, false),
                new CapturedResponse(200, Map.of("Content-Type", List.of("application/json")), responseBody, false, 3.5, "legacy"));
    }

    @Test
    void aLineReadsBackAsTheExchangeItWasWrittenFrom() {
        CapturedExchange written = exchange("{\"items\":[]}".getBytes(StandardCharsets.UTF_8), "s-3f2a");

        String line = CaptureLines.write(written);
        CapturedExchange read = CaptureLines.read(line, "t:1");

        assertThat(line).doesNotContain("\n").contains("\"body\":\"{\\\"items\\\":[]}\"");
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
        assertThat(read.request().headers()).containsKeys("accept", "cookie");
    }

    @Test
    void aBodyThatIsNotUtf8IsKeptAsBase64AndReadBackByteForByte() {
        byte[] gzip = {(byte) 0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe};

        String line = CaptureLines.write(exchange(gzip, null));

        assertThat(line).contains("\"bodyBase64\"").doesNotContain("\"session\"");
        assertThat(CaptureLines.read(line, "t:1").response().body()).containsExactly(gzip);
    }

    @Test
    void aWrongLineIsRefusedNamingItsPlaceAndField() {
        String line = CaptureLines.write(exchange(new byte[0], null));

        assertThatThrownBy(() -> CaptureLines.read("{not json", "capture.jsonl:3"))
                .isInstanceOf(InvalidCaptureException.class).hasMessageStartingWith("capture.jsonl:3: not JSON");
        assertThatThrownBy(() -> CaptureLines.read(line.replace("\"v\":1", "\"v\":2"), "capture.jsonl:4"))
                .hasMessageContaining("capture.jsonl:4: v: format version 2 is not supported");
        assertThatThrownBy(() -> CaptureLines.read(line.replace("\"method\":\"GET\",", ""), "capture.jsonl:5"))
                .hasMessage("capture.jsonl:5: request: method: required text");
        assertThatThrownBy(() -> CaptureLines.read(line.replace("\"status\":200", "\"status\":\"ok\""), "f:6"))
                .hasMessage("f:6: response: status: required integer");
    }
}
