package dev.strangler.compare;

import static dev.strangler.compare.Responses.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.strangler.compare.Difference.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class EncodingTest {

    private static final String LEGACY = "{\"sku\":\"ACME-00001\",\"stock\":3}";
    private static final String CANDIDATE = "{\"sku\":\"ACME-00001\",\"stock\":4}";

    @Test
    void gzipBodiesAreComparedDecoded() throws IOException {
        assertOnlyStockDiffers(encoded("gzip", gzip(LEGACY)), plain(CANDIDATE));
    }

    @Test
    void deflateBodiesAreComparedDecodedWhetherZlibWrappedOrRaw() throws IOException {
        assertOnlyStockDiffers(encoded("deflate", deflate(LEGACY, false)), encoded("deflate", deflate(CANDIDATE, true)));
    }

    @Test
    void brotliBodiesAreComparedDecoded() throws IOException {
        Brotli4jLoader.ensureAvailability();
        assertOnlyStockDiffers(encoded("br", Encoder.compress(LEGACY.getBytes(StandardCharsets.UTF_8))),
                encoded("gzip", gzip(CANDIDATE)));
    }

    @Test
    void stackedEncodingsAreUndoneLastFirst() throws IOException {
        Brotli4jLoader.ensureAvailability();
        byte[] gzipThenBr = Encoder.compress(gzip(LEGACY));

        assertOnlyStockDiffers(encoded("gzip, br", gzipThenBr), plain(CANDIDATE));
    }

    @Test
    void anUndecodableBodyIsSkippedWithTheReason() {
        Comparison result = compare(encoded("gzip", "not gzip".getBytes(StandardCharsets.UTF_8)), plain(LEGACY));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
        assertThat(result.skipReason()).startsWith("legacy body: undecodable gzip body");
    }

    @Test
    void aCorruptBrotliBodyIsSkippedWithTheReason() {
        Brotli4jLoader.ensureAvailability();
        Comparison result = compare(plain(LEGACY), encoded("br", "not brotli at all".getBytes(StandardCharsets.UTF_8)));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
        assertThat(result.skipReason()).startsWith("candidate body: undecodable br body");
    }

    @Test
    void anUnknownEncodingIsSkippedWithTheReason() {
        Comparison result = compare(plain(LEGACY), encoded("zstd", new byte[] {1, 2, 3}));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
        assertThat(result.skipReason()).isEqualTo("candidate body: unsupported Content-Encoding 'zstd'");
    }

    @Test
    void aBodyOverTheCapIsSkippedEvenWhenItsCompressedFormIsSmall() throws IOException {
        String big = "{\"pad\":\"" + "a".repeat(100_000) + "\"}";
        byte[] compressed = gzip(big);
        assertThat(compressed.length).isLessThan(1_000);

        Comparison result = new ResponseComparator(rules("maxBodyBytes: 10000"))
                .compare(encoded("gzip", compressed), plain(big));

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.SKIPPED);
        assertThat(result.skipReason()).isEqualTo("legacy body: decoded body is over the cap of 10000 bytes");
    }

    @Test
    void aStatusMismatchIsReportedEvenWhenTheBodyIsSkipped() {
        Response legacy = Response.of(200, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                new byte[] {1});
        Response candidate = Response.of(500, Map.of("Content-Type", "application/json"), new byte[] {1});

        Comparison result = compare(legacy, candidate);

        assertThat(result.outcome()).isEqualTo(Comparison.Outcome.MISMATCH);
        assertThat(result.mismatches()).extracting(Difference::kind).containsExactly(Kind.STATUS);
        assertThat(result.skipReason()).isNotNull();
    }

    private static void assertOnlyStockDiffers(Response legacy, Response candidate) {
        assertThat(compare(legacy, candidate).mismatches()).containsExactly(new Difference(Kind.CHANGED, "/stock", "3", "4"));
    }

    private static Comparison compare(Response legacy, Response candidate) {
        return new ResponseComparator(CompareRules.DEFAULTS).compare(legacy, candidate);
    }

    private static Response plain(String body) {
        return Responses.json(body);
    }

    private static Response encoded(String encoding, byte[] body) {
        return new Response(200, Map.of("Content-Type", List.of("application/json"), "Content-Encoding",
                List.of(encoding)), body);
    }

    private static byte[] gzip(String text) throws IOException {
        return gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflate.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
