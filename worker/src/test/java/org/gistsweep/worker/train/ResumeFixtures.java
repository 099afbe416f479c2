package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gistsweep.common.spec.PeftMethod;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.worker.files.FileDigests;

/** Runs of one tiny trial for the resume tests: straight, handed back after an epoch, resumed. */
final class ResumeFixtures {
  static final Map<String, Object> PARAMS = Map.of("lr", 0.01);

  private ResumeFixtures() {}

  /**
   * What one run produced: its epochs, its final trainable tensors, what it was told about
   * resuming.
   */
  record Run(
      TrainingOutcome outcome,
      List<EpochResult> heard,
      Map<String, float[]> tensors,
      Map<Integer, Path> checkpoints,
      int resumedFrom,
      String refused) {}

  /** Keeps every uploaded checkpoint as a file under {@code store}. */
  static final class FolderUploader implements CheckpointUploader {
    final Path store;
    final Map<Integer, Path> stored = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();

    FolderUploader(Path store) {
      this.store = store;
    }

    @Override
    public ArtifactRef upload(int epoch, Path file) {
      try {
        Files.createDirectories(store);
        Path kept = store.resolve(ArtifactRef.checkpointName(epoch));
        Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
        stored.put(epoch, kept);
        String name = ArtifactRef.checkpointName(epoch);
        return new ArtifactRef(
            name, ArtifactRef.keyOf("s-1", 7, 1, name), Files.size(kept), FileDigests.sha256(kept));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void notWritten(int epoch, String reason) {
      failures.add(epoch + ": " + reason);
    }
  }

  /**
   * Trains {@code s}, handing the trial back after {@code handBackAfter} (0: never), storing
   * checkpoints through {@code uploader} (null: none) and resuming from {@code resumeFile} (epoch
   * {@code resumeEpoch}) when given.
   */
  static Run run(
      DjlTrialTrainer trainer,
      TrainingSettings s,
      WeightsRequest weights,
      FolderUploader uploader,
      Path scratch,
      int handBackAfter,
      Path resumeFile,
      int resumeEpoch)
      throws IOException {
    if (scratch != null) {
      Files.createDirectories(scratch);
    }
    ResumeRequest resume =
        new ResumeRequest(uploader, scratch, resumeFile, resumeEpoch, null, PARAMS);
    List<EpochResult> heard = new ArrayList<>();
    AtomicReference<Map<String, float[]>> tensors = new AtomicReference<>();
    int[] resumedFrom = {-1};
    String[] refused = {null};
    TrainingOutcome o =
        trainer.train(
            s,
            new EpochListener() {
              @Override
              public EpochDecision onEpoch(EpochResult r) {
                throw new AssertionError("the trainer reports epochs with their checkpoint");
              }

              @Override
              public EpochDecision onEpoch(EpochResult r, ArtifactRef checkpoint) {
                heard.add(r);
                if (r.epoch() == handBackAfter) {
                  assertThat(checkpoint).as("a hand-back stores a checkpoint").isNotNull();
                  assertThat(checkpoint.name()).isEqualTo(ArtifactRef.checkpointName(r.epoch()));
                  return EpochDecision.STOP;
                }
                return EpochDecision.CONTINUE;
              }

              @Override
              public boolean handBackAfter(int epoch) {
                return epoch == handBackAfter;
              }

              @Override
              public void onModelReady(
                  long trainable, long total, long gist, String device, int from, String why) {
                resumedFrom[0] = from;
                refused[0] = why;
              }
            },
            weights,
            resume,
            model -> tensors.set(trainableTensors(model, s.peft())));
    return new Run(
        o,
        heard,
        tensors.get(),
        uploader == null ? Map.of() : Map.copyOf(uploader.stored),
        resumedFrom[0],
        refused[0]);
  }

  static Map<String, float[]> trainableTensors(GistVit model, PeftMethod method) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamTable.Entry e : TrainableSet.select(model.table(), method)) {
      out.put(e.name(), e.array().toFloatArray());
    }
    return out;
  }

  /** The metrics of an epoch that must match between runs (not its timing). */
  static double[] metrics(EpochResult r) {
    return new double[] {
      r.epoch(),
      r.trainLoss(),
      r.ceCls(),
      r.ceGist(),
      r.klClsGist(),
      r.klGistCls(),
      r.valTop1(),
      r.lr()
    };
  }

  static void assertSameEpochs(List<EpochResult> actual, List<EpochResult> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertClose(
          "epoch " + expected.get(i).epoch(), metrics(actual.get(i)), metrics(expected.get(i)));
    }
  }

  static void assertSameTensors(Map<String, float[]> actual, Map<String, float[]> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, want) -> {
          float[] got = actual.get(name);
          double[] a = new double[got.length];
          double[] w = new double[want.length];
          for (int i = 0; i < got.length; i++) {
            a[i] = got[i];
          }
          for (int i = 0; i < want.length; i++) {
            w[i] = want[i];
          }
          assertClose(name, a, w);
        });
  }

  /** Equal to 1e-6 relative (of the larger magnitude), element by element. */
  static void assertClose(String what, double[] actual, double[] expected) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double tol = 1e-6 * Math.max(Math.abs(actual[i]), Math.abs(expected[i]));
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s [%d]: %s vs %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(tol);
    }
  }
}
