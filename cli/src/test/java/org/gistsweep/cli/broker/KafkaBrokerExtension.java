package org.gistsweep.cli.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one broker from {@link TestBrokers#start()}, started before all its tests and
 * closed after them. Register it as a static field ({@code @RegisterExtension static final
 * KafkaBrokerExtension BROKER = new KafkaBrokerExtension();} then {@code BROKER.bootstrap()}) or
 * with {@link WithKafkaBroker} and a {@link TestBroker} parameter.
 */
public final class KafkaBrokerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private TestBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    long started = System.nanoTime();
    broker = TestBrokers.start();
    System.out.printf(
        "[broker] %s broker %s for %s ready in %d ms%n",
        broker.kind(),
        broker.bootstrap(),
        context.getDisplayName(),
        (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** The broker of the running test class. */
  public TestBroker broker() {
    if (broker == null) {
      throw new IllegalStateException(
          "The broker starts before all tests; register this statically");
    }
    return broker;
  }

  /** The {@code bootstrap.servers} address of the running test class's broker. */
  public String bootstrap() {
    return broker().bootstrap();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker();
  }
}
