package dev.strangler.proxy;

import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy process takes Netty's pooled buffer allocator unless its JVM was told another one, and says which it uses. */
class NettyBuffersIT {

  @TempDir
  Path dir;

  @Test
  void aProxyProcessUsesNettysPooledAllocator() {
    try (JavaProcess proxy = proxy("buffers-default", Map.of())) {
      // The class in use, not only the property: set after Netty's first buffer class loaded, it would say Adaptive here.
      proxy.awaitLogLine("buffers: PooledByteBufAllocator (io.netty.allocator.type=pooled)", Duration.ofSeconds(30));
      proxy.awaitLogLine("listening on 127.0.0.1:", Duration.ofSeconds(30));
    }
  }

  @Test
  void aJvmToldAnotherAllocatorKeepsIt() {
    try (JavaProcess proxy = proxy("buffers-adaptive", Map.of("JDK_JAVA_OPTIONS", "-Dio.netty.allocator.type=adaptive"))) {
      proxy.awaitLogLine("buffers: AdaptiveByteBufAllocator (io.netty.allocator.type=adaptive)", Duration.ofSeconds(30));
      proxy.awaitLogLine("listening on 127.0.0.1:", Duration.ofSeconds(30));
    }
  }

  /** The proxy's main class as its own process, on this test's class path, with a legacy backend that is never called. */
  private JavaProcess proxy(String name, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("STRANGLER_LEGACY_URL", "http://127.0.0.1:9", "STRANGLER_PUBLIC_HOST",
        "127.0.0.1", "STRANGLER_PUBLIC_PORT", Integer.toString(FreePort.find()), "STRANGLER_EVENT_LOOPS", "1"));
    env.putAll(extra);
    return JavaProcess.startClass(name, System.getProperty("java.class.path"), Main.class.getName(), env, List.of(),
        dir.resolve("logs"));
  }
}
