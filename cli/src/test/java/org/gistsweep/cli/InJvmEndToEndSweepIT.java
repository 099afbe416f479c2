package org.gistsweep.cli;

import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end sweep on the in-JVM KRaft broker (or the one in GIST_SWEEP_TEST_BOOTSTRAP). */
class InJvmEndToEndSweepIT extends EndToEndSweepContract {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @Override
  protected String bootstrap() {
    return BROKER.bootstrap();
  }
}
