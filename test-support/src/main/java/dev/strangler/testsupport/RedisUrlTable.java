package dev.strangler.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The table of Redis URLs (redis-urls.tsv) every client adapter is tested against, so the Vert.x components and the
 * Jedis relay read one syntax the same way. Absent values are {@code -} in the file and null here.
 */
public final class RedisUrlTable {

  /** A URL that parses: what it describes. {@code nodes} as {@code host:port}, in order. */
  public record Valid(String url, String mode, List<String> nodes, String user, String password, int database, boolean tls,
      String master) {
    @Override
    public String toString() {
      return url;
    }
  }

  /** A URL that must be refused, and a part of the message that says why. */
  public record Invalid(String url, String messagePart) {
    @Override
    public String toString() {
      return url;
    }
  }

  private RedisUrlTable() {}

  public static List<Valid> valid() {
    List<Valid> rows = new ArrayList<>();
    for (String[] f : rows()) {
      if (!"ERROR".equals(f[1])) {
        rows.add(new Valid(f[0], f[1], Arrays.asList(f[2].split(",")), absent(f[3]), absent(f[4]), Integer.parseInt(f[5]),
            Boolean.parseBoolean(f[6]), absent(f[7])));
      }
    }
    return rows;
  }

  public static List<Invalid> invalid() {
    List<Invalid> rows = new ArrayList<>();
    for (String[] f : rows()) {
      if ("ERROR".equals(f[1])) {
        rows.add(new Invalid(f[0], f[2]));
      }
    }
    return rows;
  }

  private static String absent(String value) {
    return "-".equals(value) ? null : value;
  }

  private static List<String[]> rows() {
    try (var in = Objects.requireNonNull(RedisUrlTable.class.getResourceAsStream("redis-urls.tsv"), "redis-urls.tsv");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
