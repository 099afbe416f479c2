package org.gistsweep.cli.broker;

import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a broker. {@link #start()}: the external broker named by the environment variable
 * {@value #BOOTSTRAP_ENV} when it is set, else a fresh in-JVM {@link EmbeddedKafkaBroker}. {@link
 * #container()}: a Testcontainers Kafka configured like the embedded one (needs Docker).
 */
public final class TestBrokers {

  /** Environment variable naming an external broker, for example {@code 127.0.0.1:9092}. */
  public static final String BOOTSTRAP_ENV = "GIST_SWEEP_TEST_BOOTSTRAP";

  /** System property overriding the Kafka image for {@link #container()}. */
  public static final String IMAGE_PROPERTY = "gist.sweep.test.kafka.image";

  /** The default Kafka image, same version as the embedded broker and the clients. */
  public static final String DEFAULT_IMAGE = "apache/kafka:4.4.0";

  private TestBrokers() {}

  /** The external broker of {@value #BOOTSTRAP_ENV} if set, else a new in-JVM broker. */
  public static TestBroker start() {
    String external = System.getenv(BOOTSTRAP_ENV);
    if (external != null && !external.isBlank()) {
      return external(external.trim());
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.ephemeral());
    return new TestBroker() {
      @Override
      public String bootstrap() {
        return broker.bootstrapServers();
      }

      @Override
      public String kind() {
        return "in-jvm";
      }

      @Override
      public void close() {
        broker.close();
      }
    };
  }

  private static TestBroker external(String bootstrap) {
    return new TestBroker() {
      @Override
      public String bootstrap() {
        return bootstrap;
      }

      @Override
      public String kind() {
        return "external";
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A not yet started Kafka container with the single-node and share-group settings of the embedded
   * broker. Start it with {@code @Container} or {@code start()}.
   */
  public static KafkaContainer container() {
    KafkaContainer container =
        new KafkaContainer(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
    Map.of(
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0",
            "KAFKA_GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS", "500",
            "KAFKA_GROUP_SHARE_HEARTBEAT_INTERVAL_MS", "500")
        .forEach(container::withEnv);
    return container;
  }
}
