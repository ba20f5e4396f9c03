package dev.strangler.testsupport;

import java.util.Locale;
import java.util.UUID;

/** Unique, safe names for namespaces and databases, readable enough to spot in redis-cli or psql. */
final class Labels {

  private Labels() {}

  static String sanitize(String label) {
    String clean = label == null ? "" : label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    clean = clean.replaceAll("^_+|_+$", "");
    if (clean.isEmpty()) {
      clean = "test";
    }
    return clean.length() > 40 ? clean.substring(0, 40) : clean;
  }

  static String unique(String label) {
    return sanitize(label) + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
