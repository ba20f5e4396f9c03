package dev.strangler.redis.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.redis.RedisDeployment.Node;
import org.junit.jupiter.api.Test;

class MasterSwitchTest {

  @Test
  void aSwitchMasterPayloadIsReadAsMasterFromAndTo() {
    assertThat(MasterSwitch.parse("strangler 127.0.0.1 6379 127.0.0.1 6380", 2)).contains(
        new MasterSwitch("strangler", new Node("127.0.0.1", 6379), new Node("127.0.0.1", 6380), 2));
  }

  @Test
  void anythingElseIsNoSwitch() {
    assertThat(MasterSwitch.parse("strangler 127.0.0.1 6379", 0)).isEmpty();
    assertThat(MasterSwitch.parse("strangler 127.0.0.1 x 127.0.0.1 6380", 0)).isEmpty();
    assertThat(MasterSwitch.parse(null, 0)).isEmpty();
  }
}
