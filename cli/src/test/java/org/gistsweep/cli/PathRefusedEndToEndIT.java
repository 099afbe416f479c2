package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a real broker with a real DJL worker, and an orchestrator that does not know the worker's
 * roots (so only the worker can refuse): a trial whose backbone lies outside the worker's weights
 * roots fails on its first attempt as {@code path_refused}, naming the setting and the roots, and
 * is not issued again; a trial whose backbone under the root holds text fails without quoting it.
 * GET /trials shows neither file's contents.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class PathRefusedEndToEndIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();
  private static final String SECRET = "TOP-SECRET-hunter2";

  @TempDir Path home;

  @Test
  void aRefusedPathFailsTheTrialOnItsFirstAttemptWithTheReasonAndNoFileContents() throws Exception {
    Path weights = Files.createDirectories(home.resolve("weights"));
    Path outside =
        Files.writeString(
            Files.createDirectories(home.resolve("outside")).resolve("passwd.safetensors"),
            "root:x:0:0:" + SECRET + "\n");
    Path underRoot =
        Files.writeString(weights.resolve("text.safetensors"), "root:x:0:0:" + SECRET + "\n");
    String sweep =
        """
        name: roots
        budget: {trials: 2, parallel: 1, epochs: 1, max_attempts: 3}
        sampler: {type: grid}
        training: {task: synthetic-shapes}
        space:
          backbone: {type: categorical, choices: ['%s', '%s']}
        """
            .formatted(outside, underRoot);
    TrainerEnvironment env =
        new TrainerEnvironment(
            home.resolve("data"), home.resolve("cache"), List.of(), List.of(weights));
    try (Orchestrator orchestrator =
            Orchestrator.start(
                new OrchestratorOptions(BROKER.bootstrap(), "127.0.0.1", 0, null, Map.of()));
        WorkerNode worker =
            WorkerNode.start(
                WorkerOptions.defaults(
                    BROKER.bootstrap(), "roots-w1", env.dataRoot(), env.cacheDir()),
                GistTrainers.create(env))) {
      String id = orchestrator.submit(SweepSpecParser.parse(sweep, "roots.yaml", "roots"));
      StudySnapshot done = orchestrator.completion(id).get(4, TimeUnit.MINUTES);

      assertThat(done.trials())
          .hasSize(2)
          .allSatisfy(
              t -> {
                assertThat(t.state()).isEqualTo(TrialState.FAILED);
                assertThat(t.attempt())
                    .as("failed on its first attempt, not issued again")
                    .isEqualTo(1);
                assertThat(t.attempts()).hasSize(1);
                assertThat(t.error().retriable()).isFalse();
                assertThat(t.worker()).isEqualTo("roots-w1");
              });
      TrialSnapshot refused = byBackbone(done, outside);
      assertThat(refused.error().type()).isEqualTo("path_refused");
      assertThat(refused.error().message())
          .startsWith("training.backbone '" + outside + "' is outside the allowed weights roots")
          .contains(weights.toRealPath().toString(), "--weights-root");
      TrialSnapshot unreadable = byBackbone(done, underRoot);
      assertThat(unreadable.error().type()).isEqualTo("checkpoint");
      assertThat(unreadable.error().message()).contains("is not a safetensors file");

      String served = TestHttp.get(orchestrator.url() + "api/studies/" + id + "/trials").body();
      assertThat(served).contains("path_refused").doesNotContain(SECRET).doesNotContain("root:x:0");
    }
  }

  private static TrialSnapshot byBackbone(StudySnapshot study, Path backbone) {
    return study.trials().stream()
        .filter(t -> backbone.toString().equals(t.params().get("backbone")))
        .findFirst()
        .orElseThrow();
  }
}
