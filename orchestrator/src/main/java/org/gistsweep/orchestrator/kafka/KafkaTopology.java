package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.gistsweep.common.wire.Topics;

/**
 * Creates what the orchestrator and workers need on the broker, idempotently: the topics and the
 * workers' share-group settings {@code share.isolation.level=read_committed} and {@code
 * share.auto.offset.reset=earliest} (group configs on Kafka 4.x, set with {@code
 * incrementalAlterConfigs} on a {@link ConfigResource.Type#GROUP}; the default {@code latest} would
 * skip trials published before the first worker joined).
 */
public final class KafkaTopology {
  /** Topic name to partition count. EVENTS is partitioned by trial key; the others keep order. */
  public static final Map<String, Integer> PARTITIONS =
      Map.of(
          Topics.TRIALS,
          1,
          Topics.EVENTS,
          4,
          Topics.CONTROL,
          1,
          Topics.DEAD_LETTERS,
          1,
          Topics.JOURNAL,
          1);

  /** Topic configs beyond the broker defaults: the journal is kept forever. */
  public static final Map<String, Map<String, String>> CONFIGS =
      Map.of(
          Topics.JOURNAL,
          Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete"));

  /**
   * The share-group config that hides trials of unfinished or aborted orchestrator transactions
   * from workers: a trial is taken only once its journal entry is durable.
   */
  public static final String SHARE_ISOLATION_LEVEL = "share.isolation.level";

  /**
   * How long a worker may hold a trial record before its {@code trial_started} is durable: the
   * broker's maximum (60 s), so a worker building a large model under load rarely has to renew.
   */
  public static final String SHARE_RECORD_LOCK = "share.record.lock.duration.ms";

  /** The share-group config that makes new workers start at the oldest queued trial. */
  public static final String SHARE_AUTO_OFFSET_RESET = "share.auto.offset.reset";

  private KafkaTopology() {}

  /**
   * Ensures topics and group config exist; returns within about {@code timeout}.
   *
   * @param replication replication factor of created topics (1 for a single broker)
   * @throws BrokerUnreachableException when no broker answers at {@code bootstrap}
   * @throws KafkaSetupException when the broker refuses a topic or the group config
   */
  public static void ensure(
      String bootstrap, short replication, Map<String, String> overrides, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Admin admin;
    try {
      admin = Admin.create(KafkaClients.adminConfig(bootstrap, timeout, overrides));
    } catch (KafkaException e) {
      throw new BrokerUnreachableException(bootstrap, timeout, e);
    }
    try {
      int ms = (int) timeout.toMillis();
      await(
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId(),
          deadline,
          bootstrap,
          timeout,
          "describe the cluster");
      Set<String> existing =
          await(admin.listTopics().names(), deadline, bootstrap, timeout, "list topics");
      List<NewTopic> missing = new ArrayList<>();
      PARTITIONS.forEach(
          (name, partitions) -> {
            if (!existing.contains(name)) {
              missing.add(
                  new NewTopic(name, partitions, replication)
                      .configs(CONFIGS.getOrDefault(name, Map.of())));
            }
          });
      for (Map.Entry<String, KafkaFuture<Void>> e :
          admin.createTopics(missing).values().entrySet()) {
        try {
          await(e.getValue(), deadline, bootstrap, timeout, "create topic " + e.getKey());
        } catch (KafkaSetupException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw ex;
          }
        }
      }
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, Topics.WORKER_GROUP);
      AlterConfigOp earliest =
          new AlterConfigOp(
              new ConfigEntry(SHARE_AUTO_OFFSET_RESET, "earliest"), AlterConfigOp.OpType.SET);
      Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
      AlterConfigOp committed =
          new AlterConfigOp(
              new ConfigEntry(SHARE_ISOLATION_LEVEL, "read_committed"), AlterConfigOp.OpType.SET);
      AlterConfigOp lock =
          new AlterConfigOp(new ConfigEntry(SHARE_RECORD_LOCK, "60000"), AlterConfigOp.OpType.SET);
      AlterConfigOp renew =
          new AlterConfigOp(
              new ConfigEntry("share.renew.acknowledge.enable", "true"), AlterConfigOp.OpType.SET);
      ops.put(group, List.of(earliest, committed, lock, renew));
      await(
          admin.incrementalAlterConfigs(ops).all(),
          deadline,
          bootstrap,
          timeout,
          "set "
              + SHARE_AUTO_OFFSET_RESET
              + "=earliest on share group "
              + Topics.WORKER_GROUP
              + " (share groups need Kafka 4.1+ with share.version >= 1)");
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private static <T> T await(
      KafkaFuture<T> future, long deadline, String bootstrap, Duration timeout, String what) {
    long left = Math.max(1, deadline - System.nanoTime());
    try {
      return future.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new BrokerUnreachableException(bootstrap, timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new BrokerUnreachableException(bootstrap, timeout, cause);
      }
      throw new KafkaSetupException(
          "Cannot " + what + " at " + bootstrap + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while trying to " + what, e);
    }
  }
}
