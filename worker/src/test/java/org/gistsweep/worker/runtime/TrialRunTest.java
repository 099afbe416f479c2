package org.gistsweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReport;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.TrainingException;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.TrialTrainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every report of an attempt echoes its assignment's token and passes the orchestrator's checks.
 */
@Tag(Tier.TRAINING)
class TrialRunTest {
  private static final String TOKEN = "00112233445566778899aabbccddeeff";
  private static final TrialAssignment ASSIGNMENT =
      new TrialAssignment(
          1, "s-1", 2, 1, 1L, Map.of("lr", 0.01), Map.of("epochs", 2L), false, TOKEN);

  private final List<WireMessage> sent = new CopyOnWriteArrayList<>();
  private final EventSink sink =
      new EventSink() {
        @Override
        public void send(WireMessage message) {
          sent.add(message);
        }

        @Override
        public void sendDurably(WireMessage message) {
          sent.add(message);
        }
      };

  private void run(TrialTrainer trainer) {
    new TrialRun(ASSIGNMENT, "w-1", trainer, sink, Clock.systemUTC(), new StopRequest()).run();
  }

  private void assertEveryReportCarriesTheTokenAndPassesTheChecks() {
    assertThat(sent)
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(((WorkerReport) m).attemptToken()).isEqualTo(TOKEN);
              assertThat(((WorkerReport) m).worker()).isEqualTo("w-1");
              assertThat(WorkerReportChecks.problem(m)).isNull();
            });
  }

  @Test
  void aTrainedAttemptReportsStartEpochsAndFinishWithItsToken() {
    run(
        (settings, listener) -> {
          listener.onModelReady(10, 100, 0, "cpu()");
          for (int e = 1; e <= 2; e++) {
            listener.onEpoch(
                new EpochResult(e, 1.0 / e, 0.9 / e, 0, 0, 0, 0.3 * e, 1e-3, 2.0, 50.0));
          }
          return new TrainingOutcome(0.6, 2, 0.6, 2, false, 10, 100, 0, 5, 5, List.of());
        });
    assertThat(sent)
        .hasExactlyElementsOfTypes(
            TrialStarted.class, EpochMetrics.class, EpochMetrics.class, TrialFinished.class);
    assertEveryReportCarriesTheTokenAndPassesTheChecks();
  }

  @Test
  void aFailureCarriesTheTokenAndAMessageCutToWhatTheOrchestratorTakes() {
    run(
        (settings, listener) -> {
          throw new TrainingException(
              "data", "unreadable\u0000 file " + "x".repeat(10_000), false, null);
        });
    assertThat(sent).singleElement().isInstanceOf(TrialFailed.class);
    assertThat(((TrialFailed) sent.get(0)).message())
        .hasSize(WorkerReportChecks.MAX_MESSAGE_CHARS)
        .startsWith("unreadable  file");
    assertEveryReportCarriesTheTokenAndPassesTheChecks();
  }
}
