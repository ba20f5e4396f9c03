package dev.strangler.testsupport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Where a real Redis server listens, and which harness path provided it. */
public record RedisEndpoint(String host, int port, String username, String password, int database, String source) {

  public static final int DEFAULT_PORT = 6379;

  public RedisEndpoint {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(source, "source == null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("database < 0: " + database);
    }
  }

  /** Reads {@code redis://[[user]:password@]host[:port][/database]}, as in REDIS_URL. */
  public static RedisEndpoint parse(String url, String source) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Redis URL: " + e.getMessage());
    }
    if (!"redis".equals(uri.getScheme())) {
      throw new IllegalArgumentException("Redis URL must start with redis:// (got scheme " + uri.getScheme() + ")");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Redis URL has no host");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      if (colon < 0) {
        password = decode(info);
      } else {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Redis URL database must be a number, got " + path.substring(1));
      }
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    return new RedisEndpoint(uri.getHost(), port, user, password, database, source);
  }

  /** The URL form, {@code redis://host:port/database}, with credentials when there are any. */
  public String uri() {
    String auth = "";
    if (password != null) {
      auth = (username == null ? "" : enc(username)) + ":" + enc(password) + "@";
    }
    return "redis://" + auth + host + ":" + port + "/" + database;
  }

  /** A new plain connection, for harness work and assertions; the caller closes it. */
  public Jedis connect() {
    return new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
        .user(username).password(password).database(database)
        .connectionTimeoutMillis(2_000).socketTimeoutMillis(5_000).build());
  }

  @Override
  public String toString() {
    // Never print the password.
    return "redis://" + host + ":" + port + "/" + database + " (" + source + ")";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
