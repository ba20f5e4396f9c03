package dev.strangler.compare;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Undoes a body's {@code Content-Encoding} (gzip, deflate, br, identity; several applied in order), within a size cap. */
public final class BodyDecoder {

    /** The decoded bytes, or why there are none. */
    public record Decoded(byte[] body, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private BodyDecoder() {}

    /** {@code response}'s body with its {@code Content-Encoding} undone, or why it can't be, refusing more than {@code maxBytes}. */
    public static Decoded decode(Response response, long maxBytes) {
        byte[] body = response.body();
        List<String> codings = codings(response.headers("content-encoding"));
        // Codings are listed in the order they were applied: undo them last first.
        for (int i = codings.size() - 1; i >= 0; i--) {
            String coding = codings.get(i);
            try {
                body = switch (coding) {
                    case "identity" -> body;
                    case "gzip", "x-gzip" -> read(new GZIPInputStream(new ByteArrayInputStream(body)), maxBytes);
                    case "deflate" -> inflate(body, maxBytes);
                    case "br" -> brotli(body, maxBytes);
                    default -> throw new UnsupportedEncoding("unsupported Content-Encoding '" + coding + "'");
                };
            } catch (UnsupportedEncoding | TooLarge e) {
                return new Decoded(null, e.getMessage());
            } catch (IOException | RuntimeException e) {
                return new Decoded(null, "undecodable " + coding + " body: " + e.getMessage());
            }
        }
        if (body.length > maxBytes) {
            return new Decoded(null, "body of " + body.length + " bytes is over the cap of " + maxBytes);
        }
        return new Decoded(body, null);
    }

    private static List<String> codings(List<String> headerValues) {
        return headerValues.stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static byte[] inflate(byte[] body, long maxBytes) throws IOException {
        // "deflate" is meant to be zlib-wrapped (RFC 9110), but some servers send raw deflate: try both.
        try {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(false)), maxBytes);
        } catch (java.util.zip.ZipException zlibFailed) {
            return read(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), maxBytes);
        }
    }

    private static byte[] brotli(byte[] body, long maxBytes) throws IOException {
        if (!Brotli4jLoader.isAvailable()) {
            throw new UnsupportedEncoding("br body: no brotli native library for this platform ("
                    + Brotli4jLoader.getUnavailabilityCause() + ")");
        }
        return read(new BrotliInputStream(new ByteArrayInputStream(body)), maxBytes);
    }

    /** Reads at most maxBytes + 1 so a decompression bomb is refused without being inflated. */
    private static byte[] read(InputStream in, long maxBytes) throws IOException {
        try (in) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (out.length > maxBytes) {
                throw new TooLarge("decoded body is over the cap of " + maxBytes + " bytes");
            }
            return out;
        }
    }

    private static final class UnsupportedEncoding extends RuntimeException {
        UnsupportedEncoding(String message) {
            super(message, null, false, false);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }
}
