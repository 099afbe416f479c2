package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.study.ControlConflict;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Steering a study through {@link StudyService#control}: each control's effect on dispatch and on
 * the trials, the stop requests it publishes, repeats that change nothing, refusals, and a replay
 * of the journal after every control that rebuilds exactly the same study.
 */
@ExtendWith(VertxExtension.class)
class SteeringServiceTest {
  private static final long WAIT = 10;

  private final MutableClock clock = MutableClock.fixed();
  private final FakePublisher publisher = new FakePublisher();
  private InMemoryStudyLog log;
  private StudyService service;

  private StudyService start(Vertx vertx) throws Exception {
    log = new InMemoryStudyLog(publisher);
    service = new StudyService(vertx, log, clock);
    service.recover().get(WAIT, TimeUnit.SECONDS);
    return service;
  }

  private StudyService.Controlled control(String id, String control, Map<String, Object> args)
      throws Exception {
    clock.advance(Duration.ofSeconds(1));
    return service
        .control(id, control, "POST /api/studies/" + id + "/" + control, args)
        .get(WAIT, TimeUnit.SECONDS);
  }

  private Throwable refusal(String id, String control, Map<String, Object> args) {
    try {
      control(id, control, args);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError(control + " " + args + " was not refused");
  }

  private void awaitAssignments(int n) {
    Waits.until(
        n + " assignments", Duration.ofSeconds(WAIT), () -> publisher.assignments.size() >= n);
  }

  private void complete(String id, int trial, double value) throws Exception {
    service
        .apply(
            List.of(
                Events.started(id, trial, 1, "w" + trial),
                Events.epoch(id, trial, 1, 1, value),
                Events.finished(id, trial, 1, value, 1)))
        .get(WAIT, TimeUnit.SECONDS);
  }

  /** A second service over the same journal serves the very same study JSON. */
  private void assertReplaysIdentically(Vertx vertx, String id) throws Exception {
    StudyService replayed =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    replayed.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(StudyJson.study(replayed.snapshot(id).orElseThrow()))
        .isEqualTo(StudyJson.study(service.snapshot(id).orElseThrow()));
  }

  @Test
  void pauseStopsDispatchingWhileLiveTrialsFinishAndResumeGoesOn(Vertx vertx) throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(5, 2, 1, 1)).get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(2);

    StudyService.Controlled paused = control(id, "pause", Map.of());
    assertThat(paused.changed()).isTrue();
    assertThat(paused.study().state()).isEqualTo(StudySnapshot.PAUSED);
    assertThat(control(id, "pause", Map.of()).changed()).as("a repeat changes nothing").isFalse();
    complete(id, 0, 0.5);
    complete(id, 1, 0.6);
    drainContext();
    assertThat(publisher.assignments).as("nothing new while paused").hasSize(2);
    assertThat(service.snapshot(id).orElseThrow().state()).isEqualTo(StudySnapshot.PAUSED);
    assertReplaysIdentically(vertx, id);

    assertThat(control(id, "resume", Map.of()).study().state()).isEqualTo(StudySnapshot.RUNNING);
    awaitAssignments(4);
    assertThat(publisher.assignments.stream().map(TrialAssignment::trial))
        .containsExactly(0, 1, 2, 3);
    assertThat(control(id, "resume", Map.of()).changed()).isFalse();
    assertThat(service.snapshot(id).orElseThrow().controls())
        .extracting(c -> c.control())
        .containsExactly("pause", "resume");
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void cancelStopsEveryLiveTrialKeepsItsEpochsAndStopsWorkersThatTakeItLater(Vertx vertx)
      throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(6, 3, 3, 1)).get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(3);
    complete(id, 0, 0.4);
    awaitAssignments(4);
    service
        .apply(List.of(Events.started(id, 1, 1, "w1"), Events.epoch(id, 1, 1, 1, 0.3)))
        .get(WAIT, TimeUnit.SECONDS);

    StudyService.Controlled cancelled = control(id, "cancel", Map.of());
    StudySnapshot s = cancelled.study();
    assertThat(s.state()).isEqualTo(StudySnapshot.CANCELLED);
    assertThat(s.isFinished()).isTrue();
    assertThat(s.trials())
        .extracting(t -> t.state())
        .containsExactly(
            TrialState.COMPLETE, TrialState.CANCELLED, TrialState.CANCELLED, TrialState.CANCELLED);
    assertThat(s.trials().get(1).epochs()).as("a cancelled trial keeps its epochs").hasSize(1);
    assertThat(s.bestTrial()).as("a cancelled trial never counts as COMPLETE").isEqualTo(0);
    assertThat(publisher.controls)
        .extracting(c -> c.trial() + "/" + c.action())
        .containsExactlyInAnyOrder("1/cancel", "2/cancel", "3/cancel");

    service.apply(List.of(Events.started(id, 2, 1, "w7"))).get(WAIT, TimeUnit.SECONDS);
    assertThat(publisher.controls)
        .as("a worker that takes a cancelled trial later is told to stop")
        .filteredOn(c -> c.trial() == 2)
        .hasSize(2)
        .allMatch(c -> c.action().equals(TrialControl.CANCEL));
    assertThat(control(id, "cancel", Map.of()).changed()).isFalse();
    assertThat(refusal(id, "pause", Map.of()))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("cancelled");
    assertThat(refusal(id, "budget", Map.of("trials", 9))).isInstanceOf(ControlConflict.class);
    drainContext();
    assertThat(publisher.assignments).hasSize(4);
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void stopLetsRunningTrialsFinishCancelsWaitingOnesThenTheStudyIsStopped(Vertx vertx)
      throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(6, 2, 2, 1)).get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(2);
    service.apply(List.of(Events.started(id, 0, 1, "w1"))).get(WAIT, TimeUnit.SECONDS);

    StudySnapshot stopping = control(id, "stop", Map.of()).study();
    assertThat(stopping.state()).isEqualTo(StudySnapshot.STOPPING);
    assertThat(stopping.trials())
        .extracting(t -> t.state())
        .containsExactly(TrialState.RUNNING, TrialState.CANCELLED);
    service
        .apply(
            List.of(
                Events.epoch(id, 0, 1, 1, 0.5),
                Events.epoch(id, 0, 1, 2, 0.7),
                Events.finished(id, 0, 1, 0.7, 2)))
        .get(WAIT, TimeUnit.SECONDS);
    StudySnapshot stopped = service.snapshot(id).orElseThrow();
    assertThat(stopped.state()).isEqualTo(StudySnapshot.STOPPED);
    assertThat(stopped.finishedAt()).isNotNull();
    assertThat(stopped.trials().get(0).state()).isEqualTo(TrialState.COMPLETE);
    assertThat(control(id, "stop", Map.of()).changed()).isFalse();
    assertThat(refusal(id, "cancel", Map.of()))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("already stopped");
    assertThat(publisher.assignments).hasSize(2);

    assertThat(control(id, "archive", Map.of()).study().archived()).isTrue();
    assertThat(control(id, "archive", Map.of()).changed()).isFalse();
    assertReplaysIdentically(vertx, id);
    assertThat(control(id, "restore", Map.of()).study().archived()).isFalse();
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void archivingALiveStudyIsRefused(Vertx vertx) throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(3, 1, 1, 1)).get(WAIT, TimeUnit.SECONDS);
    assertThat(refusal(id, "archive", Map.of()))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("stop or cancel it");
    assertThat(refusal("nope-1", "pause", Map.of())).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void extendingAFinishedStudyReopensItAndItsNextSuggestionIsThatOfAStudyCreatedLarger(Vertx vertx)
      throws Exception {
    String spec =
        """
        name: grow
        budget: {trials: %d, parallel: 1, epochs: 1}
        sampler: {type: tpe, seed: 11}
        space:
          lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
          adapter_dim: {type: int, low: 2, high: 16, step: 2}
        """;
    start(vertx);
    String small = service.submit(TestSpecs.parse(spec.formatted(12))).get(WAIT, TimeUnit.SECONDS);
    List<Double> values = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      awaitAssignments(n + 1);
      double v = 0.3 + 0.05 * (n % 7);
      values.add(v);
      complete(small, n, v);
    }
    StudySnapshot done = service.snapshot(small).orElseThrow();
    assertThat(done.isComplete()).isTrue();
    assertThat(done.finishedAt()).isNotNull();

    StudySnapshot reopened = control(small, "budget", Map.of("trials", 14)).study();
    assertThat(reopened.state()).isEqualTo(StudySnapshot.RUNNING);
    assertThat(reopened.finishedAt()).isNull();
    assertThat(reopened.maxTrials()).isEqualTo(14);
    assertThat(reopened.budget().trials()).isEqualTo(14);
    awaitAssignments(13);
    Map<String, Object> extended = publisher.assignments.get(12).params();

    FakePublisher other = new FakePublisher();
    StudyService large = new StudyService(vertx, new InMemoryStudyLog(other), clock);
    large.recover().get(WAIT, TimeUnit.SECONDS);
    String big = large.submit(TestSpecs.parse(spec.formatted(14))).get(WAIT, TimeUnit.SECONDS);
    for (int n = 0; n < 12; n++) {
      int count = n + 1;
      Waits.until(
          count + " assignments",
          Duration.ofSeconds(WAIT),
          () -> other.assignments.size() >= count);
      assertThat(other.assignments.get(n).params())
          .as("trial %d of the same history", n)
          .isEqualTo(publisher.assignments.get(n).params());
      large
          .apply(
              List.of(
                  Events.started(big, n, 1, "w" + n),
                  Events.epoch(big, n, 1, 1, values.get(n)),
                  Events.finished(big, n, 1, values.get(n), 1)))
          .get(WAIT, TimeUnit.SECONDS);
    }
    Waits.until("13 assignments", Duration.ofSeconds(WAIT), () -> other.assignments.size() >= 13);
    assertThat(extended)
        .as("the extended study's next suggestion")
        .isEqualTo(other.assignments.get(12).params());
    assertReplaysIdentically(vertx, small);
  }

  @Test
  void enqueuedParamsAreUsedExactlyAndAPartialSetHasTheRestSampled(Vertx vertx) throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(4, 1, 1, 1)).get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(1);
    control(id, "enqueue", Map.of("params", Map.of("lr", 0.003, "adapter_dim", 8L)));
    control(id, "enqueue", Map.of("params", Map.of("adapter_dim", 4L)));
    assertThat(control(id, "enqueue", Map.of("params", Map.of("adapter_dim", 4L))).changed())
        .as("the same params still queued")
        .isFalse();
    assertThat(service.snapshot(id).orElseThrow().enqueued()).hasSize(2);
    assertThat(control(id, "enqueue", Map.of("params", Map.of("adapter_dim", 6L))).changed())
        .as("trial 0 exists and two are queued: one trial of four is left")
        .isTrue();
    assertThat(refusal(id, "enqueue", Map.of("params", Map.of("adapter_dim", 10L))))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("raise it first");

    StudyService restarted =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher(), log.entries()), clock);
    restarted.recover().get(WAIT, TimeUnit.SECONDS);
    assertThat(
            restarted
                .control(id, "enqueue", "POST", Map.of("params", Map.of("adapter_dim", 4L)))
                .get(WAIT, TimeUnit.SECONDS)
                .changed())
        .as("after a replay, the same params are still recognised as queued")
        .isFalse();
    complete(id, 0, 0.5);
    awaitAssignments(2);
    assertThat(publisher.assignments.get(1).params())
        .isEqualTo(Map.of("lr", 0.003, "adapter_dim", 8L));
    complete(id, 1, 0.5);
    awaitAssignments(3);
    Map<String, Object> partial = publisher.assignments.get(2).params();
    assertThat(partial).containsEntry("adapter_dim", 4L).containsKey("lr");
    assertThat((Double) partial.get("lr")).isBetween(1.0e-4, 1.0e-1);
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void theSweepFilesEnqueueListGivesTheFirstTrials(Vertx vertx) throws Exception {
    start(vertx);
    String id =
        service
            .submit(
                TestSpecs.parse(
                    """
                    name: defaults-first
                    budget: {trials: 3, parallel: 2, epochs: 1}
                    sampler: {type: random, seed: 7}
                    space:
                      lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
                      adapter_dim: {type: int, low: 2, high: 16, step: 2}
                    enqueue:
                      - {lr: 1.0e-3, adapter_dim: 8}
                      - {adapter_dim: 2}
                    """))
            .get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(2);
    assertThat(publisher.assignments.get(0).params())
        .isEqualTo(Map.of("lr", 1.0e-3, "adapter_dim", 8L));
    assertThat(publisher.assignments.get(1).params())
        .containsEntry("adapter_dim", 2L)
        .containsKey("lr");
    assertThat(service.snapshot(id).orElseThrow().enqueued()).isEmpty();
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void askTellStudiesTakeTheSameControls(Vertx vertx) throws Exception {
    start(vertx);
    String id =
        service
            .createAskTell(
                AskTellSpecParser.parse(
                    JournalCodec.tree(
                        Map.of(
                            "name",
                            "at",
                            "directions",
                            List.of("minimize"),
                            "space",
                            Map.of("x", Map.of("type", "float", "low", -2, "high", 2))))))
            .get(WAIT, TimeUnit.SECONDS);
    int first = service.ask(id).get(WAIT, TimeUnit.SECONDS).number();
    control(id, "pause", Map.of());
    assertThatThrownBy(() -> service.ask(id).get(WAIT, TimeUnit.SECONDS))
        .hasMessageContaining("is paused");
    control(id, "enqueue", Map.of("params", Map.of("x", 1.5)));
    control(id, "resume", Map.of());
    assertThat(service.ask(id).get(WAIT, TimeUnit.SECONDS).params()).isEqualTo(Map.of("x", 1.5));
    StudySnapshot stopped = control(id, "stop", Map.of()).study();
    assertThat(stopped.state())
        .as("asked trials are still running")
        .isEqualTo(StudySnapshot.STOPPING);
    assertThat(publisher.controls).as("an ask/tell client has no worker to tell").isEmpty();
    service.tell(id, first, TrialState.COMPLETE, List.of(0.5)).get(WAIT, TimeUnit.SECONDS);
    service.tell(id, first + 1, TrialState.COMPLETE, List.of(0.2)).get(WAIT, TimeUnit.SECONDS);
    assertThat(service.snapshot(id).orElseThrow().state()).isEqualTo(StudySnapshot.STOPPED);
    assertThat(control(id, "archive", Map.of()).study().archived()).isTrue();
    assertReplaysIdentically(vertx, id);
  }

  @Test
  void budgetAndTrialStopsRefuseWhatDoesNotFit(Vertx vertx) throws Exception {
    start(vertx);
    String id = service.submit(TestSpecs.random(4, 2, 2, 1)).get(WAIT, TimeUnit.SECONDS);
    awaitAssignments(2);
    assertThat(refusal(id, "budget", Map.of("trials", 1)))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("cannot go below")
        .extracting(e -> ((ControlConflict) e).field())
        .isEqualTo("trials");
    assertThat(control(id, "budget", Map.of("trials", 4)).changed()).isFalse();
    assertThat(control(id, "budget", Map.of("parallel", 3)).study().budget().parallel())
        .isEqualTo(3);
    awaitAssignments(3);

    service
        .apply(List.of(Events.started(id, 0, 1, "w1"), Events.epoch(id, 0, 1, 1, 0.4)))
        .get(WAIT, TimeUnit.SECONDS);
    StudySnapshot s = control(id, "stop_trial", Map.of("trial", 0, "as", "pruned")).study();
    assertThat(s.trials().get(0).state()).isEqualTo(TrialState.PRUNED);
    assertThat(s.trials().get(0).value()).isEqualTo(0.4);
    assertThat(publisher.controls)
        .extracting(c -> c.trial() + "/" + c.attempt() + "/" + c.action())
        .containsExactly("0/1/cancel");
    assertThat(control(id, "stop_trial", Map.of("trial", 0, "as", "pruned")).changed()).isFalse();
    assertThat(refusal(id, "stop_trial", Map.of("trial", 0, "as", "cancelled")))
        .isInstanceOf(ControlConflict.class)
        .hasMessageContaining("already PRUNED");
    assertThat(refusal(id, "stop_trial", Map.of("trial", 9, "as", "pruned")))
        .isInstanceOf(NoSuchElementException.class);
    awaitAssignments(4);
    assertThat(
            control(id, "stop_trial", Map.of("trial", 3, "as", "cancelled"))
                .study()
                .trials()
                .get(3)
                .state())
        .isEqualTo(TrialState.CANCELLED);
    assertReplaysIdentically(vertx, id);
  }

  /**
   * Waits until the study owner's context has run what the calls above queued, sampling included: a
   * study that dispatches decides so on the context and samples in an ordered blocking task, so an
   * empty ordered task and one more turn of the context come after any assignment it would make.
   */
  private void drainContext() throws Exception {
    service.onContext(() -> null).get(WAIT, TimeUnit.SECONDS);
    service
        .context()
        .executeBlocking(() -> null, true)
        .toCompletionStage()
        .toCompletableFuture()
        .get(WAIT, TimeUnit.SECONDS);
    service.onContext(() -> null).get(WAIT, TimeUnit.SECONDS);
  }
}
