package dev.strangler.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A Redis deployment described by one URL, parsed and validated here for every component:
 * <ul>
 *   <li>standalone: {@code redis://[user:password@]host[:6379][/db]} ({@code rediss://} for TLS), used as it is;</li>
 *   <li>Sentinel: {@code redis-sentinel://[user:password@]host1[:26379],host2,host3[/db]?master=<name>}
 *       ({@code rediss-sentinel://} for TLS), the sentinels to ask which server is the master of {@code <name>};</li>
 *   <li>Cluster: {@code redis-cluster://[user:password@]host1[:6379],host2,...} ({@code rediss-cluster://}), seed nodes.</li>
 * </ul>
 * The credentials (percent-encoded in the URL) go to every server the client talks to, sentinels included. A
 * {@code rediss} URL may name the CA certificates to trust instead of the JVM's trust store with
 * {@code ?tls-ca-cert-file=<PEM file>} ({@link RedisTrust}), read when the URL is.
 */
public final class RedisDeployment {

  /** How the servers are arranged. */
  public enum Mode {
    STANDALONE("redis", 6379),
    SENTINEL("redis-sentinel", 26379),
    CLUSTER("redis-cluster", 6379);

    private final String scheme;
    private final int defaultPort;

    Mode(String scheme, int defaultPort) {
      this.scheme = scheme;
      this.defaultPort = defaultPort;
    }

    /** The URL scheme without TLS ({@code redis-sentinel}); with TLS the first part gains an {@code s}. */
    public String scheme() {
      return scheme;
    }

    /** The port a node without one is given. */
    public int defaultPort() {
      return defaultPort;
    }
  }

  /** One server of the URL. */
  public record Node(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final String MASTER_PARAMETER = "master";
  /** Parameters naming TLS files: read here, never passed on to a client. */
  private static final List<String> TLS_FILE_PARAMETERS = List.of(RedisTrust.PARAMETER, RedisClientCertificate.CERT_PARAMETER,
      RedisClientCertificate.KEY_PARAMETER);

  private final String url;
  private final Mode mode;
  private final boolean tls;
  private final List<Node> nodes;
  private final String rawUserInfo;
  private final String user;
  private final String password;
  private final int database;
  private final String masterName;
  private final RedisTrust trust;
  private final RedisClientCertificate clientCertificate;

  private RedisDeployment(String url, Mode mode, boolean tls, List<Node> nodes, String rawUserInfo, String user, String password,
      int database, String masterName, RedisTrust trust, RedisClientCertificate clientCertificate) {
    this.url = url;
    this.mode = mode;
    this.tls = tls;
    this.nodes = List.copyOf(nodes);
    this.rawUserInfo = rawUserInfo;
    this.user = user;
    this.password = password;
    this.database = database;
    this.masterName = masterName;
    this.trust = trust;
    this.clientCertificate = clientCertificate;
  }

  /** Reads {@code url}; fails with a message that names what is wrong and never shows the password. */
  public static RedisDeployment parse(String url) {
    Objects.requireNonNull(url, "url == null");
    String text = url.trim();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid("must start with redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or rediss-cluster://");
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    boolean tls = scheme.startsWith("rediss");
    Mode mode = modeOf(tls ? "redis" + scheme.substring("rediss".length()) : scheme);
    String rest = text.substring(schemeEnd + 3);
    int authorityEnd = firstOf(rest, '/', '?');
    String authority = rest.substring(0, authorityEnd);
    String path = rest.substring(authorityEnd);
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    int at = authority.lastIndexOf('@');
    String rawUserInfo = at < 0 ? null : authority.substring(0, at);
    String hosts = authority.substring(at + 1);
    List<Node> nodes = nodes(hosts, mode);
    if (mode == Mode.STANDALONE && nodes.size() > 1) {
      throw invalid("names more than one server: a redis:// URL names one; use redis-sentinel:// or redis-cluster:// for several");
    }
    int database = database(path);
    if (mode == Mode.CLUSTER && database != 0) {
      throw invalid("names database /" + database + ", but a Redis Cluster has only database 0");
    }
    String master = masterName(query, mode);
    String caFile = parameter(query, RedisTrust.PARAMETER);
    if (caFile != null && !tls) {
      throw invalid("has ?" + RedisTrust.PARAMETER + "=, which only TLS URLs (rediss://, rediss-sentinel://, rediss-cluster://) take");
    }
    if (caFile != null && caFile.isBlank()) {
      throw invalid("has an empty ?" + RedisTrust.PARAMETER + "=: name a PEM file of CA certificates");
    }
    RedisTrust trust = caFile == null ? null : RedisTrust.read(caFile);
    RedisClientCertificate certificate = clientCertificate(query, tls);
    String clientUrl = text;
    for (String tlsFile : TLS_FILE_PARAMETERS) {
      if (parameter(query, tlsFile) != null) {
        clientUrl = withoutParameter(clientUrl, clientUrl.indexOf('?'), tlsFile);
      }
    }
    String user = null;
    String password = null;
    if (rawUserInfo != null) {
      int colon = rawUserInfo.indexOf(':');
      String rawUser = colon < 0 ? "" : rawUserInfo.substring(0, colon);
      user = rawUser.isEmpty() ? null : decode(rawUser);
      password = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(colon + 1));
    }
    return new RedisDeployment(clientUrl, mode, tls, nodes, rawUserInfo, user, password, database, master, trust,
        certificate);
  }

  /** The client certificate the URL names with both of its parameters, null with neither. */
  private static RedisClientCertificate clientCertificate(String query, boolean tls) {
    String cert = parameter(query, RedisClientCertificate.CERT_PARAMETER);
    String key = parameter(query, RedisClientCertificate.KEY_PARAMETER);
    if (cert == null && key == null) {
      return null;
    }
    if (!tls) {
      throw invalid("has ?" + (cert != null ? RedisClientCertificate.CERT_PARAMETER : RedisClientCertificate.KEY_PARAMETER)
          + "=, which only TLS URLs (rediss://, rediss-sentinel://, rediss-cluster://) take");
    }
    if (cert == null || cert.isBlank() || key == null || key.isBlank()) {
      throw invalid("needs both ?" + RedisClientCertificate.CERT_PARAMETER + "= (a PEM certificate) and ?"
          + RedisClientCertificate.KEY_PARAMETER + "= (its PKCS#8 PEM private key) for a client certificate");
    }
    return RedisClientCertificate.read(cert, key);
  }

  private static Mode modeOf(String plainScheme) {
    for (Mode m : Mode.values()) {
      if (m.scheme.equals(plainScheme)) {
        return m;
      }
    }
    throw invalid("must start with redis://, rediss://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or rediss-cluster://");
  }

  private static List<Node> nodes(String hosts, Mode mode) {
    if (hosts.isEmpty()) {
      throw invalid("names no host");
    }
    List<Node> nodes = new ArrayList<>();
    for (String part : hosts.split(",", -1)) {
      nodes.add(node(part.trim(), mode));
    }
    return nodes;
  }

  private static Node node(String text, Mode mode) {
    if (text.isEmpty()) {
      throw invalid("has an empty host in its list");
    }
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid("has an IPv6 host without its closing ']': " + text);
      }
      host = text.substring(1, close);
      port = text.length() > close + 1 && text.charAt(close + 1) == ':' ? text.substring(close + 2) : null;
    } else {
      int colon = text.lastIndexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw invalid("has a node without a host: " + text);
    }
    return new Node(host, port == null ? mode.defaultPort : port(port, text));
  }

  private static int port(String text, String node) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("has a port that is not 1-65535: " + node);
  }

  private static int database(String path) {
    String db = path.startsWith("/") ? path.substring(1) : path;
    if (db.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(db);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("has a database that is not a number >= 0: /" + db);
  }

  private static String masterName(String query, Mode mode) {
    String master = null;
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (MASTER_PARAMETER.equals(name)) {
        master = eq < 0 ? "" : decode(pair.substring(eq + 1));
      } else if (mode != Mode.STANDALONE && !TLS_FILE_PARAMETERS.contains(name)) {
        throw invalid("has an unknown parameter '" + name + "' (a " + mode.scheme + ":// URL knows only master=, "
            + String.join("=, ", TLS_FILE_PARAMETERS) + "=)");
      }
    }
    if (mode == Mode.SENTINEL && (master == null || master.isBlank())) {
      throw invalid("needs ?master=<name> with redis-sentinel://: the master name the sentinels monitor");
    }
    if (mode != Mode.SENTINEL && master != null) {
      throw invalid("has ?master=, which only redis-sentinel:// URLs take");
    }
    return master;
  }

  /** The decoded value of the query parameter {@code name}, null when absent. */
  private static String parameter(String query, String name) {
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (name.equals(eq < 0 ? pair : pair.substring(0, eq))) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  /** {@code url} without the query parameter {@code name} (the query starts at {@code queryStart}, the '?'). */
  private static String withoutParameter(String url, int queryStart, String name) {
    List<String> kept = new ArrayList<>();
    for (String pair : url.substring(queryStart + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (!name.equals(eq < 0 ? pair : pair.substring(0, eq))) {
        kept.add(pair);
      }
    }
    return url.substring(0, queryStart) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  private static int firstOf(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    if (i < 0) {
      return j < 0 ? text.length() : j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("has a bad %-escape in its user or password");
    }
  }

  private static InvalidRedisUrlException invalid(String problem) {
    return new InvalidRedisUrlException("Redis URL " + problem);
  }

  /**
   * The URL as given (trimmed) without its {@value RedisTrust#PARAMETER} parameter: what a standalone client is handed
   * unchanged.
   */
  public String url() {
    return url;
  }

  public Mode mode() {
    return mode;
  }

  /** True for the {@code rediss} schemes: every connection (sentinels included) uses TLS. */
  public boolean tls() {
    return tls;
  }

  /** The server, the sentinels or the cluster's seed nodes, in the URL's order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The ACL user, null for the {@code default} user. */
  public String user() {
    return user;
  }

  /** The password, null when none. */
  public String password() {
    return password;
  }

  public int database() {
    return database;
  }

  /** The CA certificates to trust instead of the JVM's trust store; null when the URL names none. */
  public RedisTrust trust() {
    return trust;
  }

  /** The certificate presented to Redis (mutual TLS); null when the URL names none. */
  public RedisClientCertificate clientCertificate() {
    return clientCertificate;
  }

  /**
   * A JDK TLS context with the URL's CA file (else the JVM's trust store) and client certificate (else none), for
   * clients that take one; null when the URL names neither, so the client's own default applies.
   */
  public SSLContext sslContext() {
    if (trust == null && clientCertificate == null) {
      return null;
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(clientCertificate == null ? null : clientCertificate.keyManagers(),
          trust == null ? null : trust.trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context for " + this, e);
    }
  }

  /** The master name the sentinels monitor; null unless Sentinel. */
  public String masterName() {
    return masterName;
  }

  /**
   * One plain URL per node ({@code redis[s]://[userinfo@]host:port[/db]}), credentials as given: the form Vert.x takes
   * its endpoints in.
   */
  public List<String> nodeUrls() {
    List<String> urls = new ArrayList<>();
    for (Node node : nodes) {
      urls.add((tls ? "rediss://" : "redis://") + (rawUserInfo == null ? "" : rawUserInfo + "@") + node
          + (mode == Mode.CLUSTER ? "" : "/" + database));
    }
    return urls;
  }

  /** The URL with its password replaced by {@code ***}: safe for logs and problems. */
  public String redacted() {
    return redact(url);
  }

  /** {@code url} with any password replaced by {@code ***}, for logs, also when the URL does not parse. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("//([^@/:]*):[^@/]*@", "//$1:***@");
  }

  @Override
  public String toString() {
    return redacted();
  }
}
