package dev.strangler.proxy.forward;

import io.vertx.httpproxy.ProxyContext;
import java.util.Objects;

/** A typed slot of per-request state on a {@link ProxyContext}, instead of a string-keyed bag. */
public final class ContextKey<T> {

  private final String name;
  private final Class<T> type;

  private ContextKey(String name, Class<T> type) {
    this.name = "strangler." + Objects.requireNonNull(name, "name == null");
    this.type = Objects.requireNonNull(type, "type == null");
  }

  public static <T> ContextKey<T> of(String name, Class<T> type) {
    return new ContextKey<>(name, type);
  }

  public T get(ProxyContext context) {
    return context.get(name, type);
  }

  public void set(ProxyContext context, T value) {
    context.set(name, value);
  }
}
