package org.gistsweep.cli.broker;

import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The broker contract against Kafka in a Testcontainers container; skipped, with the reason, where
 * no Docker engine answers.
 */
@RequiresTool(Tool.DOCKER)
@Testcontainers(disabledWithoutDocker = true)
@Tag(Tier.BROKER)
@Tag(Tier.DOCKER)
class ContainerBrokerContractIT extends BrokerContract {

  @Container static final KafkaContainer KAFKA = TestBrokers.container();

  @Override
  protected String bootstrap() {
    return KAFKA.getBootstrapServers();
  }
}
