package org.gistsweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.train.EpochDecision;
import org.gistsweep.worker.train.EpochListener;
import org.gistsweep.worker.train.EpochResult;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.ResumeRequest;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.gistsweep.worker.train.TrainingOutcome;
import org.gistsweep.worker.train.TrialTrainer;
import org.gistsweep.worker.train.WeightsRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Epoch checkpoints through a real directory store with real DJL training (tiny model, 1 thread): a
 * checkpoint per epoch but the last, in the epoch's metrics; a hand-back at the rung or on a
 * suspend sends TrialSuspended with it; a later attempt resumes from it and reports the same epochs
 * as an unbroken attempt; a checkpoint whose bytes differ from the recorded sha256 is refused.
 */
@Tag(Tier.TRAINING)
class TrialRunResumeTest {
  private static final String TOKEN = "00112233445566778899aabbccddeeff";
  @TempDir static Path data;
  @TempDir Path work;
  private ArtifactStore store;

  @BeforeAll
  static void tinyTask() throws IOException {
    Path task = SyntheticShapes.ensure(data, "synthetic-shapes");
    Files.write(
        task.resolve("mini-train.txt"),
        Files.readAllLines(task.resolve("train800.txt")).subList(0, 16));
    Files.write(
        task.resolve("mini-test.txt"), Files.readAllLines(task.resolve("test.txt")).subList(0, 16));
  }

  @BeforeEach
  void openStore() {
    store = ArtifactStores.open(work.resolve("store").toUri(), S3Settings.DEFAULT);
  }

