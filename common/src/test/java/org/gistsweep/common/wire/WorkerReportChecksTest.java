package org.gistsweep.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkerReportChecksTest {
  private static final int V = WireMessage.SCHEMA_VERSION;
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  private static EpochMetrics epoch(
      double loss,
      double ceCls,
      double ceGist,
      double klCg,
      double klGc,
      double top1,
      double lr,
      double seconds,
      double imagesPerSecond) {
    return new EpochMetrics(
        V,
        "s-1",
        0,
        1,
        1L,
        "w-1",
        2,
        loss,
        ceCls,
        ceGist,
        klCg,
        klGc,
        top1,
        lr,
        seconds,
        imagesPerSecond,
        TOKEN);
  }

  private static EpochMetrics epochWithTop1(double top1) {
    return epoch(1.2, 0.8, 0.7, 0.01, 0.02, top1, 1e-3, 3.0, 200.0);
  }

  private static TrialFinished finished(double best, int bestEpoch, double last, int epochsRun) {
    return new TrialFinished(
        V,
        "s-1",
        0,
        1,
        1L,
        "w-1",
        TrialFinished.COMPLETE,
        best,
        bestEpoch,
        last,
        epochsRun,
        10,
        100,
        TOKEN);
  }

  private static ArtifactRef ref(String name, String key) {
    return new ArtifactRef(name, key, 10, "ab".repeat(32));
  }

  private static TrialFinished storing(List<ArtifactRef> refs, String error) {
    return new TrialFinished(
        V,
        "s-1",
        0,
        1,
        1L,
        "w-1",
        TrialFinished.COMPLETE,
        0.7,
        2,
        0.6,
        3,
        10,
        100,
        TOKEN,
        refs,
        error);
  }

  private static Heartbeat heartbeatFrom(String worker) {
    return new Heartbeat(V, "s-1", 0, 1, 1L, worker, TOKEN);
  }

  static Stream<WireMessage> honestReports() {
    return Stream.of(
        new TrialStarted(V, "s-1", 0, 1, 1L, "host-1234", 1_000, 5_000_000, 192, "cpu()", TOKEN),
        new TrialStarted(V, "s-1", 0, 1, 1L, "w", 0, 0, 0, null),
        epochWithTop1(0.0),
        epochWithTop1(1.0),
        epoch(0.0, 0.0, 0.0, -1e-7, -1e-7, 0.5, 0.0, 0.0, 0.0),
        new Heartbeat(V, "s-1", 0, 1, 1L, "w-1", TOKEN),
        new Heartbeat(V, "s-1", 0, 1, 1L, "worker with spaces é", null),
        finished(0.7, 2, 0.6, 3),
        finished(Double.NaN, 0, Double.NaN, 0),
        storing(
            List.of(
                ref("best.safetensors", "s-1/0/1/best.safetensors"),
                ref("best.json", "s-1/0/1/best.json")),
            null),
        storing(
            List.of(),
            "s3://b/p: artifact 's-1/0/1/best.safetensors': put failed: the S3 endpoint cannot be"
                + " reached"),
        new TrialFinished(
            V, "s-1", 0, 1, 1L, "w-1", TrialFinished.PRUNED, 0.2, 1, 0.2, 1, 10, 10, TOKEN),
        new TrialFailed(
            V, "s-1", 0, 1, 1L, "w-1", "invalid_config", "line 1\nline 2\tindented", false, TOKEN),
        new TrialFailed(
            V,
            "s-1",
            0,
            1,
            1L,
            "w-1",
            "internal",
            WorkerReportChecks.fitMessage("x".repeat(10_000)),
            true,
            TOKEN));
  }

  @ParameterizedTest
  @MethodSource("honestReports")
  void passesWhatHonestWorkersSend(WireMessage m) {
    assertThat(WorkerReportChecks.problem(m)).isNull();
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of(
            new TrialAssignment(V, "s-1", 0, 1, 1L, Map.of(), Map.of()), "not a worker event"),
        Arguments.of(
            new TrialControl(V, "s-1", 0, 1, 1L, TrialControl.PRUNE, ""), "not a worker event"),
        Arguments.of(heartbeatFrom("orchestrator"), "worker id 'orchestrator' is reserved"),
        Arguments.of(heartbeatFrom(" Orchestrator "), "is reserved"),
        Arguments.of(
            heartbeatFrom("w".repeat(129)), "worker id is 129 characters long, more than 128"),
        Arguments.of(heartbeatFrom("w\u0000"), "worker id holds control or format characters"),
        Arguments.of(heartbeatFrom("w\u202eevil"), "worker id holds control or format characters"),
        Arguments.of(heartbeatFrom("w\n"), "worker id holds control or format characters"),
        Arguments.of(
            new Heartbeat(V, "s".repeat(200), 0, 1, 1L, "w"), "study id is 200 characters long"),
        Arguments.of(
            new Heartbeat(V, "s-1", 0, 1, 1L, "w", "NOT-HEX"),
            "attempt_token must be at most 64 lowercase hex"),
        Arguments.of(
            new Heartbeat(V, "s-1", 0, 1, 1L, "w", "a".repeat(65)),
            "attempt_token must be at most 64"),
        Arguments.of(epochWithTop1(Double.POSITIVE_INFINITY), "val_top1 Infinity is not in [0, 1]"),
        Arguments.of(epochWithTop1(Double.NaN), "val_top1 NaN is not in [0, 1]"),
        Arguments.of(epochWithTop1(1.0001), "val_top1 1.0001 is not in [0, 1]"),
        Arguments.of(epochWithTop1(-0.1), "val_top1 -0.1 is not in [0, 1]"),
        Arguments.of(
            epoch(Double.NaN, 0.8, 0.7, 0.01, 0.02, 0.5, 1e-3, 3, 200),
            "train_loss NaN is not a finite value >= 0"),
        Arguments.of(epoch(-1, 0.8, 0.7, 0.01, 0.02, 0.5, 1e-3, 3, 200), "train_loss -1.0"),
        Arguments.of(
            epoch(1, Double.NEGATIVE_INFINITY, 0.7, 0.01, 0.02, 0.5, 1e-3, 3, 200),
            "ce_cls -Infinity"),
        Arguments.of(epoch(1, 0.8, -0.5, 0.01, 0.02, 0.5, 1e-3, 3, 200), "ce_gist -0.5"),
        Arguments.of(epoch(1, 0.8, 0.7, -0.01, 0.02, 0.5, 1e-3, 3, 200), "kl_cls_gist -0.01"),
        Arguments.of(
            epoch(1, 0.8, 0.7, 0.01, Double.POSITIVE_INFINITY, 0.5, 1e-3, 3, 200),
            "kl_gist_cls Infinity"),
        Arguments.of(
            epoch(1, 0.8, 0.7, 0.01, 0.02, 0.5, -1e-3, 3, 200),
            "lr -0.001 is not a finite value >= 0"),
        Arguments.of(epoch(1, 0.8, 0.7, 0.01, 0.02, 0.5, 1e-3, -3, 200), "epoch_seconds -3.0"),
        Arguments.of(
            epoch(1, 0.8, 0.7, 0.01, 0.02, 0.5, 1e-3, 3, Double.NaN), "images_per_second NaN"),
        Arguments.of(finished(0.99, 1, 0.99, -5), "epochs_run -5 is negative"),
        Arguments.of(finished(0.5, 4, 0.5, 3), "best_epoch 4 must be in 0..epochs_run (3)"),
        Arguments.of(finished(0.5, -1, 0.5, 3), "best_epoch -1 must be in 0..epochs_run (3)"),
        Arguments.of(
            finished(Double.POSITIVE_INFINITY, 1, 0.5, 3), "best_value Infinity is not in [0, 1]"),
        Arguments.of(finished(Double.NaN, 1, 0.5, 3), "best_value NaN is not in [0, 1]"),
        Arguments.of(finished(0.5, 1, 1.5, 3), "last_value 1.5 is not in [0, 1]"),
        Arguments.of(
            new TrialFinished(V, "s-1", 0, 1, 1L, "w", "complete", 0.5, 1, 0.5, 1, 100, 10),
            "trainable_params 100 and total_params 10"),
        Arguments.of(
            storing(List.of(ref("best.safetensors", "other-1/0/1/best.safetensors")), null),
            "artifact 'best.safetensors' must be stored under s-1/0/1/best.safetensors, its own"
                + " attempt's key"),
        Arguments.of(
            storing(List.of(ref("best.safetensors", "s-1/0/2/best.safetensors")), null),
            "must be stored under s-1/0/1/"),
        Arguments.of(
            storing(
                List.of(
                    ref("best.json", "s-1/0/1/best.json"), ref("best.json", "s-1/0/1/best.json")),
                null),
            "artifact 'best.json' is listed twice"),
        Arguments.of(
            storing(List.of(ref("attempt-1.log", "s-1/0/1/attempt-1.log")), null),
            "log and *.log name attempt logs"),
        Arguments.of(
            storing(
                IntStream.range(0, 17).mapToObj(i -> ref("f" + i, "s-1/0/1/f" + i)).toList(), null),
            "lists 17 artifacts, more than 16"),
        Arguments.of(storing(List.of(), "bell\u0007"), "artifact_error holds control"),
        Arguments.of(
            new TrialStarted(V, "s-1", 0, 1, 1L, "w", -1, 10, 0, "cpu()"), "trainable_params -1"),
        Arguments.of(
            new TrialStarted(V, "s-1", 0, 1, 1L, "w", 1, 10, 11, "cpu()"),
            "gist_params 11 must be in 0..total_params (10)"),
        Arguments.of(
            new TrialStarted(V, "s-1", 0, 1, 1L, "w", 1, 10, 0, "d".repeat(65)),
            "device is 65 characters long"),
        Arguments.of(
            new TrialStarted(V, "s-1", 0, 2, 1L, "w", 1, 10, 0, "cpu()", null, 0, "r".repeat(4097)),
            "resume_refused is 4097 characters long"),
        Arguments.of(
            new TrialStarted(V, "s-1", 0, 2, 1L, "w", 1, 10, 0, "cpu()", null, 0, "bell\u0007"),
            "resume_refused holds control"),
        Arguments.of(
            new TrialFailed(V, "s-1", 0, 1, 1L, "w", "t".repeat(65), "m", true),
            "error_type is 65 characters long"),
        Arguments.of(
            new TrialFailed(V, "s-1", 0, 1, 1L, "w", "internal", "m".repeat(4097), true),
            "message is 4097 characters long"),
        Arguments.of(
            new TrialFailed(V, "s-1", 0, 1, 1L, "w", "internal", "bell\u0007", true),
            "message holds control"));
  }

  @ParameterizedTest
  @MethodSource("forgeries")
  void refusesWhatNoHonestWorkerSendsAndSaysWhy(WireMessage m, String why) {
    assertThat(WorkerReportChecks.problem(m))
        .contains(why)
        .startsWith(m.getClass().getSimpleName() + " for study ");
  }

  @Test
  void anUnprintableStudyIdIsLeftOutOfTheReason() {
    String problem =
        WorkerReportChecks.problem(
            new Heartbeat(V, "s\u0000" + "x".repeat(60), 0, 1, 1L, "orchestrator"));
    assertThat(problem)
        .contains("(an overlong or unprintable study id)")
        .doesNotContain("xxxxxxxx");
  }

  @Test
  void fitMessageCutsAndCleansWhatAWorkerSends() {
    assertThat(WorkerReportChecks.fitMessage(null)).isEmpty();
    assertThat(WorkerReportChecks.fitMessage("a\rb\u0000c\nd\te")).isEqualTo("a b c\nd\te");
    String cut = WorkerReportChecks.fitMessage("y".repeat(5000));
    assertThat(cut).hasSize(WorkerReportChecks.MAX_MESSAGE_CHARS).endsWith(" [cut]");
  }
}
