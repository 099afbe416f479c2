package org.gistsweep.cli.broker;

import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contract against the in-JVM {@link EmbeddedKafkaBroker}, or against the external
 * broker named by {@value TestBrokers#BOOTSTRAP_ENV} when that is set.
 */
@Tag(Tier.BROKER)
class InJvmBrokerContractIT extends BrokerContract {

  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @Override
  protected String bootstrap() {
    return BROKER.bootstrap();
  }
}
