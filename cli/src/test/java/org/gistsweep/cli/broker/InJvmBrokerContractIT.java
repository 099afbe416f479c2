package org.gistsweep.cli.broker;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contract against the in-JVM {@link EmbeddedKafkaBroker}, or against the external
 * broker named by {@value TestBrokers#BOOTSTRAP_ENV} when that is set.
 */
class InJvmBrokerContractIT extends BrokerContract {

  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @Override
  protected String bootstrap() {
    return BROKER.bootstrap();
  }
}
