package dev.strangler.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a test class a {@link PostgresDatabase} of its own on the real PostgreSQL, the same one
 * to every method and lifecycle method of the class; it is dropped after the class.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = classLevel(context);
    String label = classContext.getRequiredTestClass().getSimpleName();
    return classContext.getStore(STORE).computeIfAbsent(PostgresDatabase.class,
        key -> RealPostgres.newDatabase(label), PostgresDatabase.class);
  }

  private static ExtensionContext classLevel(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }
}
