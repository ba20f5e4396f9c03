package dev.strangler.servicekit.backfill;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of a service's {@code backfill} command (a picocli mixin): where the monolith is and how many products a
 * page holds. A value out of bounds is a usage error (exit 2, with the command's usage), never a failed backfill.
 */
public final class BackfillArguments {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  private URI from;
  private Integer pageSize;

  @Option(names = "--from", required = true, paramLabel = "URL",
      description = "The monolith's base URL (http or https), e.g. http://localhost:8081")
  void givenFrom(URI value) {
    if (value.getHost() == null || !("http".equals(value.getScheme()) || "https".equals(value.getScheme()))) {
      throw new ParameterException(command.commandLine(), "--from must be an http(s) URL with a host (got '" + value + "')");
    }
    from = value;
  }

  @Option(names = "--page-size", paramLabel = "N",
      description = "Products per page (1-" + ProductPages.MAX_PAGE_SIZE + "); default: the service's *_BACKFILL_PAGE_SIZE"
          + " setting, else " + ProductPages.MAX_PAGE_SIZE + ".")
  void givenPageSize(int value) {
    if (value < 1 || value > ProductPages.MAX_PAGE_SIZE) {
      throw new ParameterException(command.commandLine(),
          "--page-size must be between 1 and " + ProductPages.MAX_PAGE_SIZE + " (got " + value + ")");
    }
    pageSize = value;
  }

  /** The monolith to read from. */
  public URI from() {
    return from;
  }

  /** The page size given on the command line, else {@code configured}. */
  public int pageSize(int configured) {
    return pageSize == null ? configured : pageSize;
  }
}
