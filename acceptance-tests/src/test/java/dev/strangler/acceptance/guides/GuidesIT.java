package dev.strangler.acceptance.guides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's walkthrough and the migration guides cannot rot: every {@code bash} block of the README's walkthrough,
 * then of {@code migration-playbooks/guides}, runs, in order, against
 * a lab, and must exit 0 (the guides check what good looks like with the commands themselves); every
 * {@code text route-table} block must be the table {@code bin/strangler routes list} prints at that point. A block
 * after a failed one is skipped: it would run on a state the guide does not describe.
 */
class GuidesIT {

  private static final Path ROOT = Path.of(System.getProperty("guides.root", "..")).toAbsolutePath().normalize();
  private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(5);
  /** The README's section a newcomer follows first; its blocks run before the guides'. */
  private static final String WALKTHROUGH = "Five minutes: the catalog leaves the monolith";

  private static GuideLab lab;
  private static GuideShell shell;
  private static boolean failed;

  @BeforeAll
  static void startLab() {
    Path work = ROOT.resolve("acceptance-tests/target/guides");
    lab = GuideLab.start(ROOT, work);
    shell = new GuideShell(ROOT, lab.environment(), lab.rewrites(), work.resolve("commands"));
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyGuideRunsAsWrittenAgainstTheLab() {
    List<GuideBlock> blocks = new ArrayList<>(Guides.section(ROOT.resolve("README.md"), WALKTHROUGH));
    Guides.inOrder(ROOT.resolve("migration-playbooks/guides")).forEach(guide -> blocks.addAll(Guides.blocks(guide)));
    String from = System.getProperty("guides.from"); // for writing guides against a running lab: e.g. -Dguides.from=04
    if (from != null) {
      blocks.removeIf(b -> !b.guide().getFileName().toString().equals("README.md") && b.guide().getFileName().toString().compareTo(from) < 0
          || b.guide().equals(ROOT.resolve("README.md")));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (GuideBlock block : blocks) {
      if (block.runs()) {
        tests.add(DynamicTest.dynamicTest(block.place() + " runs", () -> runs(block)));
      } else if (block.isRouteTable()) {
        tests.add(DynamicTest.dynamicTest(block.place() + " is the route table", () -> isTheRouteTable(block)));
      }
    }
    assertThat(tests).as("the guides' blocks").isNotEmpty();
    return tests.stream();
  }

  private static void runs(GuideBlock block) {
    assumeFalse(failed, "an earlier block failed");
    GuideShell.Run run = shell.run(block.text(), BLOCK_TIMEOUT);
    failed = run.exitCode() != 0;
    assertThat(run.exitCode()).as("%s exited %d; the script:%n%s%nits output's end:%n%s", block.place(), run.exitCode(),
        shell.rewritten(block.text()), run.tail(40)).isZero();
  }

  private static void isTheRouteTable(GuideBlock block) {
    assumeFalse(failed, "an earlier block failed");
    GuideShell.Run run = shell.run("bin/strangler routes list 2>/dev/null", BLOCK_TIMEOUT);
    failed = run.exitCode() != 0;
    assertThat(run.exitCode()).as("routes list exited %d:%n%s", run.exitCode(), run.tail(20)).isZero();
    List<String> shown = block.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<String> serving = run.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    failed = !shown.equals(serving);
    assertThat(serving).as("the route table serving at %s", block.place()).containsExactlyElementsOf(shown);
  }
}
