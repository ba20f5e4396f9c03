package dev.strangler.servicekit.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A service's {@code backfill} command line, parsed by picocli as the services' {@code Main} does. */
class BackfillArgumentsTest {

  private static final int CONFIGURED = 40;
  private static final int RAN = 0;

  /** A backfill command that records what it was given instead of backfilling. */
  @Command(name = "backfill")
  static final class Backfill implements Callable<Integer> {
    @Mixin
    BackfillArguments arguments;
    URI from;
    int pageSize;

    @Override
    public Integer call() {
      from = arguments.from();
      pageSize = arguments.pageSize(CONFIGURED);
      return RAN;
    }
  }

  private final Backfill command = new Backfill();
  private final StringWriter errors = new StringWriter();

  private int run(String... args) {
    return new CommandLine(command).setErr(new PrintWriter(errors, true)).execute(args);
  }

  @Test
  void thePageSizeGivenWinsOverTheConfiguredOne() {
    assertThat(run("--from", "http://127.0.0.1:8081", "--page-size", "100")).isEqualTo(RAN);

    assertThat(command.from).isEqualTo(URI.create("http://127.0.0.1:8081"));
    assertThat(command.pageSize).isEqualTo(100);
  }

  @Test
  void withoutAPageSizeTheConfiguredOneIsUsed() {
    assertThat(run("--from", "https://shop.internal")).isEqualTo(RAN);

    assertThat(command.pageSize).isEqualTo(CONFIGURED);
  }

  @Test
  void aPageSizeOutOfBoundsIsAUsageErrorNamingTheBounds() {
    for (String bad : new String[] {"0", "101", "-5"}) {
      errors.getBuffer().setLength(0);

      assertThat(run("--from", "http://127.0.0.1:8081", "--page-size", bad)).as(bad).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(errors.toString()).as(bad).contains("--page-size must be between 1 and 100 (got " + bad + ")")
          .contains("Usage: backfill");
    }
    assertThat(command.from).as("the backfill never ran").isNull();
  }

  @Test
  void aMonolithThatIsNoHttpUrlIsAUsageError() {
    for (String bad : new String[] {"localhost:8081", "ftp://shop.internal", "http:///nohost"}) {
      errors.getBuffer().setLength(0);

      assertThat(run("--from", bad)).as(bad).isEqualTo(CommandLine.ExitCode.USAGE);
      assertThat(errors.toString()).as(bad).contains("--from must be an http(s) URL with a host (got '" + bad + "')");
    }
    assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(errors.toString()).contains("Missing required option: '--from=URL'");
    assertThat(command.from).as("the backfill never ran").isNull();
  }
}
