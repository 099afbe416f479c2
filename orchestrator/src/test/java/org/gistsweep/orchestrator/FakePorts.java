package org.gistsweep.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.gistsweep.orchestrator.kafka.EventBatchHandler;
import org.gistsweep.orchestrator.service.InMemoryStudyLog;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.FakePublisher;

/** In-memory transport with a simulated worker that trains every assignment it sees. */
final class FakePorts implements EventPorts {
  final FakePublisher publisher = new FakePublisher();
  final AtomicBoolean closed = new AtomicBoolean();
  private volatile EventBatchHandler handler;

  /** Trial numbers whose first attempt the simulated worker loses (retriable failure). */
  volatile List<Integer> loseFirstAttemptOf = List.of();

  FakePorts() {
    this.log = new InMemoryStudyLog(publisher);
    publisher.onAssignment(this::work);
  }

  /** Ports over an earlier run's journal (a restart); new messages go to this one's publisher. */
  FakePorts(InMemoryStudyLog earlier) {
    this.log = new InMemoryStudyLog(publisher, earlier.entries());
    publisher.onAssignment(this::work);
  }

  final InMemoryStudyLog log;

  @Override
  public StudyLog log() {
    return log;
  }

  @Override
  public void startEvents(EventBatchHandler h) {
    handler = h;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private void work(TrialAssignment a) {
    List<WireMessage> events = new ArrayList<>();
    events.add(Events.started(a.study(), a.trial(), a.attempt(), "w-" + a.attempt()));
    if (a.attempt() == 1 && loseFirstAttemptOf.contains(a.trial())) {
      events.add(Events.failed(a.study(), a.trial(), a.attempt(), true));
    } else {
      int epochs = ((Number) a.config().get("epochs")).intValue();
      // a sweep without lr in its space (SubmitPathCheckTest's) trains at the reference 0.01
      double lr = a.params().get("lr") instanceof Number n ? n.doubleValue() : 0.01;
      double quality = 1 - Math.abs(Math.log10(lr) + 2) / 4;
      for (int e = 1; e <= epochs; e++) {
        events.add(Events.epoch(a.study(), a.trial(), a.attempt(), e, quality * e / epochs));
      }
      events.add(Events.finished(a.study(), a.trial(), a.attempt(), quality, epochs));
    }
    handler.apply(events);
  }
}
