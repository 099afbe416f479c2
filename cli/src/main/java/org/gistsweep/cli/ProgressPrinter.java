package org.gistsweep.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.orchestrator.StudyObserver;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/** Prints one line as each epoch and each trial finishes, with the time since the sweep began. */
final class ProgressPrinter implements StudyObserver {
  private final PrintStream out;
  private final Clock clock;
  private final long startMillis;
  private final Map<Integer, String> lastPrinted = new HashMap<>();

  ProgressPrinter(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
    this.startMillis = clock.millis();
  }

  @Override
  public synchronized void onTrialUpdated(String studyId, TrialSnapshot t) {
    String line = describe(t);
    if (line == null || line.equals(lastPrinted.get(t.number()))) {
      return;
    }
    lastPrinted.put(t.number(), line);
    long s = (clock.millis() - startMillis) / 1000;
    out.printf("[%02d:%02d] %s%n", s / 60, s % 60, line);
  }

  private static String describe(TrialSnapshot t) {
    String head = String.format("trial %-3d", t.number());
    switch (t.state()) {
      case WAITING:
        if (t.attempt() > 1 && t.checkpoints().latest() != null) {
          return head
              + " re-issued as attempt "
              + t.attempt()
              + ", resuming after epoch "
              + t.checkpoints().latest().epoch();
        }
        return t.attempt() > 1 ? head + " re-issued as attempt " + t.attempt() : null;
      case SUSPENDED:
        return head
            + (TrialSuspended.AT_RUNG.equals(t.suspendReason())
                ? " paused at the rung after epoch "
                : " suspended after epoch ")
            + t.currentEpoch()
            + "/"
            + t.totalEpochs();
      case RUNNING:
        if (t.epochs().isEmpty()) {
          return head + " started on " + t.worker() + "  " + LeaderboardTable.params(t.params());
        }
        var e = t.epochs().get(t.epochs().size() - 1);
        return String.format(
            "%s epoch %d/%d  val_top1 %.3f  loss %.3f  %.0f img/s  (%s)",
            head,
            e.epoch(),
            t.totalEpochs(),
            e.valTop1(),
            e.trainLoss(),
            e.imagesPerSecond(),
            t.worker());
      case FAILED:
        return head + " FAILED" + (t.error() == null ? "" : ": " + t.error().message());
      case CANCELLED:
        return head + " CANCELLED after " + t.epochs().size() + "/" + t.totalEpochs() + " epochs";
      default:
        return String.format(
            "%s %s  best val_top1 %s @ epoch %d  trainable %,d",
            head,
            t.state(),
            t.value() == null ? "-" : String.format("%.3f", t.value()),
            t.bestEpoch(),
            t.trainableParams());
    }
  }

  @Override
  public void onStudyFinished(StudySnapshot study) {
    out.printf(
        study.isComplete() ? "Study %s finished.%n" : "Study %s %s.%n", study.id(), study.state());
  }
}
