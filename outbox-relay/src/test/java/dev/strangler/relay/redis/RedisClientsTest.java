package dev.strangler.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.redis.InvalidRedisUrlException;
import dev.strangler.redis.RedisDeployment;
import dev.strangler.testsupport.RedisUrlTable;
import dev.strangler.testsupport.TestCertificates;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.JedisURIHelper;

/** The relay's Jedis reads every URL of the table the Vert.x components are tested against the same way. */
class RedisClientsTest {

  @ParameterizedTest
  @MethodSource("dev.strangler.testsupport.RedisUrlTable#valid")
  void jedisConnectsWhereEachUrlOfTheTableSays(RedisUrlTable.Valid row) {
    RedisDeployment deployment = RedisDeployment.parse(row.url());
    if (row.mode().equals("STANDALONE")) {
      // Jedis reads a standalone URL itself: it must agree with the table.
      URI uri = URI.create(row.url());
      assertThat(uri.getHost() + ":" + uri.getPort()).isIn(row.nodes().get(0), row.nodes().get(0).replace(":6379", ":-1"));
      assertThat(JedisURIHelper.getUser(uri)).isEqualTo(row.user());
      assertThat(JedisURIHelper.getPassword(uri)).isEqualTo(row.password());
      assertThat(JedisURIHelper.getDBIndex(uri)).isEqualTo(row.database());
      assertThat(JedisURIHelper.isRedisSSLScheme(uri)).isEqualTo(row.tls());
      return;
    }
    assertThat(RedisClients.nodes(deployment)).extracting(HostAndPort::toString).containsExactlyElementsOf(row.nodes());
    JedisClientConfig config = RedisClients.config(deployment, deployment.database());
    assertThat(config.getUser()).isEqualTo(row.user());
    assertThat(config.getPassword()).isEqualTo(row.password());
    assertThat(config.getDatabase()).isEqualTo(row.database());
    assertThat(config.isSsl()).isEqualTo(row.tls());
    assertThat(RedisClients.config(deployment, 0).getDatabase()).isZero(); // sentinels and cluster nodes
  }

  @ParameterizedTest
  @MethodSource("dev.strangler.testsupport.RedisUrlTable#invalid")
  void refusesEachBadUrlOfTheTable(RedisUrlTable.Invalid row) {
    assertThatThrownBy(() -> RedisClients.create(row.url())).isInstanceOf(InvalidRedisUrlException.class)
        .hasMessageContaining(row.messagePart());
  }

  @Test
  void tlsChecksTheHostNameAndTrustsTheUrlsCaFileWhenItNamesOne() {
    TestCertificates certificates = TestCertificates.create();
    try {
      JedisClientConfig withCa = RedisClients.config(
          RedisDeployment.parse("rediss-sentinel://s1,s2?master=m&tls-ca-cert-file=" + certificates.caCert()), 0);
      JedisClientConfig jvmTrust = RedisClients.config(RedisDeployment.parse("rediss://h:6380"), 0);

      assertThat(withCa.isSsl()).isTrue();
      assertThat(withCa.getSslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
      assertThat(withCa.getSslSocketFactory()).isNotNull();
      assertThat(jvmTrust.getSslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
      assertThat(jvmTrust.getSslSocketFactory()).isNull();
    } finally {
      certificates.delete();
    }
  }
}
