package org.gistsweep.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestratorTest {
  private final FakePorts ports = new FakePorts();
  private Orchestrator orchestrator;

  private Orchestrator start() {
    orchestrator =
        Orchestrator.start(
            new OrchestratorOptions("fake:9092", null, 0, MutableClock.fixed(), Map.of()), ports);
    return orchestrator;
  }

  @AfterEach
  void close() {
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  @Test
  void runsAStudyToCompletionWithObserversAndHttp() throws Exception {
    Orchestrator o = start();
    List<TrialSnapshot> updates = new CopyOnWriteArrayList<>();
    List<StudySnapshot> finished = new CopyOnWriteArrayList<>();
    o.addObserver(
        new StudyObserver() {
          @Override
          public void onTrialUpdated(String studyId, TrialSnapshot trial) {
            updates.add(trial);
          }

          @Override
          public void onStudyFinished(StudySnapshot study) {
            finished.add(study);
          }
        });

    String id = o.submit(TestSpecs.random(5, 2, 3, 3));
    StudySnapshot done = o.completion(id).get(20, TimeUnit.SECONDS);

    assertThat(done.isComplete()).isTrue();
    assertThat(done.counts()).containsEntry(TrialState.COMPLETE, 5);
    assertThat(done.bestTrial()).isNotNull();
    assertThat(done.bestValue())
        .isEqualTo(done.trials().stream().mapToDouble(TrialSnapshot::value).max().orElseThrow());
    assertThat(finished).hasSize(1);
    assertThat(updates).anyMatch(t -> t.state() == TrialState.RUNNING);
    assertThat(updates.stream().filter(t -> t.state() == TrialState.COMPLETE).count()).isEqualTo(5);
    assertThat(ports.publisher.assignments).hasSize(5);
    assertThat(ports.publisher.assignments.stream().map(TrialAssignment::trial))
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(o.snapshot(id)).hasValueSatisfying(s -> assertThat(s.isComplete()).isTrue());

    assertThat(o.url()).isEqualTo("http://127.0.0.1:" + o.httpPort() + "/");
    HttpResponse<String> trials = TestHttp.get(o.url() + "api/studies/" + id + "/trials");
    assertThat(trials.statusCode()).isEqualTo(200);
    assertThat(trials.body())
        .contains("\"state\":\"complete\"")
        .contains("\"trainable_params\":1000");
  }

  @Test
  void aLostWorkerIsRetriedWithTheNextAttempt() throws Exception {
    ports.loseFirstAttemptOf = List.of(1);
    Orchestrator o = start();
    String id = o.submit(TestSpecs.random(2, 2, 2, 3));
    StudySnapshot done = o.completion(id).get(20, TimeUnit.SECONDS);
    TrialSnapshot retried = done.trials().get(1);
    assertThat(retried.state()).isEqualTo(TrialState.COMPLETE);
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(retried.worker()).isNotNull();
    assertThat(ports.publisher.assignments)
        .filteredOn(a -> a.trial() == 1)
        .extracting(TrialAssignment::attempt)
        .containsExactly(1, 2);
  }

  @Test
  void aRestartedOrchestratorRecoversItsStudiesFromTheJournal() throws Exception {
    Orchestrator o = start();
    String id = o.submit(TestSpecs.random(3, 2, 2, 3));
    StudySnapshot done = o.completion(id).get(20, TimeUnit.SECONDS);
    o.close();

    FakePorts restarted = new FakePorts(ports.log);
    orchestrator =
        Orchestrator.start(
            new OrchestratorOptions("fake:9092", null, 0, MutableClock.fixed(), Map.of()),
            restarted);
    assertThat(orchestrator.snapshot(id))
        .hasValueSatisfying(
            s -> {
              assertThat(s.isComplete()).isTrue();
              assertThat(s.trials()).isEqualTo(done.trials());
              assertThat(s.bestValue()).isEqualTo(done.bestValue());
            });
    assertThat(orchestrator.completion(id).get(5, TimeUnit.SECONDS).bestTrial())
        .isEqualTo(done.bestTrial());
    assertThat(restarted.publisher.assignments).as("nothing is issued again").isEmpty();
  }

  @Test
  void submitRejectsAGridItCannotSearchAndUnknownIdsFail() {
    Orchestrator o = start();
    assertThatThrownBy(
            () ->
                o.submit(
                    TestSpecs.parse(
                        "name: g\n"
                            + "sampler: {type: grid}\n"
                            + "space:\n"
                            + "  lr: {type: float, low: 0.001, high: 0.1}\n")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("grid sampler needs step for float parameter lr");
    assertThat(o.completion("nope")).isCompletedExceptionally();
    assertThat(o.snapshot("nope")).isEmpty();
  }

  @Test
  void aTakenPortFailsTheStartAndClosesThePorts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  Orchestrator.start(
                      new OrchestratorOptions("fake:9092", "127.0.0.1", busy, null, null), ports))
          .isInstanceOf(OrchestratorStartException.class)
          .hasMessageContaining("127.0.0.1:" + busy);
      assertThat(ports.closed).isTrue();
    }
  }

  @Test
  void closeIsIdempotent() {
    Orchestrator o = start();
    o.close();
    o.close();
    assertThat(ports.closed).isTrue();
  }
}
