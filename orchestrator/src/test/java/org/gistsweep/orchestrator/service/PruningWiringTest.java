package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PruningWiringTest {
  private static final String ASHA_SWEEP =
      """
      name: pruned
      budget: {trials: 2, parallel: 2, epochs: 3}
      sampler: {type: random, seed: 7}
      pruner: {type: asha, min_resource: 1, reduction_factor: 3}
      space:
        lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
      """;

  private final FakePublisher publisher = new FakePublisher();

  private String start(Vertx vertx, String yaml) throws Exception {
    StudyService service = new StudyService(vertx, publisher, MutableClock.fixed());
    this.service = service;
    CountDownLatch published = new CountDownLatch(2);
    publisher.onAssignment(a -> published.countDown());
    String id = service.submit(TestSpecs.parse(yaml)).get(10, TimeUnit.SECONDS);
    assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
    return id;
  }

  private StudyService service;

  private List<TrialControl> prunes() {
    return publisher.controls.stream().filter(c -> TrialControl.PRUNE.equals(c.action())).toList();
  }

  @Test
  void aPruneDecisionPublishesOneControlPerAttemptAndPrunedTrialsCountSavedEpochs(Vertx vertx)
      throws Exception {
    String id = start(vertx, ASHA_SWEEP);
    service
        .apply(List.of(Events.started(id, 0, 1, "w1"), Events.epoch(id, 0, 1, 1, 0.9)))
        .get(10, TimeUnit.SECONDS);
    assertThat(prunes()).isEmpty();
    assertThat(publisher.controls)
        .as("the waiting worker hears it may go on after epoch 1")
        .singleElement()
        .satisfies(
            c -> {
              assertThat(List.of(c.trial(), c.attempt(), c.step(), c.action()))
                  .containsExactly(0, 1, 1, TrialControl.CONTINUE);
            });

    // trial 1 reaches rung 0 (epoch 1) behind trial 0 with fewer than eta values: pruned
    service
        .apply(List.of(Events.started(id, 1, 1, "w2"), Events.epoch(id, 1, 1, 1, 0.1)))
        .get(10, TimeUnit.SECONDS);
    assertThat(prunes()).hasSize(1);
    TrialControl c = prunes().get(0);
    assertThat(c.step()).isEqualTo(1);
    assertThat(List.of(c.study(), c.trial(), c.attempt(), c.action()))
        .containsExactly(id, 1, 1, TrialControl.PRUNE);
    assertThat(c.reason()).contains("asha", "rung 0");

    // a duplicate epoch and a later epoch before the worker stops publish nothing more
    int before = publisher.controls.size();
    service
        .apply(List.of(Events.epoch(id, 1, 1, 1, 0.1), Events.epoch(id, 1, 1, 2, 0.1)))
        .get(10, TimeUnit.SECONDS);
    assertThat(publisher.controls).hasSize(before);

    service.apply(List.of(Events.pruned(id, 1, 1, 0.1, 2))).get(10, TimeUnit.SECONDS);
    StudySnapshot s = service.snapshot(id).orElseThrow();
    assertThat(s.trials().get(1).state()).isEqualTo(TrialState.PRUNED);
    assertThat(s.trials().get(1).intermediateValues()).containsKeys(1, 2);
    assertThat(s.prunedEpochsSaved()).isEqualTo(1);
  }

  @Test
  void noPrunerNeverPublishesControls(Vertx vertx) throws Exception {
    String id =
        start(
            vertx,
            ASHA_SWEEP.replace("pruner: {type: asha, min_resource: 1, reduction_factor: 3}\n", ""));
    service
        .apply(List.of(Events.epoch(id, 0, 1, 1, 0.9), Events.epoch(id, 1, 1, 1, 0.1)))
        .get(10, TimeUnit.SECONDS);
    assertThat(publisher.controls).isEmpty();
  }

  @Test
  void multiObjectiveStudiesRankByParetoFront(Vertx vertx) throws Exception {
    String id =
        start(
            vertx,
            ASHA_SWEEP.replace(
                "name: pruned\n",
                "name: pruned\n"
                    + "objectives: [{metric: val_top1, direction: maximize}, {metric:"
                    + " trainable_params, direction: minimize}]\n"));
    // Events.started reports 1,000 trainable params for both trials: trial 1 is dominated at rung 0
    service
        .apply(List.of(Events.started(id, 0, 1, "w1"), Events.epoch(id, 0, 1, 1, 0.9)))
        .get(10, TimeUnit.SECONDS);
    service
        .apply(List.of(Events.started(id, 1, 1, "w2"), Events.epoch(id, 1, 1, 1, 0.5)))
        .get(10, TimeUnit.SECONDS);
    assertThat(prunes()).extracting(TrialControl::trial).containsExactly(1);
    service
        .apply(List.of(Events.finished(id, 0, 1, 0.9, 3), Events.pruned(id, 1, 1, 0.5, 1)))
        .get(10, TimeUnit.SECONDS);
    StudySnapshot s = service.snapshot(id).orElseThrow();
    assertThat(s.trials().get(0).values()).containsExactly(0.9, 1000.0);
    assertThat(s.paretoFront()).containsExactly(0);
    assertThat(s.bestTrial()).isEqualTo(0);
  }
}
