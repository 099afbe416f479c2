package org.gistsweep.orchestrator.service;

import io.vertx.core.AsyncResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gistsweep.common.spec.EnqueuedParams;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.pruner.Decision;
import org.gistsweep.orchestrator.study.Outcome;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialError;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * The ask/tell calls of {@link StudyService}: every study mutation on the owner context, sampling
 * off the event loop, in the study's {@link SamplingLane} (so one study's slow sampler holds up no
 * other study's asks). Concurrent asks take numbers in turn, and each is recorded only once every
 * lower number is: a sample that comes back early waits for the earlier ones, however the event
 * loop happens to order their completions. A study without a trial budget hands out at most {@link
 * StudyLimits#maxTrials} trials.
 */
final class AskTell {
  private final StudyService service;

  AskTell(StudyService service) {
    this.service = service;
  }

  CompletableFuture<TrialSnapshot> ask(String studyId) {
    CompletableFuture<TrialSnapshot> out = new CompletableFuture<>();
    service
        .context()
        .runOnContext(
            v -> {
              StudyRuntime rt;
              try {
                rt = service.askTellRuntime(studyId);
                if (rt.study.trialsToCreate() - rt.asksInFlight.size() < 1) {
                  String state = rt.study.state();
                  throw new IllegalStateException(
                      StudySnapshot.RUNNING.equals(state) || StudySnapshot.COMPLETE.equals(state)
                          ? "study "
                              + studyId
                              + " has spent its budget of "
                              + rt.snapshot.maxTrials()
                              + " trials"
                          : "study " + studyId + " is " + state + "; it hands out no trial now");
                }
                service
                    .limits()
                    .checkAsk(studyId, (long) rt.study.nextTrialNumber() + rt.asksInFlight.size());
              } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
              }
              int ahead = rt.asksInFlight.size();
              int number = rt.study.nextTrialNumber() + ahead;
              rt.asksInFlight.add(number);
              List<TrialSnapshot> history = rt.study.trials();
              SearchSpace space = rt.study.spec().space();
              List<Map<String, Object>> queued = rt.study.enqueued();
              Map<String, Object> fixed = ahead < queued.size() ? queued.get(ahead) : null;
              rt.lane
                  .<Map<String, Object>>submit(
                      service.samplingPool(),
                      () -> {
                        ServiceMetrics metrics = service.metrics();
                        long began = System.nanoTime();
                        Map<String, Object> sampled = rt.sampler.suggest(space, number, history);
                        metrics.samplerAsked(rt.sampler.type(), System.nanoTime() - began);
                        return fixed == null
                            ? sampled
                            : EnqueuedParams.merge(space, sampled, fixed);
                      })
                  .onComplete(
                      ar ->
                          service
                              .context()
                              .runOnContext(
                                  later ->
                                      sampled(
                                          rt,
                                          number,
                                          () -> finishAsk(rt, studyId, number, ar, out))));
            });
    return out;
  }

  /**
   * Holds a sampled ask until every lower number is recorded, then records all that can go, in
   * order.
   */
  private static void sampled(StudyRuntime rt, int number, Runnable finish) {
    rt.asksSampled.put(number, finish);
    while (!rt.asksSampled.isEmpty() && rt.asksSampled.firstKey().equals(rt.asksInFlight.first())) {
      rt.asksInFlight.pollFirst();
      rt.asksSampled.pollFirstEntry().getValue().run();
    }
  }

  private void finishAsk(
      StudyRuntime rt,
      String studyId,
      int number,
      AsyncResult<Map<String, Object>> ar,
      CompletableFuture<TrialSnapshot> out) {
    try {
      if (ar.failed()) {
        TrialError error =
            new TrialError(
                "sampler", "sampler " + rt.sampler.type() + " failed: " + ar.cause(), false);
        service.mutate(
            () -> {
              service.changed(rt, rt.study.createFailedTrial(number, Map.of(), error));
              service.record(
                  new JournalEntry.TrialRejected(
                      studyId, service.now(), number, Map.of(), error.type(), error.message()));
            });
        out.completeExceptionally(new IllegalStateException(error.message(), ar.cause()));
        return;
      }
      TrialSnapshot[] asked = new TrialSnapshot[1];
      service
          .mutate(
              () -> {
                asked[0] = rt.study.ask(number, ar.result());
                service.record(new JournalEntry.Asked(studyId, service.now(), number, ar.result()));
                service.changed(rt, asked[0]);
              })
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  out.completeExceptionally(error);
                } else {
                  out.complete(asked[0]);
                }
              });
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
    }
  }

  CompletableFuture<Decision> report(String studyId, int trial, int step, List<Double> values) {
    return service.mutateOnContext(
        () -> {
          StudyRuntime rt = service.askTellRuntime(studyId);
          TrialSnapshot t = rt.study.report(trial, step, values);
          service.record(
              new JournalEntry.Reported(studyId, service.now(), trial, step, List.copyOf(values)));
          service.changed(rt, t);
          return rt.pruning.decide(t, rt.study.trials());
        });
  }

  CompletableFuture<TrialSnapshot> tell(
      String studyId, int trial, TrialState state, List<Double> values) {
    return service.mutateOnContext(
        () -> {
          StudyRuntime rt = service.askTellRuntime(studyId);
          Outcome o = rt.study.tell(trial, state, values);
          if (o.changed()) {
            service.record(
                new JournalEntry.Told(
                    studyId, service.now(), trial, state.name(), List.copyOf(values)));
            service.changed(rt, o.trial());
          }
          return o.trial();
        });
  }
}
