package org.gistsweep.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  private static RunResult run(
      String engine, boolean gist, double speed, double rss2, double rss10) {
    double[] speeds = {
      speed / 2, speed, speed, speed + 1, speed - 1, speed, speed, speed, speed, speed
    };
    double[] rss = {rss2 - 50, rss2, rss2, rss2, rss2, rss2, rss2, rss2, rss2, rss10};
    return new RunResult(engine, gist, speeds, speeds, rss, rss10 + 10, 1, engine + " test");
  }

  @Test
  void medianSkipsTheWarmUpEpoch() {
    assertThat(run("djl", true, 100, 500, 500).medianImagesPerSecond()).isEqualTo(100.0);
    RunResult even =
        new RunResult("djl", true, new double[] {1, 4, 2, 10, 3}, null, new double[0], 0, 1, "");
    assertThat(even.medianImagesPerSecond()).isEqualTo(3.5);
    assertThat(even.rssAfterEpoch(10)).isNaN();
    assertThat(even.medianCpuImagesPerSecond()).isNaN();
  }

  @Test
  void resultLineRoundTrips() {
    RunResult r = run("pytorch", false, 120, 400, 404);
    RunResult back = RunResult.fromLines(List.of("noise", r.toLine()));
    assertThat(back.engine()).isEqualTo("pytorch");
    assertThat(back.imagesPerSecond()).containsExactly(r.imagesPerSecond());
    assertThat(back.rssAfterEpoch(10)).isEqualTo(404.0);
    assertThat(RunResult.fromLines(List.of("no result"))).isNull();
  }

  @Test
  void tableShowsRatiosOverheadAndFlatnessAgainstTargets() {
    String t =
        BenchTable.format(
            BenchOptions.defaults(),
            run("djl", true, 98, 1000, 1010),
            run("djl", false, 100, 1000, 1100),
            run("pytorch", true, 100, 400, 400),
            run("pytorch", false, 101, 400, 400),
            null);
    assertThat(t)
        .contains("DJL / PyTorch img/s, GIST on", "cpu 0.98x", "MISSED")
        .contains("GIST overhead, DJL", "+2.0%")
        .contains("DJL RSS epoch 10 vs 2, GIST on", "+1.0%", "met")
        .contains("+10.0%");
  }

  @Test
  void missingPyTorchPrintsTheReason() {
    String t =
        BenchTable.format(
            BenchOptions.defaults(),
            run("djl", true, 98, 1000, 1010),
            run("djl", false, 100, 1000, 1000),
            null,
            null,
            "no /usr/bin/python3");
    assertThat(t).contains("(no /usr/bin/python3)").contains("n/a");
  }

  @Test
  void optionsParseAndRejectUnknownNames() {
    BenchOptions o = BenchOptions.parse(new String[] {"--epochs", "12", "--threads", "2"});
    assertThat(o.epochs()).isEqualTo(12);
    assertThat(o.threads()).isEqualTo(2);
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--nope", "1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--epochs", "1"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
