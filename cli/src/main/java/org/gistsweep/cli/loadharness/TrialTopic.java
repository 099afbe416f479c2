package org.gistsweep.cli.loadharness;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.gistsweep.common.wire.Topics;

/**
 * Creates {@code gist.trials} with more partitions than the orchestrator would (it creates missing
 * topics only, with one partition), so a run can compare how the share group hands out trials when
 * hundreds of workers do not all fetch from one partition.
 */
final class TrialTopic {
  private TrialTopic() {}

  /**
   * Creates the topic with {@code partitions} partitions; returns false when it already existed
   * (then its partition count is whatever it was).
   */
  static boolean create(String bootstrap, int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(Topics.TRIALS, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot create " + Topics.TRIALS + " with " + partitions + " partitions: " + e.getCause(),
          e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the broker did not create " + Topics.TRIALS + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + Topics.TRIALS, e);
    }
  }
}
