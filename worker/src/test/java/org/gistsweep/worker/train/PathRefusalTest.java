package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.files.SpecialFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path trick of issue 22 through the real trainer: refused when the trial starts, before any
 * file is opened (a FIFO would block the open: the preemptive timeout catches that) and before
 * training, not retriable, as {@code path_refused} naming the setting, the path as given and the
 * allowed roots, and never what a file holds.
 */
@Tag(Tier.TRAINING)
class PathRefusalTest {
  private static final String SECRET = "TOP-SECRET-hunter2";

  /** Far above the "within a second" the checks take: only a hang exceeds it. */
  private static final Duration HANG = Duration.ofSeconds(20);

  @TempDir Path work;
  private Path data;
  private Path weights;
  private Path artifacts;
  private TrainerEnvironment env;

  @BeforeEach
  void layout() throws IOException {
    data = Files.createDirectories(work.resolve("roots/data"));
    weights = Files.createDirectories(work.resolve("roots/weights"));
    artifacts = Files.createDirectories(work.resolve("roots/artifacts"));
    Files.createDirectories(data.resolve("mini"));
    Path secret = Files.createDirectories(work.resolve("secret"));
    Files.writeString(secret.resolve("train800val200.txt"), SECRET + " 1\n");
    Files.writeString(secret.resolve("test.txt"), SECRET + " 1\n");
    Path outsideData = Files.createDirectories(work.resolve("outside-data/mini"));
    Files.writeString(outsideData.resolve("train800val200.txt"), SECRET + " 1\n");
    env = new TrainerEnvironment(data, work.resolve("cache"), List.of(), List.of(weights));
  }

  /**
   * Trains {@code kv} on {@code environment}; returns the failure, checking what every refusal
   * shares.
   */
  private TrainingException refused(TrainerEnvironment environment, Object... kv) {
    List<Object> all =
        new ArrayList<>(List.of("backbone", "random:vit-tiny", "task", "mini", "epochs", 1));
    all.addAll(List.of(kv));
    TrainingSettings s = ModelFixtures.settings(all.toArray());
    AtomicInteger trained = new AtomicInteger();
    EpochListener listener =
        new EpochListener() {
          @Override
          public EpochDecision onEpoch(EpochResult result) {
            trained.incrementAndGet();
            return EpochDecision.CONTINUE;
          }

          @Override
          public void onModelReady(long trainable, long total, long gist, String device) {
            trained.incrementAndGet();
          }
        };
    TrainingException e =
        assertTimeoutPreemptively(
            HANG,
            () ->
                catchThrowableOfType(
                    () ->
                        GistTrainers.create(environment).train(s, listener, WeightsRequest.none()),
                    TrainingException.class));
    assertThat(e).as("the trial fails").isNotNull();
    assertThat(e.errorType()).as(e.getMessage()).isEqualTo("path_refused");
    assertThat(e.retriable()).isFalse();
    assertThat(trained).as("no model built, nothing trained").hasValue(0);
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("root:x:0");
    return e;
  }

  private TrainingException refused(Object... kv) {
    return refused(env, kv);
  }

  private String realData() throws IOException {
    return "data root: " + data.toRealPath();
  }

  @Test
  void taskTraversalIsRefused() throws IOException {
    assertThat(refused("task", "../../secret").getMessage())
        .startsWith("training.task: '../../secret' must be a plain name")
        .contains(realData());
    assertThat(refused("train_split", "../../../secret/test").getMessage())
        .startsWith("training.train_split: '../../../secret/test'");
    assertThat(refused("eval_split", "..").getMessage()).startsWith("training.eval_split: '..'");
  }

  @Test
  void aDataDirOutsideEveryRootIsRefused() throws IOException {
    Path outside = work.resolve("outside-data");
    assertThat(refused("data_dir", outside.toString()).getMessage())
        .startsWith("training.data_dir '" + outside + "' is outside the allowed data roots")
        .contains(realData())
        .contains("--data-root");
    assertThat(refused("data_dir", data + "/../../outside-data").getMessage())
        .startsWith("training.data_dir: '");
  }

