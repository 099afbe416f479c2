package org.gistsweep.cli.broker;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The broker contract against Kafka in a Testcontainers container; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerContractIT extends BrokerContract {

  @Container static final KafkaContainer KAFKA = TestBrokers.container();

  @Override
  protected String bootstrap() {
    return KAFKA.getBootstrapServers();
  }
}
