package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop requested from another thread (as a worker's control listener does) ends real DJL training
 * within one step, mid-epoch: counted in steps, not in time.
 */
@Tag(Tier.TRAINING)
class StopWithinAStepTest {
  @TempDir static Path root;
  @TempDir Path work;

  @BeforeAll
  static void data() throws IOException {
    ModelFixtures.engine();
    ModelFixtures.syntheticSubset(root, "tiny", 64);
  }

  @Test
  void aStopSetByAnotherThreadEndsTrainingWithinOneStepMidEpoch() throws Exception {
    TrainingSettings s =
        ModelFixtures.settings(
            "data_dir",
            root.toString(),
            "backbone",
            "random:vit-tiny",
            "train_split",
            "tiny-train",
            "eval_split",
            "tiny-test",
            "epochs",
            3,
            "warmup_epochs",
            0,
            "batch_size",
            8);
    int stepsPerEpoch = 64 / 8;
    AtomicInteger steps = new AtomicInteger();
    CountDownLatch secondStepDone = new CountDownLatch(1);
    AtomicInteger stepsWhenRequested = new AtomicInteger(-1);
    ExecutorService control = Executors.newSingleThreadExecutor();
    try {
      class Listener implements EpochListener {
        volatile boolean stop;

        @Override
        public EpochDecision onEpoch(EpochResult result) {
          return EpochDecision.CONTINUE;
        }

        @Override
        public void onStep(int epoch, int step) {
          if (steps.incrementAndGet() == 2) {
            secondStepDone.countDown();
          }
        }

        @Override
        public boolean stopRequested() {
          return stop;
        }
      }
      Listener listener = new Listener();
      Future<?> requester =
          control.submit(
              () -> {
                secondStepDone.await();
                stepsWhenRequested.set(steps.get());
                listener.stop = true;
                return null;
              });
      TrainingOutcome o = GistTrainers.create(ModelFixtures.env(work, root)).train(s, listener);
      requester.get(1, TimeUnit.MINUTES);

      assertThat(stepsWhenRequested.get()).isGreaterThanOrEqualTo(2);
      assertThat(steps.get())
          .as("steps trained; the stop was requested after step %d", stepsWhenRequested.get())
          .isLessThanOrEqualTo(stepsWhenRequested.get() + 1)
          .isLessThan(stepsPerEpoch);
      assertThat(o.stopped()).isTrue();
      assertThat(o.epochs()).as("no epoch finished: the stop came mid-epoch").isEqualTo(List.of());
    } finally {
      control.shutdownNow();
    }
  }
}
