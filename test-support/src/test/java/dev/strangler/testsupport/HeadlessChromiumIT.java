package dev.strangler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessChromiumIT {

  @Test
  void closingEndsEveryProcessChromiumStartedSoItsProfileCanBeDeleted(@TempDir Path dir) throws Exception {
    List<ProcessHandle> tree;
    try (HeadlessChromium chromium = HeadlessChromium.open(dir, "about:blank")) {
      assertThat(chromium.evaluate("1 + 1")).isEqualTo(2);
      // The renderer behind the page is up once the page answers; the zygote and utility processes with it.
      await().atMost(Duration.ofSeconds(10)).until(() -> chromium.processTree().size() > 1);
      tree = chromium.processTree();
    }

    assertThat(tree).as("chromium's processes once closed").noneMatch(HeadlessChromium::running);
    // Nothing writes into the profile any more: it can be deleted now, as JUnit does with the temporary directory.
    try (Stream<Path> files = Files.walk(dir.resolve("profile"))) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
    }
    assertThat(dir.resolve("profile")).doesNotExist();
  }
}
