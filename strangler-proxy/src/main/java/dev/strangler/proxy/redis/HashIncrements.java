package dev.strangler.proxy.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;

/** Counts added to Redis hashes in a batch, and read back: what every instance's flush adds up to for the fleet. */
public final class HashIncrements {

  private HashIncrements() {}

  /** Adds {@code by} to {@code field} (nothing when 0). */
  public static void hincrby(List<Request> batch, String key, String field, long by) {
    if (by != 0) {
      batch.add(Request.cmd(Command.HINCRBY).arg(key).arg(field).arg(by));
    }
  }

  /** Adds each of {@code counts} to the field {@code <group>:<index>}. */
  public static void indexed(List<Request> batch, String key, String group, long[] counts) {
    for (int i = 0; i < counts.length; i++) {
      hincrby(batch, key, group + ":" + i, counts[i]);
    }
  }

  /** The counts {@link #indexed} added under {@code group}, from a hash's fields; indices past {@code size} are ignored. */
  public static long[] indexed(Map<String, String> fields, String group, int size) {
    long[] counts = new long[size];
    String prefix = group + ":";
    fields.forEach((field, value) -> {
      if (field.startsWith(prefix)) {
        int i = Integer.parseInt(field.substring(prefix.length()));
        if (i >= 0 && i < size) {
          counts[i] = Long.parseLong(value);
        }
      }
    });
    return counts;
  }
}
