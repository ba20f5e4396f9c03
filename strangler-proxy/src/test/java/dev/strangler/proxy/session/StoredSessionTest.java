package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredSessionTest {

  private static final long LAST = 1_795_923_358_766L;

  @Test
  void asksForSpringSessionsFieldsWithTheConfiguredAttributes() {
    assertThat(StoredSession.fields("customerId", "customerEmail")).containsExactly("creationTime", "lastAccessedTime",
        "maxInactiveInterval", "sessionAttr:customerId", "sessionAttr:customerEmail");
  }

  @Test
  void readsTheMonolithsJsonValues() {
    // The values of a real login's hash, as redis-cli showed them.
    StoredSession session = StoredSession.parse(values("1795923358766", "1795923358766", "1800", "1", "\"customer001@acme.test\""));

    assertThat(session).isEqualTo(new StoredSession(LAST, LAST, 1800, "1", "customer001@acme.test"));
    assertThat(session.loggedIn()).isTrue();
  }

  @Test
  void aMissingOrIncompleteHashIsNoSession() {
    assertThat(StoredSession.parse(values(null, null, null, null, null))).isNull();
    assertThat(StoredSession.parse(values("1", null, "1800", "1", null))).isNull();
    assertThat(StoredSession.parse(values("1", "2", "\"1800\"", "1", null))).isNull();
    assertThat(StoredSession.parse(values("1", "{oops", "1800", "1", null))).isNull();
  }

  @Test
  void aSessionWithoutACustomerIsAnonymous() {
    StoredSession cartOnly = StoredSession.parse(values("1", "2", "1800", null, null));

    assertThat(cartOnly.loggedIn()).isFalse();
    assertThat(StoredSession.parse(values("1", "2", "1800", "{\"id\":1}", "42")).loggedIn()).isFalse();
  }

  @Test
  void aCustomerIdStoredAsTextIsReadToo() {
    StoredSession session = StoredSession.parse(values("1", "2", "1800", "\"c-17\"", "\"a@b.test\""));

    assertThat(session.customerId()).isEqualTo("c-17");
    assertThat(session.email()).isEqualTo("a@b.test");
  }

  @Test
  void expiresAsSpringSessionDoesMaxInactiveAfterTheLastAccess() {
    StoredSession session = new StoredSession(LAST, LAST, 1800, "1", null);

    assertThat(session.expiredAt(LAST + 1_799_999)).isFalse();
    assertThat(session.expiredAt(LAST + 1_800_000)).isTrue();
    assertThat(new StoredSession(LAST, LAST, -1, "1", null).expiredAt(LAST + 365L * 86_400_000)).as("negative: never").isFalse();
  }

  @Test
  void isDueForATouchOnceTheIntervalHasPassedSinceTheLastAccess() {
    StoredSession session = new StoredSession(LAST, LAST, 1800, "1", null);

    assertThat(session.dueForTouch(LAST + 59_999, 60_000)).isFalse();
    assertThat(session.dueForTouch(LAST + 60_000, 60_000)).isTrue();
  }

  private static List<String> values(String... values) {
    return Arrays.asList(values);
  }
}
