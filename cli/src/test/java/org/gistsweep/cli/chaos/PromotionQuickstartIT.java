package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gistsweep.cli.LocalSweep;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.study.AttemptRecord;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion ASHA on the quickstart sweep ({@code examples/quickstart.yaml} with {@code pruner:
 * {type: asha, mode: promotion}}) over the real in-JVM broker, with two DJL workers: trials pause
 * at the rung with a checkpoint, the best are promoted and resume from it, and over the wire no
 * trial trains an epoch twice.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class PromotionQuickstartIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();
  private static final Path QUICKSTART = Path.of("..", "examples", "quickstart.yaml");
  private static final int TRIALS = 9;

  @TempDir Path home;

  @Test
  void promotedTrialsResumeFromTheirRungAndNoEpochIsTrainedTwice() throws Exception {
    String yaml =
        Files.readString(QUICKSTART)
            .replaceFirst(
                "(?m)^pruner: .*$",
                "pruner: {type: asha, mode: promotion, min_resource: 1, reduction_factor: 3}")
            .replaceFirst(
                "(?m)^budget: .*$", "budget: {trials: " + TRIALS + ", parallel: 2, epochs: 3}");
    assertThat(yaml).contains("mode: promotion", "trials: " + TRIALS);
    SweepSpec spec = SweepSpecParser.parse(yaml, "quickstart-promotion.yaml", "promotion");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    LocalSweep.Options options =
        new LocalSweep.Options(2, 0, false, home.resolve("data"), home.resolve("cache"), quiet);
    try (LocalSweep sweep = LocalSweep.start(options, BROKER.bootstrap())) {
      StudySnapshot study = sweep.run(spec, null, Duration.ofMinutes(6));

      assertThat(study.trials())
          .hasSize(TRIALS)
          .allSatisfy(
              t ->
                  assertThat(t.state())
                      .as("trial %d", t.number())
                      .isIn(TrialState.COMPLETE, TrialState.PRUNED));
      List<TrialSnapshot> complete =
          study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
      assertThat(complete).as("trials promoted to the end").isNotEmpty();
      for (TrialSnapshot t : study.trials()) {
        assertThat(t.epochs().stream().map(e -> e.epoch()).toList())
            .as("epochs of trial %d", t.number())
            .containsExactlyElementsOf(
                IntStream.rangeClosed(1, t.epochs().size()).boxed().toList());
        assertThat(t.attempts())
            .as("attempts of trial %d", t.number())
            .allSatisfy(a -> assertThat(a.resumeRefused()).isNull());
      }
      for (TrialSnapshot t : complete) {
        assertThat(t.epochs()).as("epochs of COMPLETE trial %d", t.number()).hasSize(3);
        AttemptRecord last = t.attempts().get(t.attempts().size() - 1);
        assertThat(last.resumedFrom())
            .as("trial %d's last attempt resumed from its rung checkpoint", t.number())
            .isNotNull();
        assertThat(last.resumedFrom().epoch()).isEqualTo(1);
      }

      List<WireMessage> wire = Records.events(BROKER.bootstrap(), study.id());
      Map<Integer, Map<Integer, TreeSet<Integer>>> attemptsByEpoch = new TreeMap<>();
      wire.stream()
          .filter(m -> m instanceof EpochMetrics)
          .map(EpochMetrics.class::cast)
          .forEach(
              m ->
                  attemptsByEpoch
                      .computeIfAbsent(m.trial(), k -> new TreeMap<>())
                      .computeIfAbsent(m.epoch(), k -> new TreeSet<>())
                      .add(m.attempt()));
      attemptsByEpoch.forEach(
          (trial, epochs) ->
              epochs.forEach(
                  (epoch, attempts) ->
                      assertThat(attempts)
                          .as("attempts that trained trial %d epoch %d", trial, epoch)
                          .hasSize(1)));
      Map<Integer, Integer> resumedAt =
          wire.stream()
              .filter(m -> m instanceof TrialStarted s && s.attempt() > 1)
              .map(TrialStarted.class::cast)
              .collect(
                  Collectors.toMap(TrialStarted::trial, TrialStarted::resumedFromEpoch, Math::max));
      assertThat(resumedAt)
          .as("promoted trials, by the epoch their worker resumed from")
          .isNotEmpty()
          .allSatisfy((trial, epoch) -> assertThat(epoch).as("trial %d", trial).isEqualTo(1));
    }
  }
}
