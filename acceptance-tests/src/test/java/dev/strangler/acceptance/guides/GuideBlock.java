package dev.strangler.acceptance.guides;

import java.nio.file.Path;
import java.util.Set;

/**
 * One fenced block of a migration guide: its language and flags (the info string, e.g. {@code bash no-test} or
 * {@code text route-table}), where it starts, and its text.
 */
record GuideBlock(Path guide, int line, String language, Set<String> flags, String text) {

  /** A {@code bash} block the guide test runs (all but those marked {@code no-test}). */
  boolean runs() {
    return language.equals("bash") && !flags.contains("no-test");
  }

  /** A {@code text route-table} block: the whole route table at that point, one route per line. */
  boolean isRouteTable() {
    return language.equals("text") && flags.contains("route-table");
  }

  /** Where it is, as an editor would open it. */
  String place() {
    return guide.getFileName() + ":" + line;
  }
}
