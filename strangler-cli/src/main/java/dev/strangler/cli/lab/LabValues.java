package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.text.StringSubstitutor;

/**
 * The {@code ${...}} values of ops/topology.yaml for one process (the names are listed at the top of that file):
 * its ports, other apps' ports, Redis, the database, the secrets and the lab's own settings.
 */
final class LabValues {

    private final LabTopology topology;
    private final LabPlan plan;
    private final LabSettings settings;
    private final LabState state;
    private final Supplier<EmbeddedServices> embedded;
    /** The monolith's log, once it named every embedded service the lab needs (it can be long: not read again). */
    private EmbeddedServices known;

    /** {@code embedded} reads the monolith's log when a value needs the Redis or PostgreSQL it embeds. */
    LabValues(LabTopology topology, LabPlan plan, LabSettings settings, LabState state, Supplier<EmbeddedServices> embedded) {
        this.topology = topology;
        this.plan = plan;
        this.settings = settings;
        this.state = state;
        this.embedded = embedded;
    }

    /** The process's environment: every template resolved, the empty ones left out. */
    Map<String, String> environment(LabProcess process) {
        Map<String, String> env = new LinkedHashMap<>();
        process.env().forEach((name, template) -> {
            String value = resolve(template, process, name);
            if (!value.isEmpty()) {
                env.put(name, value);
            }
        });
        return env;
    }

    /** One template for the process; {@code what} names it in a failure. */
    String resolve(String template, LabProcess process, String what) {
        StringSubstitutor substitutor = new StringSubstitutor(key -> lookup(key, process));
        substitutor.setEnableUndefinedVariableException(true);
        try {
            return substitutor.replace(template);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(process.name() + "'s " + what + " (" + template + "): " + e.getMessage()
                    + " (see the value names at the top of " + LabTopology.FILE + ")");
        }
    }

    /** A value, or null when it is absent (the template's default then applies, else it fails). */
    private String lookup(String key, LabProcess process) {
        if (key.equals("port")) {
            return String.valueOf(process.port());
        }
        if (key.startsWith("port.")) {
            return Optional.ofNullable(process.ports().get(key.substring("port.".length()))).map(String::valueOf).orElse(null);
        }
        if (key.startsWith("secret.")) {
            Integer bytes = topology.labSecrets().get(key.substring("secret.".length()));
            return bytes == null ? null : state.secret(key.substring("secret.".length()), bytes);
        }
        if (key.startsWith("setting.")) {
            return settings.value(key.substring("setting.".length())).orElse(null);
        }
        return switch (key) {
            case "redis" -> redis();
            case "redis.configured" -> settings.redisUrl().orElse(null);
            case "database.jdbc" -> database().jdbc();
            case "database.user" -> database().user();
            case "database.password" -> database().password();
            case "database.postgresql" -> database().postgresql();
            case "database.configured.jdbc" -> settings.database().map(LabDatabase::jdbc).orElse(null);
            case "database.configured.user" -> settings.database().map(LabDatabase::user).orElse(null);
            case "database.configured.password" -> settings.database().map(LabDatabase::password).orElse(null);
            default -> key.endsWith(".port")
                    ? plan.firstOf(key.substring(0, key.length() - ".port".length())).map(p -> String.valueOf(p.port())).orElse(null)
                    : null;
        };
    }

    private EmbeddedServices embedded() {
        if (known != null) {
            return known;
        }
        EmbeddedServices read = embedded.get();
        if ((settings.redisUrl().isPresent() || read.redisUrl().isPresent())
                && (settings.database().isPresent() || read.jdbcUrl().isPresent())) {
            known = read;
        }
        return read;
    }

    private String redis() {
        return settings.redisUrl().or(() -> embedded().redisUrl()).orElseThrow(() -> CliFailure.input(
                "REDIS_URL is not set and the monolith's log names no embedded Redis (is legacy-monolith up?)"));
    }

    private LabDatabase database() {
        return settings.database().or(() -> embedded().jdbcUrl().map(url -> LabDatabase.parse(url, null, null)))
                .orElseThrow(() -> CliFailure.input(
                        "DATABASE_URL is not set and the monolith's log names no embedded PostgreSQL (is legacy-monolith up?)"));
    }
}
