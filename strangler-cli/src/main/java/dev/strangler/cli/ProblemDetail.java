package dev.strangler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What an admin API's error answer says, for a message: the problem's (RFC 9457) detail or title, else its first line. */
public final class ProblemDetail {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHARS = 200;

    private ProblemDetail() {}

    /** {@code ": <detail>"}, or empty when the body says nothing; never more than one line. */
    public static String of(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        try {
            JsonNode problem = JSON.readTree(text);
            String said = problem.path("detail").asText(problem.path("title").asText(""));
            if (!said.isBlank()) {
                return ": " + said;
            }
        } catch (IOException e) {
            // not a problem document: show the text itself
        }
        String first = text.lines().findFirst().orElse("");
        return ": " + (first.length() > MAX_CHARS ? first.substring(0, MAX_CHARS) + "…" : first);
    }
}
