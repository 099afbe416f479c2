package org.gistsweep.cli;

import org.gistsweep.cli.broker.TestBrokers;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The end-to-end sweep on Kafka in a Testcontainers container; skipped, with the reason, where no
 * Docker engine answers.
 */
@RequiresTool(Tool.DOCKER)
@Testcontainers(disabledWithoutDocker = true)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
@Tag(Tier.DOCKER)
class ContainerEndToEndSweepIT extends EndToEndSweepContract {
  @Container static final KafkaContainer KAFKA = TestBrokers.container();

  @Override
  protected String bootstrap() {
    return KAFKA.getBootstrapServers();
  }
}
