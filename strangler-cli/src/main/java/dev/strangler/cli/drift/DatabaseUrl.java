package dev.strangler.cli.drift;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a database URL of a drift spec: {@code postgresql://user@host[:port]/db[?params]} (also {@code postgres://})
 * or {@code jdbc:postgresql://host[:port]/db[?user=…&params]}. A password in the URL is refused: it would end up in
 * files, logs and reports; it comes from the environment variable the spec names.
 */
final class DatabaseUrl {

    static final int DEFAULT_PORT = 5432;
    static final String DEFAULT_USER = "postgres";

    private DatabaseUrl() {}

    /** The database, or null after adding what is wrong (at {@code place}) to {@code problems}. */
    static DriftSpec.Database parse(String text, String passwordEnv, String place, List<String> problems) {
        String url = text.strip();
        boolean jdbc = url.startsWith("jdbc:");
        URI uri;
        try {
            uri = URI.create(jdbc ? url.substring("jdbc:".length()) : url);
        } catch (IllegalArgumentException e) {
            problems.add(place + ": not a URL (" + e.getMessage() + ")");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(jdbc ? scheme.equals("postgresql") : scheme.equals("postgresql") || scheme.equals("postgres"))) {
            problems.add(place + ": must be a postgresql://user@host:port/database or jdbc:postgresql://host:port/"
                    + "database URL, was '" + redacted(url) + "'");
            return null;
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
            problems.add(place + ": give a host and a database, e.g. postgresql://acme@127.0.0.1:5432/acme, was '"
                    + redacted(url) + "'");
            return null;
        }
        String user = null;
        List<String> kept = new ArrayList<>();
        boolean password = false;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
                String value = pair.contains("=") ? decode(pair.substring(pair.indexOf('=') + 1)) : "";
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "user" -> user = value;
                    case "password" -> password = true;
                    default -> kept.add(pair);
                }
            }
        }
        String info = uri.getRawUserInfo();
        if (info != null) {
            password |= info.contains(":");
            user = decode(info.contains(":") ? info.substring(0, info.indexOf(':')) : info);
        }
        if (password) {
            problems.add(place + ": has a password in it; name the environment variable holding it in passwordEnv "
                    + "instead (a password in the spec ends up in files, logs and reports)");
            return null;
        }
        String hostPort = uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
        String query = kept.isEmpty() ? "" : "?" + String.join("&", kept);
        String jdbcUrl = "jdbc:postgresql://" + hostPort + uri.getRawPath() + query;
        String who = user == null ? DEFAULT_USER : user;
        return new DriftSpec.Database(jdbcUrl, who, passwordEnv,
                "postgresql://" + who + "@" + hostPort + uri.getRawPath() + query);
    }

    /** The URL with anything after {@code user:} or {@code password=} blanked, for messages. */
    static String redacted(String url) {
        return url.replaceAll("(//[^/:@]*):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
