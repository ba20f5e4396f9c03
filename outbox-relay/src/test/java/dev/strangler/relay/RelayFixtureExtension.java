package dev.strangler.relay;

import dev.strangler.testsupport.PostgresDatabase;
import dev.strangler.testsupport.PostgresExtension;
import dev.strangler.testsupport.RedisExtension;
import dev.strangler.testsupport.RedisNamespace;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test method a {@link RelayFixture}: the class's database (test-support's, emptied for each
 * test) and the method's own Redis namespace; closed after the method, before the namespace.
 */
final class RelayFixtureExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RelayFixtureExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RelayFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).computeIfAbsent(RelayFixture.class, key -> {
      PostgresDatabase database = (PostgresDatabase) new PostgresExtension().resolveParameter(parameter, context);
      RedisNamespace namespace = (RedisNamespace) new RedisExtension().resolveParameter(parameter, context);
      try {
        return RelayFixture.open(database, namespace);
      } catch (Exception e) {
        throw new IllegalStateException("could not set the relay's outbox and streams up: " + e.getMessage(), e);
      }
    }, RelayFixture.class);
  }
}
