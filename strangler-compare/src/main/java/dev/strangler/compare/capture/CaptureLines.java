package dev.strangler.compare.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the capture file format: JSON Lines, one {@link CapturedExchange} per line (documented in
 * {@code strangler-compare/README.md}, "Capture format"). A body is kept as UTF-8 text in {@code body} when it
 * is valid UTF-8, else as Base64 in {@code bodyBase64}. Thread-safe.
 */
public final class CaptureLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureLines() {}

    /** One line of JSON, without the line break. */
    public static String write(CapturedExchange exchange) {
        ObjectNode line = JSON.createObjectNode();
        line.put("v", CapturedExchange.FORMAT_VERSION);
        line.put("at", exchange.at().toString());
        line.put("route", exchange.route());
        line.put("epoch", exchange.epoch());
        if (exchange.session() != null) {
            line.put("session", exchange.session());
        }
        line.put("sideEffect", exchange.sideEffect());
        CapturedRequest request = exchange.request();
        ObjectNode req = line.putObject("request");
        req.put("method", request.method());
        req.put("uri", request.uri());
        headers(req, request.headers());
        body(req, request.body(), request.bodyTruncated());
        CapturedResponse response = exchange.response();
        ObjectNode res = line.putObject("response");
        res.put("status", response.status());
        headers(res, response.headers());
        body(res, response.body(), response.bodyTruncated());
        res.put("latencyMs", response.latencyMs());
        if (response.servedBy() != null) {
            res.put("servedBy", response.servedBy());
        }
        return line.toString();
    }

    /**
     * Reads one line; {@code where} (e.g. {@code "capture.jsonl:12"}) prefixes every error message.
     *
     * @throws InvalidCaptureException naming the field that is missing or wrong
     */
    public static CapturedExchange read(String text, String where) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidCaptureException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (line == null || !line.isObject()) {
            throw new InvalidCaptureException(where + ": a capture line must be a JSON object");
        }
        Fields f = new Fields(line, where);
        int version = f.integer("v");
        if (version != CapturedExchange.FORMAT_VERSION) {
            throw new InvalidCaptureException(where + ": v: format version " + version + " is not supported (this reader takes "
                    + CapturedExchange.FORMAT_VERSION + ")");
        }
        Instant at;
        try {
            at = Instant.parse(f.text("at"));
        } catch (DateTimeParseException e) {
            throw new InvalidCaptureException(where + ": at: not an ISO-8601 instant");
        }
        Fields req = f.object("request");
        Fields res = f.object("response");
        CapturedRequest request = new CapturedRequest(req.text("method"), req.text("uri"), req.headers(), req.body(),
                req.node.path("bodyTruncated").asBoolean(false));
        CapturedResponse response = new CapturedResponse(res.integer("status"), res.headers(), res.body(),
                res.node.path("bodyTruncated").asBoolean(false), res.node.path("latencyMs").asDouble(0),
                res.node.hasNonNull("servedBy") ? res.node.get("servedBy").asText() : null);
        return new CapturedExchange(at, f.text("route"), f.node.path("epoch").asLong(0),
                f.node.hasNonNull("session") ? f.node.get("session").asText() : null, f.text("sideEffect"), request, response);
    }

    private static void headers(ObjectNode message, Map<String, List<String>> headers) {
        ObjectNode out = message.putObject("headers");
        headers.forEach((name, values) -> {
            ArrayNode list = out.putArray(name);
            values.forEach(list::add);
        });
    }

    private static void body(ObjectNode message, byte[] body, boolean truncated) {
        if (body.length > 0) {
            String text = utf8(body);
            if (text != null) {
                message.put("body", text);
            } else {
                message.put("bodyBase64", Base64.getEncoder().encodeToString(body));
            }
        }
        if (truncated) {
            message.put("bodyTruncated", true);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Reads the fields of one object, naming the field's place in every error. */
    private record Fields(JsonNode node, String where) {

        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw new InvalidCaptureException(where + ": " + field + ": required text");
            }
            return value.asText();
        }

        int integer(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.canConvertToInt()) {
                throw new InvalidCaptureException(where + ": " + field + ": required integer");
            }
            return value.asInt();
        }

        Fields object(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isObject()) {
                throw new InvalidCaptureException(where + ": " + field + ": required object");
            }
            return new Fields(value, where + ": " + field);
        }

        Map<String, List<String>> headers() {
            JsonNode value = node.get("headers");
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (value == null || value.isNull()) {
                return out;
            }
            if (!value.isObject()) {
                throw new InvalidCaptureException(where + ": headers: must be an object of name -> [values]");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (!header.getValue().isArray()) {
                    throw new InvalidCaptureException(where + ": headers." + header.getKey() + ": must be a list of texts");
                }
                List<String> values = new ArrayList<>();
                header.getValue().forEach(v -> values.add(v.asText()));
                out.put(header.getKey(), values);
            }
            return out;
        }

        byte[] body() {
            if (node.hasNonNull("body") && node.hasNonNull("bodyBase64")) {
                throw new InvalidCaptureException(where + ": body and bodyBase64: at most one may be given");
            }
            if (node.hasNonNull("bodyBase64")) {
                try {
                    return Base64.getDecoder().decode(node.get("bodyBase64").asText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidCaptureException(where + ": bodyBase64: not Base64");
                }
            }
            return node.hasNonNull("body") ? node.get("body").asText().getBytes(StandardCharsets.UTF_8) : new byte[0];
        }
    }
}
