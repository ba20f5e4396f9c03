package dev.strangler.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test class a {@link RedisCluster} of its own, started on first use and the same to every method and
 * lifecycle method of the class; it is stopped after the class. Each test keeps to keys of its own (its own hash tags).
 */
public final class RedisClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RedisClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(STORE).computeIfAbsent(RedisCluster.class, key -> RedisCluster.start(), RedisCluster.class);
  }
}
