package dev.strangler.cli.extract;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a scaffold is made from: the subdomain and the choices about it, each with its default, and the placeholders
 * the template is filled with.
 *
 * @param subdomain the subdomain being extracted
 * @param pathPattern the route's path pattern, ending in {@code /**}; default {@code /api/<subdomain>/**} ({@link #defaultPath})
 * @param aggregate the monolith's aggregate type whose events the service consumes; default the subdomain's class name
 * @param port the service's default HTTP port; default {@value #DEFAULT_PORT}
 */
public record ExtractOptions(Subdomain subdomain, String pathPattern, String aggregate, int port) {

    /** The first port after the lab's (legacy 8081, catalog 8082/8083, orders 8084). */
    public static final int DEFAULT_PORT = 8085;
    static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+/\\*\\*");
    static final Pattern AGGREGATE = Pattern.compile("[A-Z][A-Za-z0-9]*");

    public ExtractOptions {
        Objects.requireNonNull(subdomain, "subdomain == null");
        if (pathPattern == null || !PATH.matcher(pathPattern).matches()) {
            throw new IllegalArgumentException("the path must be a literal prefix ending in /**, e.g. /api/"
                    + subdomain.name() + "/**, was '" + pathPattern + "'");
        }
        if (aggregate == null || !AGGREGATE.matcher(aggregate).matches()) {
            throw new IllegalArgumentException("the aggregate type must be a Java class name such as "
                    + subdomain.className() + ", was '" + aggregate + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be between 1 and 65535, was " + port);
        }
    }

    /** The defaults for {@code subdomain}. */
    public static ExtractOptions of(Subdomain subdomain) {
        return new ExtractOptions(subdomain, defaultPath(subdomain), subdomain.className(), DEFAULT_PORT);
    }

    public static String defaultPath(Subdomain subdomain) {
        return "/api/" + subdomain.name() + "/**";
    }

    /** The path pattern without its {@code /**}: where the example endpoint lives. */
    public String basePath() {
        return pathPattern.substring(0, pathPattern.length() - "/**".length());
    }

    /** Every placeholder of the template with its value. */
    public Map<String, String> placeholders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("subdomain", subdomain.name());
        values.put("service", subdomain.service());
        values.put("title", Character.toUpperCase(subdomain.name().charAt(0)) + subdomain.name().substring(1).replace('-', ' '));
        values.put("packageName", subdomain.packageName());
        values.put("packagePath", subdomain.packageName().replace('.', '/'));
        values.put("className", subdomain.className());
        values.put("env", subdomain.envPrefix());
        values.put("aggregate", aggregate);
        values.put("aggregateKey", aggregate.toLowerCase(Locale.ROOT));
        // The relay's stream of an aggregate type: events:<type in lower case>.
        values.put("stream", "events:" + aggregate.toLowerCase(Locale.ROOT));
        values.put("basePath", basePath());
        values.put("pathPattern", pathPattern);
        values.put("port", Integer.toString(port));
        return values;
    }
}
