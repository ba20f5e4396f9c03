package dev.strangler.proxy.route;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky canary assignment. A cohort value hashes (SHA-256, salted with the extracted backend's
 * name) to a fixed bucket in [0, 10000); it goes to the extracted side when its bucket is below
 * {@code percent × 100}. The bucket never changes, so raising the percent only adds cohorts, and
 * every route that canaries the same backend puts a cohort on the same side.
 */
public final class CohortSplit {

  public static final int BUCKETS = 10_000;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  });

  private CohortSplit() {}

  public static int bucket(String salt, String cohortValue) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    digest.update(salt.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
    byte[] hash = digest.digest(cohortValue.getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(ByteBuffer.wrap(hash).getLong(), BUCKETS);
  }

  /** True when the cohort belongs on the extracted side at this percent; no cohort value means legacy. */
  public static boolean toExtracted(Target.Canary canary, String cohortValue) {
    if (cohortValue == null || cohortValue.isEmpty()) {
      return false;
    }
    return bucket(canary.backend(), cohortValue) < canary.percent() * (BUCKETS / 100);
  }
}
