package dev.strangler.proxy;

import io.netty.buffer.ByteBufAllocator;

/**
 * Netty's buffer allocator for the proxy process. Netty 4.2 made its adaptive allocator the default; on the proxy's
 * path the classic pooled one (Netty 4.1's default) spent less CPU: about 4 µs less per 64 KiB answer profiled (the
 * allocator's frames 13.7 % instead of 16.4 % of it), throughput x1.05 to x1.11 at 64 KiB in three runs and x1.00 in two single rounds, no change at 1 KiB, the same
 * resident memory (bench/results/20261201-*-allocator*.txt). A process told otherwise ({@code -Dio.netty.allocator.type=...})
 * keeps what it was told.
 */
public final class NettyBuffers {

  /** Netty's own setting, read once when its first buffer class loads. */
  public static final String PROPERTY = "io.netty.allocator.type";
  public static final String DEFAULT_TYPE = "pooled";

  private NettyBuffers() {}

  /**
   * Chooses {@link #DEFAULT_TYPE} unless the JVM was given {@link #PROPERTY}. Only works before anything in the process
   * has touched a Netty or Vert.x buffer: call it first in {@code main}.
   */
  public static void preferPooled() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, DEFAULT_TYPE);
    }
  }

  /** The allocator the process really uses, for its start log: e.g. {@code PooledByteBufAllocator (io.netty.allocator.type=pooled)}. */
  public static String describe() {
    return ByteBufAllocator.DEFAULT.getClass().getSimpleName() + " (" + PROPERTY + "=" + System.getProperty(PROPERTY, "unset") + ")";
  }
}
