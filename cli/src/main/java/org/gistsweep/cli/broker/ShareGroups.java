package org.gistsweep.cli.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Share-group (KIP-932) settings for handing one trial at a time to each worker on Kafka 4.4.0.
 *
 * <p>Two sides must be set. The consumer side ({@link #oneRecordPerPoll}): {@code
 * share.acquire.mode=record_limit} with {@code max.poll.records=1} and explicit acknowledgement;
 * without record_limit a poll can acquire a whole batch. The group side ({@link #configure}):
 * {@code share.auto.offset.reset} is a group config set through the admin API (a share consumer
 * rejects {@code auto.offset.reset}); the default {@code latest} skips records produced before the
 * group's first member joined, so set {@code earliest} before the first worker starts.
 */
public final class ShareGroups {

  /** Group config: where a new share group starts reading. */
  public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";

  private ShareGroups() {}

  /**
   * Consumer configuration (without deserializers) for a {@code KafkaShareConsumer} that receives
   * exactly one record per poll and must acknowledge it explicitly.
   */
  public static Map<String, Object> oneRecordPerPoll(String bootstrap, String groupId) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG,
        groupId,
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG,
        "explicit",
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG,
        "record_limit",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        1);
  }

  /** Sets {@code share.auto.offset.reset=earliest} on the group (idempotent). */
  public static void startFromEarliest(String bootstrap, String groupId) {
    configure(bootstrap, groupId, Map.of(AUTO_OFFSET_RESET, "earliest"));
  }

  /**
   * Sets group configs (for example {@code share.record.lock.duration.ms}) on a share group; the
   * group need not exist yet.
   *
   * @throws UnreachableBrokerException when the broker does not answer within {@link
   *     BrokerProbe#TOPIC_TIMEOUT}
   */
  public static void configure(String bootstrap, String groupId, Map<String, String> configs) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<AlterConfigOp> ops =
        configs.entrySet().stream()
            .map(
                e ->
                    new AlterConfigOp(
                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList();
    Duration timeout = BrokerProbe.TOPIC_TIMEOUT;
    try (Admin admin = Admin.create(BrokerProbe.adminConfig(bootstrap, timeout.toMillis()))) {
      admin
          .incrementalAlterConfigs(Map.of(group, ops))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "Cannot set "
              + configs
              + " on share group "
              + groupId
              + " at "
              + bootstrap
              + ": "
              + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new UnreachableBrokerException(
          "Kafka broker at " + bootstrap + " did not answer within " + timeout.toSeconds() + "s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while configuring share group " + groupId, e);
    }
  }
}
