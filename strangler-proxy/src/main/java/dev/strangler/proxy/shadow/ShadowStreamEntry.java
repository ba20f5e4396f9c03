package dev.strangler.proxy.shadow;

import dev.strangler.compare.Comparison;
import dev.strangler.compare.Difference;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/** One comparison as a stream entry: the XADD that appends it, every value a flat string field. */
final class ShadowStreamEntry {

  private ShadowStreamEntry() {}

  /** {@code XADD <stream> MAXLEN ~ <maxLen> * field value …}; body samples only for mismatches, cut to {@code sampleBytes}. */
  static Request xadd(String stream, int maxLen, String instance, ShadowOutcome outcome, int sampleBytes) {
    Comparison comparison = outcome.comparison();
    Request xadd = Request.cmd(Command.XADD).arg(stream).arg("MAXLEN").arg("~").arg(maxLen).arg("*")
        .arg("at").arg(outcome.at().toString())
        .arg("instance").arg(instance)
        .arg("route").arg(outcome.routeId())
        .arg("epoch").arg(outcome.epoch())
        .arg("method").arg(String.valueOf(outcome.method()))
        .arg("uri").arg(String.valueOf(outcome.uri()))
        .arg("outcome").arg(comparison.outcome().name().toLowerCase(Locale.ROOT))
        .arg("mismatches").arg(comparison.mismatchCount())
        .arg("diffs").arg(diffs(comparison).encode())
        .arg("legacy").arg(side(outcome.legacy()).encode())
        .arg("candidate").arg(side(outcome.candidate()).encode());
    if (outcome.sandboxed()) {
      xadd.arg(ShadowSummary.SANDBOXED).arg("true");
    }
    if (comparison.skipReason() != null) {
      xadd.arg("skipReason").arg(comparison.skipReason());
    }
    if (comparison.outcome() == Comparison.Outcome.MISMATCH) {
      sample(xadd, "legacySample", outcome.legacy().bodySample(), sampleBytes);
      sample(xadd, "candidateSample", outcome.candidate().bodySample(), sampleBytes);
    }
    return xadd;
  }

  private static JsonArray diffs(Comparison comparison) {
    JsonArray out = new JsonArray();
    for (Difference d : comparison.mismatches()) {
      out.add(new JsonObject().put("kind", d.kind().name()).put("path", d.path()).put("legacy", d.legacy())
          .put("candidate", d.candidate()));
    }
    return out;
  }

  private static JsonObject side(ShadowOutcome.Side side) {
    JsonObject json = new JsonObject().put("backend", side.backend()).put("status", side.status())
        .put("latencyMs", Math.round(side.latencyNanos() / 1_000.0) / 1_000.0);
    if (side.error() != null) {
      json.put("error", side.error());
    }
    return json;
  }

  /** UTF-8 text as is under {@code name}, anything else Base64 under {@code name + "Base64"}; nothing when empty. */
  private static void sample(Request xadd, String name, byte[] body, int max) {
    if (body.length == 0 || max == 0) {
      return;
    }
    byte[] cut = body.length > max ? Arrays.copyOf(body, max) : body;
    String text = utf8(cut, body.length > max);
    if (text != null) {
      xadd.arg(name).arg(text);
    } else {
      xadd.arg(name + "Base64").arg(Base64.getEncoder().encodeToString(cut));
    }
    if (body.length > max) {
      xadd.arg(name + "Truncated").arg("true");
    }
  }

  /** The bytes as text when they are UTF-8; a cut body may end inside a character, which is left out. */
  private static String utf8(byte[] bytes, boolean cut) {
    for (int drop = 0; drop <= (cut ? 3 : 0) && drop < bytes.length; drop++) {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop)).toString();
      } catch (CharacterCodingException e) {
        // try a shorter tail, or give up: not text
      }
    }
    return null;
  }
}
