package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

  private final HeaderNames names = HeaderNames.of(List.of("Connection", "Keep-Alive", "TE", "X-Real-IP", "x-real-ip"));

  @Test
  void findsEveryNameWhateverItsCase() {
    assertThat(names.contains("connection")).isTrue();
    assertThat(names.contains("KEEP-ALIVE")).isTrue();
    assertThat(names.contains("te")).isTrue();
    assertThat(names.contains("X-REAL-ip")).isTrue();
  }

  @Test
  void findsNoOtherNameOfTheSameLengthOrAnyLength() {
    assertThat(names.contains("Conmection")).isFalse(); // the length of "Connection"
    assertAbsent("Te2");
    assertAbsent("");
    assertAbsent("Transfer-Encoding-And-More-Than-Any-Listed-Name");
    assertAbsent("Host");
  }

  @Test
  void keepsOneSpellingOfANameListedTwice() {
    assertThat(names.names()).containsExactly("Connection", "Keep-Alive", "TE", "X-Real-IP");
  }

  @Test
  void anEmptySetHoldsNothing() {
    assertThat(HeaderNames.of(List.of()).contains("Host")).isFalse();
  }

  private void assertAbsent(String name) {
    assertThat(names.contains(name)).as(name).isFalse();
  }
}