  @Test
  void aSymlinkInsideARootPointingOutIsRefused() throws IOException {
    Files.createSymbolicLink(data.resolve("linked"), work.resolve("outside-data"));
    Files.createSymbolicLink(data.resolve("mini-link"), work.resolve("outside-data/mini"));
    Files.createSymbolicLink(weights.resolve("passwd.safetensors"), Path.of("/etc/passwd"));
    assertThat(refused("data_dir", data.resolve("linked").toString()).getMessage())
        .contains("is outside the allowed data roots");
    assertThat(refused("task", "mini-link").getMessage())
        .startsWith("training.task 'mini-link' is outside the allowed data roots");
    String link = weights.resolve("passwd.safetensors").toString();
    assertThat(refused("backbone", link).getMessage())
        .startsWith("training.backbone '" + link + "' is outside the allowed weights roots")
        .contains(weights.toRealPath().toString())
        .contains("--weights-root");
  }

  @Test
  void etcPasswdAsBackboneIsRefusedUnread() {
    assertThat(refused("backbone", "/etc/passwd").getMessage())
        .startsWith(
            "training.backbone '/etc/passwd' is outside the allowed weights roots (weights roots:"
                + " ");
  }

  @Test
  void aFifoAsBackboneOrSplitIsRefusedWithoutBeingOpened() throws Exception {
    Path fifo = SpecialFiles.fifo(weights.resolve("pipe.safetensors"));
    assertThat(refused("backbone", fifo.toString()).getMessage())
        .startsWith("training.backbone '" + fifo + "' is a named pipe (FIFO), not a regular file");
    SpecialFiles.fifo(data.resolve("mini/train800val200.txt"));
    assertThat(refused().getMessage())
        .startsWith("training.train_split 'train800val200' is a named pipe (FIFO)");
  }

  @Test
  void aSidecarThatIsAFifoIsRefusedToo() throws Exception {
    Path file = Files.writeString(weights.resolve("w.safetensors"), "x");
    SpecialFiles.fifo(weights.resolve("w.json"));
    assertThat(refused("backbone", file.toString()).getMessage())
        .contains("the arch sidecar")
        .contains("is a named pipe (FIFO)");
  }

  @Test
  void aDirectoryAsBackboneIsRefused() throws IOException {
    Path dir = Files.createDirectories(weights.resolve("dir.safetensors"));
    assertThat(refused("backbone", dir.toString()).getMessage())
        .startsWith("training.backbone '" + dir + "' is a directory");
  }

  @Test
  void aDeviceAsBackboneIsRefused() {
    assertThat(refused("backbone", "/dev/zero").getMessage())
        .contains("is outside the allowed weights roots");
    TrainerEnvironment devAllowed =
        new TrainerEnvironment(data, work.resolve("cache"), List.of(), List.of(Path.of("/dev")));
    assertThat(refused(devAllowed, "backbone", "/dev/zero").getMessage())
        .startsWith("training.backbone '/dev/zero' is a device, not a regular file");
  }

  @Test
  void theLegacyCheckpointDirIsIgnoredAndATrialWritesOnlyItsScratchFolder() throws IOException {
    ModelFixtures.syntheticSubset(data, "tiny", 16);
    Path scratch = Files.createDirectories(work.resolve("cache/scratch/a-1"));
    Files.createSymbolicLink(artifacts.resolve("out"), work.resolve("secret"));
    List<Path> before = filesOutside(scratch);
    for (String dir : List.of("/etc/gist-sweep-test", "../escaped", "out/run")) {
      TrainingSettings s =
          ModelFixtures.settings(
              "backbone",
              "random:vit-tiny",
              "task",
              "synthetic-shapes",
              "train_split",
              "tiny-train",
              "eval_split",
              "tiny-test",
              "epochs",
              1,
              "batch_size",
              16,
              "save_checkpoint",
              true,
              "checkpoint_dir",
              dir);
      WeightsRequest weights =
          new WeightsRequest(
              s.storedArtifacts(),
              TrialAssignment.DEFAULT_OBJECTIVE,
              scratch,
              "s",
              1,
              1,
              Map.of(),
              Clock.systemUTC());
      TrainingOutcome o =
          assertTimeoutPreemptively(
              HANG, () -> GistTrainers.create(env).train(s, r -> EpochDecision.CONTINUE, weights));
      assertThat(o.saved()).extracting(SavedWeights::name).containsExactly("best", "last");
    }
    assertThat(filesOutside(scratch))
        .as("nothing written but the scratch folder (and the data and backbone caches)")
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(Path.of("/etc/gist-sweep-test")).doesNotExist();
    assertThat(work.resolve("secret/run")).doesNotExist();
  }

  private List<Path> filesOutside(Path scratch) throws IOException {
    try (var files = Files.walk(work)) {
      return files
          .filter(
              p ->
                  !p.startsWith(scratch)
                      && !p.startsWith(work.resolve("cache"))
                      && !p.startsWith(data))
          .toList();
    }
  }
}
