package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gistsweep.orchestrator.testing.Events.epoch;
import static org.gistsweep.orchestrator.testing.Events.failed;
import static org.gistsweep.orchestrator.testing.Events.finished;
import static org.gistsweep.orchestrator.testing.Events.heartbeat;
import static org.gistsweep.orchestrator.testing.Events.pruned;
import static org.gistsweep.orchestrator.testing.Events.started;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Every handler is idempotent: delivering each worker message again, at once or later in any order,
 * leaves the trials exactly as one delivery does (only the count of ignored messages grows).
 */
class IdempotenceTest {
  private static final String ID = "idem-1";

  private final Random random = new Random(42);

  private List<WireMessage> history() {
    return List.of(
        started(ID, 0, 1, "w1"),
        epoch(ID, 0, 1, 1, 0.3),
        heartbeat(ID, 0, 1),
        epoch(ID, 0, 1, 2, 0.5),
        finished(ID, 0, 1, 0.5, 2),
        started(ID, 1, 1, "w2"),
        failed(ID, 1, 1, true),
        started(ID, 1, 2, "w3"),
        epoch(ID, 1, 2, 1, 0.2),
        pruned(ID, 1, 2, 0.2, 1),
        started(ID, 2, 1, "w1"),
        epoch(ID, 2, 1, 1, 0.6),
        epoch(ID, 2, 1, 2, 0.7),
        finished(ID, 2, 1, 0.7, 2));
  }

  private Study play(List<WireMessage> deliveries) {
    MutableClock clock = MutableClock.fixed();
    Study s = new Study(ID, TestSpecs.random(3, 3, 2, 3), Long.MAX_VALUE, clock);
    for (int n = 0; n < 3; n++) {
      s.createTrial(n, Map.of("lr", 0.01 * (n + 1)), Map.of("epochs", 2));
    }
    for (WireMessage m : deliveries) {
      s.apply(m);
    }
    return s;
  }

  @RepeatedTest(5)
  void duplicatedDeliveriesChangeNothing() {
    List<WireMessage> once = history();
    List<WireMessage> twice = new ArrayList<>();
    for (WireMessage m : once) {
      twice.add(m);
      if (random.nextBoolean()) {
        twice.add(m);
      }
    }
    List<WireMessage> replayedLater = new ArrayList<>(once);
    Collections.shuffle(replayedLater, random);
    twice.addAll(replayedLater);

    Study expected = play(once);
    Study actual = play(twice);
    assertThat(actual.trials()).isEqualTo(expected.trials());
    assertThat(actual.bestTrial()).isEqualTo(expected.bestTrial());
    assertThat(actual.isComplete()).isTrue();
    assertThat(actual.ignoredMessages()).isGreaterThanOrEqualTo(once.size() - 1);
  }

  @org.junit.jupiter.api.Test
  void aSecondWorkerHandedTheSameAttemptIsRejected() {
    Study s = play(List.of(started(ID, 0, 1, "w1"), epoch(ID, 0, 1, 1, 0.3)));
    EpochMetrics ghost =
        new EpochMetrics(
            1, ID, 0, 1, 9L, "ghost", 2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.99, 1e-3, 1.0, 1.0);
    Outcome o = s.apply(ghost);
    assertThat(o.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(o.rejectedAs()).isEqualTo(DeadLetterKind.WRONG_WORKER);
    assertThat(o.reason()).contains("from worker ghost, but worker w1 runs this attempt");
    assertThat(s.trial(0).orElseThrow().epochs()).hasSize(1);
  }
}
