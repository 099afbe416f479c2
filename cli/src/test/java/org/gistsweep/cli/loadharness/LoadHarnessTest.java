package org.gistsweep.cli.loadharness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness at tiny scale against a real broker: checks that what it reports adds up (every trial
 * finished, events sent = events applied, one dispatch sample per start, prunes honoured), never
 * its timings.
 */
@Tag(Tier.BROKER)
class LoadHarnessTest {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  @Test
  void tinyRunWithAPrunerReportsConsistentCounts() {
    LoadOptions options =
        new LoadOptions(
            4,
            24,
            3,
            2,
            BROKER.bootstrap(),
            "asha",
            Duration.ZERO,
            Duration.ofSeconds(5),
            2,
            Duration.ofMinutes(2),
            null,
            null,
            1,
            0);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    LoadReport report =
        LoadHarness.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(report.problems()).isEmpty();
    assertThat(report.stages()).hasSize(2);
    long held = 0;
    long pruned = 0;
    for (StageResult s : report.stages()) {
      assertThat(s.trials()).isEqualTo(12);
      assertThat(s.count(TrialState.COMPLETE) + s.count(TrialState.PRUNED)).isEqualTo(12);
      assertThat(s.eventsSent().finished()).isEqualTo(12);
      assertThat(s.eventsSent().started())
          .isEqualTo(s.dispatch().count())
          .isGreaterThanOrEqualTo(12);
      assertThat(s.eventsSent().epochs()).isBetween(12L, 36L);
      assertThat(s.eventsApplied()).isEqualTo(s.eventsSent().total());
      assertThat(s.burst().count() + s.steady().count()).isEqualTo(s.dispatch().count());
      assertThat(s.burst().count()).isEqualTo(4);
      assertThat(s.heapAfterGc()).isPositive();
      held += s.dispatch().count();
      pruned += s.count(TrialState.PRUNED);
    }
    assertThat(report.stages().get(1).cumulativeTrials()).isEqualTo(24);
    assertThat(report.fleet().held()).isEqualTo(held);
    assertThat(report.fleet().pruned()).isEqualTo(pruned);
    assertThat(report.fleet().foreign()).isZero();
    assertThat(report.controlsRouted()).as("asha answers every epoch but the last").isPositive();

    String table = LoadTable.render(report);
    assertThat(table)
        .contains("events/s", "dispatch p50/p99/max", "per 10,000 trials")
        .doesNotContain("PROBLEM");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stage 1/2", "stage 2/2");
  }
}
