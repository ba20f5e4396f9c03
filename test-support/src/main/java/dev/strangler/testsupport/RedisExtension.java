package dev.strangler.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test method a {@link RedisNamespace} of its own on the real Redis; its keys are
 * deleted when the test ends (the store closes it).
 */
public final class RedisExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RedisExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String label = context.getRequiredTestClass().getSimpleName()
        + context.getTestMethod().map(m -> "_" + m.getName()).orElse("");
    return context.getStore(STORE).computeIfAbsent(RedisNamespace.class,
        key -> RealRedis.newNamespace(label), RedisNamespace.class);
  }
}
