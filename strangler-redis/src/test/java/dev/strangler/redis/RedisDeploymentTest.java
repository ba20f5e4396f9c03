package dev.strangler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.testsupport.RedisUrlTable;
import dev.strangler.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RedisDeploymentTest {

  @ParameterizedTest
  @MethodSource("dev.strangler.testsupport.RedisUrlTable#valid")
  void readsWhatEachUrlOfTheTableDescribes(RedisUrlTable.Valid row) {
    RedisDeployment d = RedisDeployment.parse(row.url());

    assertThat(d.mode().name()).isEqualTo(row.mode());
    assertThat(d.nodes()).extracting(n -> n.host() + ":" + n.port()).containsExactlyElementsOf(row.nodes());
    assertThat(d.user()).isEqualTo(row.user());
    assertThat(d.password()).isEqualTo(row.password());
    assertThat(d.database()).isEqualTo(row.database());
    assertThat(d.tls()).isEqualTo(row.tls());
    assertThat(d.masterName()).isEqualTo(row.master());
  }

  @ParameterizedTest
  @MethodSource("dev.strangler.testsupport.RedisUrlTable#invalid")
  void refusesEachBadUrlOfTheTableSayingWhy(RedisUrlTable.Invalid row) {
    assertThatThrownBy(() -> RedisDeployment.parse(row.url()))
        .isInstanceOf(InvalidRedisUrlException.class)
        .hasMessageContaining(row.messagePart());
  }

  @Test
  void aStandaloneUrlIsKeptAsItIsForTheClient() {
    assertThat(RedisDeployment.parse(" redis://app:pw@h:6379/2 ").url()).isEqualTo("redis://app:pw@h:6379/2");
  }

  @Test
  void nodeUrlsCarryCredentialsDatabaseAndTlsAsWritten() {
    assertThat(RedisDeployment.parse("rediss-sentinel://u:p%40w@s1:1,s2:2/4?master=m").nodeUrls())
        .containsExactly("rediss://u:p%40w@s1:1/4", "rediss://u:p%40w@s2:2/4");
    assertThat(RedisDeployment.parse("redis-cluster://n1:7000,n2:7001").nodeUrls())
        .containsExactly("redis://n1:7000", "redis://n2:7001");
  }

  @Test
  void neitherTheRedactedFormNorAProblemShowsThePassword() {
    assertThat(RedisDeployment.parse("redis-sentinel://u:hunter2@s1,s2?master=m").redacted())
        .isEqualTo("redis-sentinel://u:***@s1,s2?master=m");
    assertThat(RedisDeployment.redact("redis://:hunter2@h:6379")).isEqualTo("redis://:***@h:6379");
    assertThatThrownBy(() -> RedisDeployment.parse("redis-sentinel://u:hunter2@s1,s2"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aTlsUrlNamesTheCaFileToTrustWhichTheClientUrlDoesNotCarry() {
    TestCertificates certificates = TestCertificates.create();
    try {
      String ca = certificates.caCert().toString();
      RedisDeployment d = RedisDeployment.parse("rediss://u:p@h:6380/1?tls-ca-cert-file=" + ca);

      assertThat(d.trust().caFile()).isEqualTo(certificates.caCert());
      assertThat(d.url()).isEqualTo("rediss://u:p@h:6380/1");
      assertThat(RedisDeployment.parse("rediss-sentinel://s1,s2?master=m&tls-ca-cert-file=" + ca).trust()).isNotNull();
      assertThat(RedisDeployment.parse("rediss-cluster://n1,n2?tls-ca-cert-file=" + ca).nodeUrls())
          .containsExactly("rediss://n1:6379", "rediss://n2:6379");
    } finally {
      certificates.delete();
    }
  }

  @Test
  void aTlsUrlNamesAClientCertificateAndItsKeyWhichTheClientUrlDoesNotCarry() {
    TestCertificates certificates = TestCertificates.create();
    try {
      String files = "tls-cert-file=" + certificates.clientCert() + "&tls-key-file=" + certificates.clientKey();
      RedisDeployment d = RedisDeployment.parse("rediss://u:p@h:6380/1?tls-ca-cert-file=" + certificates.caCert() + "&" + files);

      assertThat(d.clientCertificate().certFile()).isEqualTo(certificates.clientCert());
      assertThat(d.clientCertificate().keyFile()).isEqualTo(certificates.clientKey());
      assertThat(d.url()).isEqualTo("rediss://u:p@h:6380/1");
      assertThat(d.sslContext()).isNotNull();
      assertThat(RedisDeployment.parse("rediss://h?" + files).trust()).as("the JVM's trust store then").isNull();
      assertThat(RedisDeployment.parse("rediss-sentinel://s1,s2?master=m&" + files).clientCertificate()).isNotNull();
      assertThat(RedisDeployment.parse("rediss://h").sslContext()).as("the client's own default").isNull();
    } finally {
      certificates.delete();
    }
  }

  @Test
  void aClientCertificateNeedsItsKeyATlsUrlAndAPkcs8KeyThatIsItsOwn(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create();
    try {
      String cert = certificates.clientCert().toString();
      String key = certificates.clientKey().toString();
      Path pkcs1 = dir.resolve("client-pkcs1.key");
      Process convert = new ProcessBuilder("openssl", "pkey", "-in", key, "-traditional", "-out", pkcs1.toString())
          .redirectErrorStream(true).start();
      assertThat(convert.waitFor()).as("openssl pkey -traditional").isZero();

      assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-cert-file=" + cert))
          .isInstanceOf(InvalidRedisUrlException.class).hasMessageContaining("needs both ?tls-cert-file= (a PEM certificate) and ?tls-key-file=");
      assertThatThrownBy(() -> RedisDeployment.parse("redis://h?tls-cert-file=" + cert + "&tls-key-file=" + key))
          .hasMessageContaining("has ?tls-cert-file=, which only TLS URLs");
      assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-cert-file=" + cert + "&tls-key-file=" + pkcs1))
          .hasMessageContaining("Redis URL parameter tls-key-file: '" + pkcs1 + "' is a RSA PRIVATE KEY; give an unencrypted PKCS#8 key")
          .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
      assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-cert-file=" + cert + "&tls-key-file=" + certificates.serverKey()))
          .hasMessageContaining("is not the private key of the certificate in tls-cert-file")
          .hasMessageNotContaining("PRIVATE KEY-----");
      assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-cert-file=" + key + "&tls-key-file=" + key))
          .hasMessageContaining("Redis URL parameter tls-cert-file: '" + key + "'");
      assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-cert-file=" + cert + "&tls-key-file=" + dir.resolve("none")))
          .hasMessageContaining("tls-key-file: '" + dir.resolve("none") + "' is not a file");
    } finally {
      certificates.delete();
    }
  }

  @Test
  void aCaFileThatIsMissingOrNotPemIsAProblemNamingTheParameterAndTheFile(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

    assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-ca-cert-file=/nowhere/ca.pem"))
        .isInstanceOf(InvalidRedisUrlException.class)
        .hasMessage("Redis URL parameter tls-ca-cert-file: '/nowhere/ca.pem' is not a file");
    assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-ca-cert-file=" + notPem))
        .isInstanceOf(InvalidRedisUrlException.class)
        .hasMessageStartingWith("Redis URL parameter tls-ca-cert-file: '" + notPem + "' ");
    assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-ca-cert-file=" + dir))
        .hasMessageContaining("is not a file");
    assertThatThrownBy(() -> RedisDeployment.parse("rediss://h?tls-ca-cert-file="))
        .hasMessageContaining("empty ?tls-ca-cert-file=");
  }

  @Test
  void aCaFileOnAPlainTextUrlIsRefused() {
    assertThatThrownBy(() -> RedisDeployment.parse("redis://h?tls-ca-cert-file=/etc/ca.pem"))
        .isInstanceOf(InvalidRedisUrlException.class)
        .hasMessageContaining("only TLS URLs");
  }
}
