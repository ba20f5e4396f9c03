package dev.strangler.cli.extract;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;

/**
 * The name of a subdomain being extracted ({@code loyalty-points}) and the names derived from it: the service and
 * its module ({@code loyalty-points-service}), its Java package ({@code dev.strangler.loyaltypoints}), its class
 * prefix ({@code LoyaltyPoints}) and its settings' prefix ({@code LOYALTY_POINTS}).
 */
public record Subdomain(String name) {

    /** Lower-case letters, digits and single dashes between them, starting with a letter. */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final int MAX_LENGTH = 40;

    public Subdomain {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code name} can't name a subdomain, or null when it can. */
    static String problem(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return "the subdomain must be lower-case letters, digits and single dashes, starting with a letter and not ending "
                    + "with a dash ([a-z][a-z0-9-]*), was '" + name + "'";
        }
        if (name.length() > MAX_LENGTH) {
            return "the subdomain must be at most " + MAX_LENGTH + " characters, was " + name.length();
        }
        String segment = name.replace("-", "");
        if (!SourceVersion.isName(segment)) {
            return "the subdomain '" + name + "' would make the Java package dev.strangler." + segment + " (a reserved word)";
        }
        return null;
    }

    /** The service's name in discovery, its module and its route table backend. */
    public String service() {
        return name + "-service";
    }

    public String packageName() {
        return "dev.strangler." + name.replace("-", "");
    }

    /** {@code LoyaltyPoints}: what the service's classes are named after. */
    public String className() {
        return Arrays.stream(name.split("-")).map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining());
    }

    /** {@code LOYALTY_POINTS}: the prefix of the service's environment variables. */
    public String envPrefix() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
