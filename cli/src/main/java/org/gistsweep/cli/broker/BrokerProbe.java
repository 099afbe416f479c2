package org.gistsweep.cli.broker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks that a Kafka broker answers and creates topics, with bounded timeouts: every call returns
 * or throws within about its timeout, never hangs on an absent broker.
 */
public final class BrokerProbe {

  /** Timeout of {@link #ensureTopics}. */
  public static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final String PROTOCOL = "security.protocol";
  private static final String PLAINTEXT = "PLAINTEXT";

  private BrokerProbe() {}

  /** {@link #awaitReachable(String, Duration, Map)} with plaintext clients. */
  public static void awaitReachable(String bootstrap, Duration timeout) {
    awaitReachable(bootstrap, timeout, Map.of());
  }

  /**
   * Returns once the broker at {@code bootstrap} answers a describe-cluster request made with the
   * client settings {@code kafkaConfig} (security).
   *
   * @param bootstrap {@code host:port}[,{@code host:port}...]
   * @param timeout the most time to wait, at least 1 ms
   * @param kafkaConfig Kafka client settings from {@code --kafka-config}, applied last
   * @throws UnreachableBrokerException when no broker answered within {@code timeout}; the message
   *     names the address and how to start a broker or where to point {@code --bootstrap}
   * @throws BrokerSecurityException within about a second when the security settings do not work
   *     with the broker: refused authentication, or TLS (or SASL_SSL) at a plaintext listener
   */
  public static void awaitReachable(
      String bootstrap, Duration timeout, Map<String, String> kafkaConfig) {
    long ms = Math.max(1, timeout.toMillis());
    boolean secured = !PLAINTEXT.equalsIgnoreCase(kafkaConfig.getOrDefault(PROTOCOL, PLAINTEXT));
    Admin admin;
    try {
      admin = Admin.create(adminConfig(bootstrap, ms, kafkaConfig));
    } catch (KafkaException e) {
      if (!kafkaConfig.isEmpty()) {
        throw BrokerSecurityException.unusable(e);
      }
      throw unreachable(bootstrap, ms, e);
    }
    try {
      int optionMs = (int) Math.min(ms, Integer.MAX_VALUE);
      KafkaFuture<String> cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(optionMs)).clusterId();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms + 1_000);
      while (true) {
        try {
          cluster.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (TimeoutException e) {
          if (secured && HandshakeFailures.seen(admin)) {
            throw BrokerSecurityException.mismatch(bootstrap, kafkaConfig.get(PROTOCOL));
          }
          if (System.nanoTime() > deadline) {
            throw unreachable(bootstrap, ms, e);
          }
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        throw BrokerSecurityException.refused(
            bootstrap, kafkaConfig.getOrDefault(PROTOCOL, PLAINTEXT), e.getCause());
      }
      if (secured && HandshakeFailures.seen(admin)) {
        throw BrokerSecurityException.mismatch(bootstrap, kafkaConfig.get(PROTOCOL));
      }
      throw unreachable(bootstrap, ms, e.getCause());
    } catch (KafkaException e) {
      throw unreachable(bootstrap, ms, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(bootstrap, ms, e);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /**
   * Creates the topics that do not exist yet; topics that exist are left as they are.
   *
   * @throws UnreachableBrokerException when the broker does not answer within {@link
   *     #TOPIC_TIMEOUT}
   * @throws KafkaException when the broker refuses a topic (for example an invalid name)
   */
  public static void ensureTopics(String bootstrap, List<NewTopic> topics) {
    long ms = TOPIC_TIMEOUT.toMillis();
    try (Admin admin = Admin.create(adminConfig(bootstrap, ms))) {
      var results =
          admin.createTopics(topics, new CreateTopicsOptions().timeoutMs((int) ms)).values();
      for (var entry : results.entrySet()) {
        try {
          entry.getValue().get(ms + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw asKafka(entry.getKey(), bootstrap, ms, e.getCause());
          }
        }
      }
    } catch (TimeoutException e) {
      throw unreachable(bootstrap, ms, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(bootstrap, ms, e);
    }
  }

  static Map<String, Object> adminConfig(String bootstrap, long timeoutMs) {
    return adminConfig(bootstrap, timeoutMs, Map.of());
  }

  /** The probe's admin client: short timeouts and back-offs, then {@code kafkaConfig}. */
  static Map<String, Object> adminConfig(
      String bootstrap, long timeoutMs, Map<String, String> kafkaConfig) {
    int ms = (int) Math.min(timeoutMs, Integer.MAX_VALUE);
    Map<String, Object> c =
        new HashMap<>(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "gist-sweep-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                ms,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
                Math.min(ms, 1_000),
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
                Math.min(ms, 2_000),
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG,
                50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                500,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG,
                50,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG,
                500));
    c.putAll(kafkaConfig);
    return c;
  }

  private static RuntimeException asKafka(
      String topic, String bootstrap, long ms, Throwable cause) {
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return unreachable(bootstrap, ms, cause);
    }
    return new KafkaException(
        "Cannot create topic " + topic + " on " + bootstrap + ": " + cause, cause);
  }

  private static UnreachableBrokerException unreachable(
      String bootstrap, long ms, Throwable cause) {
    String seconds = ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format("%.1f", ms / 1000.0);
    return new UnreachableBrokerException(
        "Kafka broker at "
            + bootstrap
            + " is unreachable after "
            + seconds
            + "s: "
            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
            + ". Start one with `./gist-sweep broker --port "
            + portOf(bootstrap)
            + "` or pass --bootstrap HOST:PORT of a running broker.",
        cause);
  }

  static String portOf(String bootstrap) {
    String first = bootstrap.split(",")[0].trim();
    int colon = first.lastIndexOf(':');
    String port = colon < 0 ? "" : first.substring(colon + 1);
    return port.matches("\\d{1,5}") ? port : "9092";
  }
}
