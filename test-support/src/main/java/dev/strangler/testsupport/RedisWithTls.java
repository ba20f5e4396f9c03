package dev.strangler.testsupport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * A {@code redis-server} of the test's own that speaks only TLS on a free loopback port, with a throwaway CA and server
 * certificate ({@link TestCertificates}) made for this run and deleted by {@link #close()}.
 */
public final class RedisWithTls implements AutoCloseable {

  private final TestCertificates certificates;
  private final RedisServerProcess server;

  private RedisWithTls(TestCertificates certificates, RedisServerProcess server) {
    this.certificates = certificates;
    this.server = server;
  }

  public static RedisWithTls start() {
    return start(List.of());
  }

  /** Starts one with more command-line settings ({@code --aclfile …}). */
  public static RedisWithTls start(List<String> extraArguments) {
    return start(TestCertificates.create(), extraArguments);
  }

  /** Starts one with these certificates (deleted by {@link #close()}) and more command-line settings. */
  public static RedisWithTls start(TestCertificates certificates, List<String> extraArguments) {
    try {
      return new RedisWithTls(certificates, RedisServerProcess.startTls(certificates, extraArguments));
    } catch (RuntimeException e) {
      certificates.delete();
      throw e;
    }
  }

  /** {@code rediss://127.0.0.1:<port>/0?tls-ca-cert-file=<the test CA>}: trusts this run's CA. */
  public String url() {
    return untrustedUrl() + "?tls-ca-cert-file=" + URLEncoder.encode(certificates.caCert().toString(), StandardCharsets.UTF_8);
  }

  /** {@link #url()} presenting this run's client certificate (for a server started with {@code --tls-auth-clients yes}). */
  public String urlWithClientCertificate() {
    return url() + "&tls-cert-file=" + URLEncoder.encode(certificates.clientCert().toString(), StandardCharsets.UTF_8)
        + "&tls-key-file=" + URLEncoder.encode(certificates.clientKey().toString(), StandardCharsets.UTF_8);
  }

  /** {@link #url()} logged in as {@code user}. */
  public String url(String user, String password) {
    return url().replace("rediss://", "rediss://" + user + ":" + password + "@");
  }

  /** {@code rediss://127.0.0.1:<port>/0} without a CA: only the JVM's trust store, which does not know this run's CA. */
  public String untrustedUrl() {
    return "rediss://127.0.0.1:" + server.port() + "/0";
  }

  /** {@code redis://127.0.0.1:<port>/0}: plain text to a port that speaks only TLS. */
  public String plainUrl() {
    return "redis://127.0.0.1:" + server.port() + "/0";
  }

  /**
   * A Jedis connection over TLS trusting this run's CA through Jedis' own trust-store option (not through the code under
   * test), hostname verified, presenting the client certificate: to set up and inspect what a test needs.
   */
  public Jedis connect() {
    SslOptions ssl = SslOptions.builder().truststore(certificates.caTrustStore().toFile(),
            TestCertificates.TRUST_STORE_PASSWORD.toCharArray()).trustStoreType("PKCS12").sslVerifyMode(SslVerifyMode.FULL)
        .keystore(certificates.clientKeyStore().toFile(), TestCertificates.TRUST_STORE_PASSWORD.toCharArray())
        .keyStoreType("PKCS12").build();
    return new Jedis(new HostAndPort("127.0.0.1", server.port()), DefaultJedisClientConfig.builder().sslOptions(ssl).build());
  }

  public TestCertificates certificates() {
    return certificates;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    certificates.delete();
  }
}
