package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void aNewIdIsARandomVersion4UuidInItsCanonicalForm() {
    String id = RequestIds.newId();
    UUID parsed = UUID.fromString(id);
    assertThat(parsed.toString()).isEqualTo(id);
    assertThat(parsed.version()).isEqualTo(4);
    assertThat(parsed.variant()).isEqualTo(2);
  }

  @Test
  void newIdsDoNotRepeat() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(RequestIds.newId());
    }
    assertThat(ids).hasSize(100_000);
  }
}
