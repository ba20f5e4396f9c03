package dev.strangler.redis.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.RedisUrlTable;
import dev.strangler.testsupport.TestCertificates;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RedisClientOptionsTest {

  static List<RedisUrlTable.Valid> valid() {
    return RedisUrlTable.valid();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void givesTheVertxClientTheDeploymentOfEachUrlOfTheTable(RedisUrlTable.Valid row) {
    RedisOptions options = RedisClientOptions.of(row.url());

    assertThat(options.getType().name()).isEqualTo(row.mode());
    assertThat(options.getEndpoints()).hasSize(row.nodes().size());
    assertThat(options.getEndpoints()).allSatisfy(e -> assertThat(e).startsWith(row.tls() ? "rediss://" : "redis://"));
    if (row.mode().equals("SENTINEL")) {
      assertThat(options.getMasterName()).isEqualTo(row.master());
      assertThat(options.getRole()).isEqualTo(RedisRole.MASTER);
    }
  }

  @Test
  void aStandaloneUrlReachesTheClientUnchanged() {
    RedisOptions options = RedisClientOptions.of("rediss://app:s3cret@redis.example:6380/2");

    assertThat(options.getType()).isEqualTo(RedisClientType.STANDALONE);
    assertThat(options.getEndpoint()).isEqualTo("rediss://app:s3cret@redis.example:6380/2");
  }

  @Test
  void aClusterReadsAndWritesOnMastersOnly() {
    RedisOptions options = RedisClientOptions.of("redis-cluster://n1:7000,n2:7001,n3:7002");

    assertThat(options.getEndpoints()).containsExactly("redis://n1:7000", "redis://n2:7001", "redis://n3:7002");
    assertThat(options.getUseReplicas()).isEqualTo(RedisReplicas.NEVER);
    assertThat(options.getMaxPoolSize()).as("room for the slot refresh (vertx-redis-client #541)")
        .isEqualTo(RedisClientOptions.CLUSTER_POOL_SIZE);
  }

  @Test
  void tlsChecksTheHostNameAndTrustsTheUrlsCaFileWhenItNamesOne() {
    TestCertificates certificates = TestCertificates.create();
    try {
      RedisOptions withCa = RedisClientOptions.of("rediss-sentinel://s1,s2?master=m&tls-ca-cert-file=" + certificates.caCert());
      RedisOptions jvmTrust = RedisClientOptions.of("rediss://h:6380");
      RedisOptions plain = RedisClientOptions.of("redis://h:6379");

      assertThat(withCa.getNetClientOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
      assertThat(withCa.getNetClientOptions().getTrustOptions()).isInstanceOfSatisfying(PemTrustOptions.class,
          t -> assertThat(t.getCertPaths()).containsExactly(certificates.caCert().toString()));
      assertThat(jvmTrust.getNetClientOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
      assertThat(jvmTrust.getNetClientOptions().getTrustOptions()).isNull();
      assertThat(plain.getNetClientOptions().getTrustOptions()).isNull();
    } finally {
      certificates.delete();
    }
  }
}
