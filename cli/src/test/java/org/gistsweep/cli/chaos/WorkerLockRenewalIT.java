package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.kafka.KafkaTopology;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose model takes longer to build than its lock-renewal interval renews the share-group
 * lock on the trial record, accepts the record once the trial started, and goes on to the next
 * trial. (Kafka 4.4 hands a renewed record back only through the next poll; before the fix the
 * ACCEPT after a renewal threw and ended the worker's poll loop, so the second trial waited
 * forever. On a busy machine a real model build takes longer than the 10 s default interval.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class WorkerLockRenewalIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void aSlowStartingTrialIsRenewedAcceptedAndTheNextTrialRuns() {
    String bootstrap = BROKER.bootstrap();
    KafkaTopology.ensure(bootstrap, (short) 1, Map.of(), Duration.ofSeconds(30));
    String study = "renewal-" + System.nanoTime();
    WorkerOptions options =
        new WorkerOptions(
            bootstrap,
            "slow-start",
            dir.resolve("data"),
            dir.resolve("cache"),
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            Map.of(),
            Clock.systemUTC());
    try (WorkerNode worker =
        WorkerNode.start(
            options, new PacedTrainer(Duration.ofMillis(1500), Duration.ofMillis(50)))) {
      Records.produce(
          bootstrap, Topics.TRIALS, List.of(assignment(study, 0), assignment(study, 1)));

      List<WireMessage> events =
          Records.awaitEvents(
              bootstrap,
              study,
              Duration.ofSeconds(60),
              m -> m.stream().filter(e -> e instanceof TrialFinished).count() >= 2);

      assertThat(events)
          .filteredOn(e -> e instanceof TrialFinished)
          .extracting(WireMessage::trial)
          .containsExactlyInAnyOrder(0, 1);
      assertThat(events)
          .filteredOn(e -> e instanceof TrialStarted)
          .extracting(WireMessage::trial)
          .containsExactlyInAnyOrder(0, 1);
    }
  }

  private static TrialAssignment assignment(String study, int trial) {
    return new TrialAssignment(
        WireMessage.SCHEMA_VERSION,
        study,
        trial,
        1,
        System.currentTimeMillis(),
        Map.of("lr", 0.01),
        Map.of("lr", 0.01, "epochs", 1));
  }
}
