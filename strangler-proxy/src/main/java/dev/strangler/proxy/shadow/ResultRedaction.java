package dev.strangler.proxy.shadow;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import dev.strangler.compare.PointerPattern;
import dev.strangler.compare.capture.CapturedExchange;
import dev.strangler.proxy.redact.BodyRedaction;
import dev.strangler.proxy.redact.FormFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keeps a shadow route's {@code redact} fields out of its results, as capture keeps them out of its records: the
 * recorded URI's query, each side's body sample and the values of the differences found. Runs on a compare thread.
 */
final class ResultRedaction {

  /** A sample of a JSON or form body that could not be looked into (cut, undecodable, not JSON) while rules exist. */
  static final byte[] WITHHELD = CapturedExchange.REDACTED.getBytes(StandardCharsets.UTF_8);

  private ResultRedaction() {}

  /** The URI with its query's matching fields redacted; the path is kept. */
  static String uri(String uri, List<PointerPattern> rules) {
    return uri == null || rules.isEmpty() ? uri : FormFields.redactQuery(uri, rules);
  }

  /**
   * The first {@code sampleBytes} of a body with the rules' fields redacted (a compressed body is decoded to look into
   * it, up to {@code maxBytes}); {@link #WITHHELD} when a JSON or form body can't be looked into; an unredacted
   * compressed body gives no sample, as without rules.
   */
  static byte[] sample(byte[] body, Map<String, List<String>> headers, boolean plain, List<PointerPattern> rules,
                       long maxBytes, int sampleBytes) {
    BodyRedaction.Result result = rules.isEmpty() ? new BodyRedaction.Result(body, false, false, false)
        : BodyRedaction.redact(body, false, headers, rules, maxBytes);
    if (result.truncated()) {
      return WITHHELD;
    }
    if (!result.redacted() && !plain) {
      return new byte[0];
    }
    return Arrays.copyOf(result.body(), Math.min(result.body().length, sampleBytes));
  }

  /** The comparison with the values of differences at or inside a redacted field replaced. */
  static Comparison comparison(Comparison comparison, List<PointerPattern> rules) {
    if (rules.isEmpty()) {
      return comparison;
    }
    return new Comparison(comparison.outcome(), differences(comparison.mismatches(), rules), comparison.mismatchCount(),
        differences(comparison.expected(), rules), comparison.noise(), comparison.skipReason());
  }

  private static List<Difference> differences(List<Difference> differences, List<PointerPattern> rules) {
    return differences.stream().map(d -> difference(d, rules)).toList();
  }

  static Difference difference(Difference d, List<PointerPattern> rules) {
    return switch (d.kind()) {
      case CHANGED, TYPE_CHANGED, MISSING, EXTRA -> {
        String pointer = d.path().equals("/") ? "" : d.path();
        if (!pointer.isEmpty() && FormFields.covered(rules, pointer)) {
          yield new Difference(d.kind(), d.path(), masked(d.legacy()), masked(d.candidate()));
        }
        yield new Difference(d.kind(), d.path(), json(d.legacy(), pointer, rules), json(d.candidate(), pointer, rules));
      }
      // A line of a form body is name=value pairs.
      case LINES -> new Difference(d.kind(), d.path(), form(d.legacy(), rules), form(d.candidate(), rules));
      case STATUS, HEADER, DIGEST -> d;
    };
  }

  private static String masked(String value) {
    return value == null ? null : CapturedExchange.REDACTED;
  }

  /** An object or array's text redacted below {@code pointer}; withheld whole when it can't be read (cut by the rules). */
  private static String json(String value, String pointer, List<PointerPattern> rules) {
    String text = value == null ? "" : value.strip();
    if (!text.startsWith("{") && !text.startsWith("[")) {
      return value;
    }
    try {
      String redacted = BodyRedaction.redactJson(text, pointer, rules);
      return redacted == null ? value : redacted;
    } catch (IllegalArgumentException e) {
      return CapturedExchange.REDACTED;
    }
  }

  private static String form(String value, List<PointerPattern> rules) {
    String redacted = value == null ? null : FormFields.redact(value, rules);
    return redacted == null ? value : redacted;
  }
}