  private static TrialAssignment assignment(
      int attempt, ResumePoint from, int pauseAfter, Object... extra) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                "data_dir",
                data.toString(),
                "backbone",
                "random:vit-tiny",
                "train_split",
                "mini-train",
                "eval_split",
                "mini-test",
                "epochs",
                3,
                "batch_size",
                8,
                "gist_dropout",
                0.3));
    for (int i = 0; i < extra.length; i += 2) {
      config.put((String) extra[i], extra[i + 1]);
    }
    return new TrialAssignment(
        1,
        "s-1",
        2,
        attempt,
        1L,
        Map.of("lr", 0.005),
        config,
        false,
        TOKEN,
        null,
        from,
        pauseAfter);
  }

  private List<WireMessage> run(TrialAssignment a, StopRequest stop, int suspendAfterStepsOfEpoch) {
    List<WireMessage> sent = new CopyOnWriteArrayList<>();
    EventSink sink =
        new EventSink() {
          @Override
          public void send(WireMessage m) {
            sent.add(m);
          }

          @Override
          public void sendDurably(WireMessage m) {
            send(m);
          }
        };
    var trainer =
        GistTrainers.create(
            new TrainerEnvironment(
                work.resolve("data"), work.resolve("cache"), List.of(data), List.of()));
    var counting =
        new TrialTrainer() {
          @Override
          public TrainingOutcome train(TrainingSettings s, EpochListener l) {
            throw new AssertionError("unused");
          }

          @Override
          public TrainingOutcome train(
              TrainingSettings s, EpochListener l, WeightsRequest w, ResumeRequest r) {
            return trainer.train(
                s,
                new EpochListener() {
                  @Override
                  public EpochDecision onEpoch(EpochResult e) {
                    return l.onEpoch(e);
                  }

                  @Override
                  public EpochDecision onEpoch(EpochResult e, ArtifactRef c) {
                    return l.onEpoch(e, c);
                  }

                  @Override
                  public boolean handBackAfter(int epoch) {
                    return l.handBackAfter(epoch);
                  }

                  @Override
                  public void onModelReady(
                      long t, long total, long g, String d, int from, String why) {
                    l.onModelReady(t, total, g, d, from, why);
                  }

                  @Override
                  public void onStep(int epoch, int step) {
                    l.onStep(epoch, step);
                    if (epoch == 1 && step == suspendAfterStepsOfEpoch) {
                      stop.suspend(); // a suspend arrives in the middle of epoch 1
                    }
                  }

                  @Override
                  public boolean stopRequested() {
                    return l.stopRequested();
                  }
                },
                w,
                r);
          }
        };
    new TrialRun(
            a,
            "w-1",
            counting,
            sink,
            Clock.systemUTC(),
            stop,
            WorkerMetrics.NONE,
            new AttemptArtifacts(store, work.resolve("cache/scratch")))
        .run();
    assertThat(sent)
        .allSatisfy(m -> assertThat(WorkerReportChecks.problem(m)).as(m.toString()).isNull());
    return sent;
  }

  private static List<EpochMetrics> epochs(List<WireMessage> sent) {
    return sent.stream().filter(m -> m instanceof EpochMetrics).map(m -> (EpochMetrics) m).toList();
  }

  private static <T> T only(List<WireMessage> sent, Class<T> type) {
    List<T> found = sent.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static double[] metrics(EpochMetrics e) {
    return new double[] {
      e.epoch(),
      e.trainLoss(),
      e.ceCls(),
      e.ceGist(),
      e.klClsGist(),
      e.klGistCls(),
      e.valTop1(),
      e.lr()
    };
  }

  @Test
  void everyEpochButTheLastStoresACheckpointUnderTheAttemptAndItsMetricsNameIt() {
    List<WireMessage> sent = run(assignment(1, null, 0), new StopRequest(), -1);

    List<EpochMetrics> epochs = epochs(sent);
    assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
    assertThat(epochs.get(0).checkpoint().key()).isEqualTo("s-1/2/1/checkpoint-1.safetensors");
    assertThat(epochs.get(1).checkpoint().key()).isEqualTo("s-1/2/1/checkpoint-2.safetensors");
    assertThat(epochs.get(2).checkpoint()).as("never after the last epoch").isNull();
    ArtifactInfo stored = store.head(epochs.get(1).checkpoint().key()).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(epochs.get(1).checkpoint().sha256());
    assertThat(only(sent, TrialFinished.class).outcome()).isEqualTo(TrialFinished.COMPLETE);
    assertThat(only(sent, TrialStarted.class).resumedFromEpoch()).isZero();
  }

  @Test
  void resumeFalseStoresNoCheckpointsAndResumeEveryTwoStoresEverySecond() {
    assertThat(epochs(run(assignment(1, null, 0, "resume", false), new StopRequest(), -1)))
        .allSatisfy(e -> assertThat(e.checkpoint()).isNull());
    assertThat(
            epochs(
                run(assignment(1, null, 0, "resume_every", 2, "epochs", 3), new StopRequest(), -1)))
        .extracting(e -> e.checkpoint() == null ? null : e.checkpoint().name())
        .containsExactly(null, "checkpoint-2.safetensors", null);
  }

  @Test
  void aRungHandBackSuspendsWithTheCheckpointAndTheNextAttemptResumesWhereItStopped() {
    List<WireMessage> straight =
        run(assignment(1, null, 0, "resume", false), new StopRequest(), -1);

    List<WireMessage> first = run(assignment(1, null, 2, "resume_every", 5), new StopRequest(), -1);
    TrialSuspended suspended = only(first, TrialSuspended.class);
    assertThat(suspended.reason()).isEqualTo(TrialSuspended.AT_RUNG);
    assertThat(suspended.epoch()).isEqualTo(2);
    assertThat(suspended.checkpoint().name()).isEqualTo("checkpoint-2.safetensors");
    assertThat(suspended.attemptToken()).isEqualTo(TOKEN);
    assertThat(first).noneMatch(m -> m instanceof TrialFinished);
    assertThat(epochs(first)).extracting(EpochMetrics::epoch).containsExactly(1, 2);

    List<WireMessage> second =
        run(assignment(2, ResumePoint.of(suspended.checkpoint(), 2, 1), 0), new StopRequest(), -1);
    TrialStarted started = only(second, TrialStarted.class);
    assertThat(started.resumedFromEpoch()).isEqualTo(2);
    assertThat(started.resumeRefused()).isNull();
    assertThat(epochs(second)).extracting(EpochMetrics::epoch).containsExactly(3);
    assertThat(metrics(epochs(second).get(0))).containsExactly(metrics(epochs(straight).get(2)));
    TrialFinished finished = only(second, TrialFinished.class);
    TrialFinished unbroken = only(straight, TrialFinished.class);
    assertThat(finished.epochsRun()).isEqualTo(3);
    assertThat(finished.bestValue()).isEqualTo(unbroken.bestValue());
    assertThat(finished.bestEpoch()).isEqualTo(unbroken.bestEpoch());
  }

  @Test
  void withResumeFalseOnlyTheHandBackStoresACheckpoint() {
    List<WireMessage> sent = run(assignment(1, null, 2, "resume", false), new StopRequest(), -1);

    assertThat(epochs(sent))
        .extracting(e -> e.checkpoint() == null ? null : e.checkpoint().name())
        .containsExactly(null, "checkpoint-2.safetensors");
    assertThat(only(sent, TrialSuspended.class).checkpoint().name())
        .isEqualTo("checkpoint-2.safetensors");
  }

  @Test
  void aSuspendInTheMiddleOfAnEpochFinishesItStoresItsCheckpointAndHandsBack() {
    List<WireMessage> sent = run(assignment(1, null, 0, "resume_every", 5), new StopRequest(), 1);

    TrialSuspended suspended = only(sent, TrialSuspended.class);
    assertThat(suspended.reason()).isEqualTo(TrialSuspended.ON_REQUEST);
    assertThat(suspended.epoch()).isEqualTo(1);
    assertThat(epochs(sent))
        .hasSize(1)
        .first()
        .satisfies(e -> assertThat(e.checkpoint()).isEqualTo(suspended.checkpoint()));
    assertThat(store.head(suspended.checkpoint().key())).isPresent();
  }

  @Test
  void aCheckpointWhoseBytesDifferFromTheRecordedSha256IsRefusedAndTheAttemptTrainsFromEpochOne()
      throws IOException {
    TrialSuspended suspended =
        only(run(assignment(1, null, 1), new StopRequest(), -1), TrialSuspended.class);
    Path file = work.resolve("store").resolve(suspended.checkpoint().key());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);

    List<WireMessage> second =
        run(assignment(2, ResumePoint.of(suspended.checkpoint(), 1, 1), 0), new StopRequest(), -1);

    TrialStarted started = only(second, TrialStarted.class);
    assertThat(started.resumedFromEpoch()).isZero();
    assertThat(started.resumeRefused()).startsWith("the checkpoint failed its sha256 check");
    System.out.println("resume_refused (flipped byte): " + started.resumeRefused());
    assertThat(epochs(second)).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
  }
}
