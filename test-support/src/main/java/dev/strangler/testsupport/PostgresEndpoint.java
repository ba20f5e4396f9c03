package dev.strangler.testsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a real PostgreSQL server listens, the role the harness uses there, the database it
 * connects to for administration (creating and dropping test databases), and which path provided it.
 */
public record PostgresEndpoint(String host, int port, String username, String password, String adminDatabase, String source) {

  public static final int DEFAULT_PORT = 5432;

  public PostgresEndpoint {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(adminDatabase, "adminDatabase == null");
    Objects.requireNonNull(source, "source == null");
  }

  /**
   * Reads {@code postgresql://user[:password]@host[:port]/database} (also {@code postgres://}) or
   * {@code jdbc:postgresql://host[:port]/database?user=…&password=…}, as in DATABASE_URL.
   */
  public static PostgresEndpoint parse(String url, String source) {
    String text = url.trim();
    boolean jdbc = text.startsWith("jdbc:");
    URI uri;
    try {
      uri = URI.create(jdbc ? text.substring("jdbc:".length()) : text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + e.getMessage());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("PostgreSQL URL must start with postgresql://, postgres:// or jdbc:postgresql:// (got " + uri.getScheme() + ")");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("PostgreSQL URL has no host");
    }
    Map<String, String> query = query(uri.getRawQuery());
    String user = query.get("user");
    String password = query.get("password");
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? password : decode(info.substring(colon + 1));
    }
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    return new PostgresEndpoint(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(),
        user == null ? "postgres" : user, password, database, source);
  }

  /** The JDBC URL of one database on this server (credentials are passed separately). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", username);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  @Override
  public String toString() {
    // Never print the password.
    return "postgresql://" + username + "@" + host + ":" + port + "/" + adminDatabase + " (" + source + ")";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
