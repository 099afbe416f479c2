package org.gistsweep.cli;

import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end sweep on the in-JVM KRaft broker (or the one in GIST_SWEEP_TEST_BOOTSTRAP). */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class InJvmEndToEndSweepIT extends EndToEndSweepContract {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @Override
  protected String bootstrap() {
    return BROKER.bootstrap();
  }
}
