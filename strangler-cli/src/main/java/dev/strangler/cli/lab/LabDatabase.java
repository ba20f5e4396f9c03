package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's PostgreSQL in the two forms its apps take: JDBC (the monolith, the relays) with user and password apart,
 * and {@code postgresql://user[:password]@host:port/database} (orders-service).
 */
record LabDatabase(String jdbc, String user, String password, String postgresql) {

    static final int DEFAULT_PORT = 5432;
    /** The embedded PostgreSQL's user, and the user when none is given. */
    static final String DEFAULT_USER = "postgres";

    /**
     * From a {@code jdbc:postgresql://}, {@code postgresql://} or {@code postgres://} URL; {@code user} and
     * {@code password} (may be null) win over those in the URL (its user info or user/password parameters).
     */
    static LabDatabase parse(String url, String user, String password) {
        String text = url.strip();
        URI uri;
        try {
            uri = URI.create(text.startsWith("jdbc:") ? text.substring("jdbc:".length()) : text);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input("DATABASE_URL is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") || uri.getHost() == null
                || uri.getRawPath() == null || uri.getRawPath().length() <= 1) {
            throw CliFailure.input("DATABASE_URL must be a jdbc:postgresql://host:port/database or "
                    + "postgresql://user@host:port/database URL");
        }
        String urlUser = null;
        String urlPassword = null;
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "user" -> urlUser = value;
                    case "password" -> urlPassword = value;
                    default -> kept.add(pair);
                }
            }
        }
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            urlUser = decode(colon < 0 ? info : info.substring(0, colon));
            urlPassword = colon < 0 ? urlPassword : decode(info.substring(colon + 1));
        }
        String who = blank(user) ? (blank(urlUser) ? DEFAULT_USER : urlUser) : user;
        String secret = blank(password) ? (blank(urlPassword) ? null : urlPassword) : password;
        String location = uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort()) + uri.getRawPath()
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        String userInfo = encode(who) + (secret == null ? "" : ":" + encode(secret));
        return new LabDatabase("jdbc:postgresql://" + location, who, secret, "postgresql://" + userInfo + "@" + location);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
