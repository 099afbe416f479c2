package org.gistsweep.orchestrator.kafka;

import java.time.Duration;

/** No Kafka broker answered at the configured address within the time allowed. */
public final class BrokerUnreachableException extends KafkaSetupException {
  private static final long serialVersionUID = 1L;

  /**
   * @param bootstrap the address that was tried, {@code host:port}[,...]
   * @param waited how long it was tried
   * @param cause what the client reported, or {@code null}
   */
  public BrokerUnreachableException(String bootstrap, Duration waited, Throwable cause) {
    super(
        "Kafka broker at "
            + bootstrap
            + " is unreachable (no answer within "
            + waited.toSeconds()
            + " s"
            + detail(cause)
            + "); start one with ./gist-sweep broker or pass --bootstrap",
        cause);
  }

  private static String detail(Throwable cause) {
    String text = cause == null ? null : cause.getMessage();
    return text == null || text.isBlank() ? "" : ": " + text;
  }
}
