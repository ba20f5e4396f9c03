package dev.strangler.cli.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the monolith's log says about its Redis and PostgreSQL: the ones it embeds when none is configured (it logs
 * "started embedded Redis at redis://…"), or the configured ones.
 */
record EmbeddedServices(Optional<String> redisUrl, Optional<String> jdbcUrl, List<String> lines) {

    /** The log lines are JSON: a URL ends at a quote, a comma or a space. */
    private static final Pattern EMBEDDED = Pattern.compile("started embedded (Redis|PostgreSQL) at ([^\"\\s,]+)");
    private static final Pattern ANY = Pattern.compile("(?:started embedded|Using configured) ([A-Za-z]+) at [^\",]+");

    static EmbeddedServices fromLog(Path log) {
        String text;
        try {
            text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            text = "";
        }
        String redis = null;
        String jdbc = null;
        Matcher embedded = EMBEDDED.matcher(text);
        while (embedded.find()) {
            // The log is appended to at each start: the last ones named are the running monolith's.
            if (embedded.group(1).equals("Redis")) {
                redis = embedded.group(2);
            } else if (embedded.group(1).equals("PostgreSQL")) {
                jdbc = embedded.group(2);
            }
        }
        Map<String, String> latest = new LinkedHashMap<>(); // per server, what the last start said
        Matcher any = ANY.matcher(text);
        while (any.find()) {
            latest.put(any.group(1), any.group());
        }
        return new EmbeddedServices(Optional.ofNullable(redis), Optional.ofNullable(jdbc), List.copyOf(latest.values()));
    }
}
