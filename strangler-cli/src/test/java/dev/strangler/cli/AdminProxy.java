package dev.strangler.cli;

import dev.strangler.proxy.ProxyApplication;
import dev.strangler.proxy.ProxyConfig;
import dev.strangler.testsupport.FreePort;
import dev.strangler.testsupport.OnVertx;
import dev.strangler.testsupport.RealRedis;
import dev.strangler.testsupport.RedisNamespace;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real proxy for the CLI's tests: its route table and shadow results in a real Redis namespace of its own, its admin
 * API on a free loopback port behind a writer token (kept in a file, as users keep it), debug headers off.
 */
final class AdminProxy implements AutoCloseable {

    static final String TOKEN = "cli-it-admin-token-0123456789abcdef";

    private final Vertx vertx = Vertx.vertx();
    private final RedisNamespace redis;
    private final ProxyApplication proxy;
    private final int publicPort;
    private final Path tokenFile;

    /** Starts it; {@code env} adds to (or overrides) the proxy's settings. */
    AdminProxy(String namespace, Path dir, Map<String, String> env) throws Exception {
        redis = RealRedis.newNamespace(namespace);
        publicPort = FreePort.find();
        Map<String, String> all = new HashMap<>(Map.ofEntries(
                Map.entry("STRANGLER_PUBLIC_HOST", "127.0.0.1"), Map.entry("STRANGLER_PUBLIC_PORT", String.valueOf(publicPort)),
                Map.entry("STRANGLER_EVENT_LOOPS", "1"), Map.entry("STRANGLER_IDENTITY_KEY", "cli-it-identity-key-0123456789abcdef"),
                Map.entry("STRANGLER_SESSION_NAMESPACE", redis.prefix() + "sessions"),
                Map.entry("STRANGLER_REDIS_URL", redis.endpoint().uri()), Map.entry("STRANGLER_REDIS_PREFIX", redis.prefix()),
                Map.entry("STRANGLER_ADMIN_HOST", "127.0.0.1"), Map.entry("STRANGLER_ADMIN_PORT", "0"),
                Map.entry("STRANGLER_ADMIN_TOKEN", TOKEN), Map.entry("STRANGLER_SHADOW_RESULTS_FLUSH_MS", "50")));
        all.putAll(env);
        proxy = new ProxyApplication(vertx, ProxyConfig.fromEnvironment(Map.copyOf(all)));
        OnVertx.await(vertx, () -> proxy.start());
        tokenFile = Files.writeString(dir.resolve("admin-token"), TOKEN + "\n");
    }

    String admin() {
        return "http://127.0.0.1:" + proxy.adminPort();
    }

    int adminPort() {
        return proxy.adminPort();
    }

    int publicPort() {
        return publicPort;
    }

    Path tokenFile() {
        return tokenFile;
    }

    Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        OnVertx.await(vertx, () -> proxy.stop());
        OnVertx.await(vertx, vertx::close);
        redis.close();
    }
}
