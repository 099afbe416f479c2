package org.gistsweep.cli.broker;

/**
 * A broker answers at the address, but the connection's security settings do not work with it (TLS
 * against a plaintext listener, refused SASL credentials, an unusable trust store). Not retriable:
 * the settings must change; the message says which ones.
 */
public class BrokerSecurityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the address, the setting at fault and the fix. */
  public BrokerSecurityException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The broker closed connections mid-handshake without a reply (see {@link HandshakeFailures}).
   */
  static BrokerSecurityException mismatch(String bootstrap, String protocol) {
    return new BrokerSecurityException(
        "Kafka broker at "
            + bootstrap
            + " accepts connections but closed "
            + HandshakeFailures.CLOSED
            + " of them during the handshake without answering: security.protocol="
            + protocol
            + " (from --kafka-config) does not match its listener (a PLAINTEXT listener drops TLS"
            + " connections this way). Set security.protocol to the listener's protocol, or point"
            + " --bootstrap at a listener that speaks "
            + protocol,
        null);
  }

  /** The broker answered the handshake with a refusal (SASL or TLS authentication failed). */
  static BrokerSecurityException refused(String bootstrap, String protocol, Throwable cause) {
    return new BrokerSecurityException(
        "Kafka broker at "
            + bootstrap
            + " refused the connection's security handshake"
            + " (security.protocol="
            + protocol
            + "): "
            + cause.getMessage()
            + ". Check security.protocol, sasl.mechanism,"
            + " sasl.jaas.config and ssl.* in --kafka-config against the broker's listener",
        cause);
  }

  /** No client could even be created from the settings (e.g. a trust store that does not load). */
  static BrokerSecurityException unusable(Throwable cause) {
    StringBuilder why = new StringBuilder(String.valueOf(cause.getMessage()));
    for (Throwable c = cause.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      why.append(": ").append(c.getMessage());
    }
    return new BrokerSecurityException(
        "cannot create a Kafka client from the --kafka-config settings: "
            + why
            + "; check the ssl.* store locations, types and passwords",
        cause);
  }
}
