package org.gistsweep.orchestrator.kafka;

/** Setting up Kafka for the orchestrator failed (topics, group configuration, clients). */
public class KafkaSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by {@code cause} (may be {@code null}). */
  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
