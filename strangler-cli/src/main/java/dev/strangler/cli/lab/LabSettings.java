package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.CliFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's settings, read here only, from the environment of {@code strangler lab}: the Redis and PostgreSQL to use
 * (else the monolith embeds its own), the port settings ops/topology.yaml names, and how processes run.
 */
public record LabSettings(Map<String, String> env) {

    /** How long {@code lab up} waits for each process's health URL ({@code LAB_START_TIMEOUT}, seconds). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);
    /** How long {@code lab down} waits after SIGTERM before killing ({@code LAB_STOP_TIMEOUT}, seconds). */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The JVM options of every process ({@code LAB_JAVA_OPTS}): eight JVMs share one machine. */
    public static final String DEFAULT_JAVA_OPTIONS = "-Xmx384m -XX:+UseSerialGC";

    public LabSettings {
        env = Map.copyOf(env);
    }

    /** REDIS_URL when set. */
    public Optional<String> redisUrl() {
        return value("REDIS_URL");
    }

    /** DATABASE_URL with DATABASE_USER / DATABASE_PASSWORD, when DATABASE_URL is set. */
    Optional<LabDatabase> database() {
        return value("DATABASE_URL").map(url -> LabDatabase.parse(url, env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD")));
    }

    /** A variable of the environment, when set and not blank. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    public Duration startTimeout() {
        return seconds("LAB_START_TIMEOUT", DEFAULT_START_TIMEOUT);
    }

    public Duration stopTimeout() {
        return seconds("LAB_STOP_TIMEOUT", DEFAULT_STOP_TIMEOUT);
    }

    public List<String> javaOptions() {
        return Arrays.stream(value("LAB_JAVA_OPTS").orElse(DEFAULT_JAVA_OPTIONS).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The ports a port setting lists (space- or comma-separated), in order; empty when unset. */
    public List<Integer> ports(String setting) {
        List<Integer> ports = new ArrayList<>();
        for (String item : value(setting).orElse("").trim().split("[\\s,]+")) {
            if (item.isEmpty()) {
                continue;
            }
            try {
                int port = Integer.parseInt(item);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new CliFailure(ExitCodes.USAGE, setting + " must list ports (1-65535), space-separated; was '"
                        + env.get(setting) + "'");
            }
        }
        return ports;
    }

    private Duration seconds(String name, Duration fallback) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.get()) * 1000));
        } catch (NumberFormatException e) {
            throw new CliFailure(ExitCodes.USAGE, name + " must be a number of seconds; was '" + text.get() + "'");
        }
    }
}
