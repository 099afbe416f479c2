package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bench-checkpoint}: a row per epoch with the write and read time, and a clear error for an
 * unknown model.
 */
@Tag(Tier.TRAINING)
class BenchCheckpointCommandTest {
  @Test
  void printsTheWriteAndReadTimeOfEachEpochForTheQuickstartModel() {
    CliRun run = CliRun.main("bench-checkpoint", "--model", "quickstart", "--epochs", "2");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("write ms")
        .contains("read ms")
        .containsPattern("quickstart +1 +\\d+ ")
        .containsPattern("quickstart +2 +\\d+ ")
        .contains("quickstart       median write");
    System.out.print(run.out());
  }

  @Test
  void anUnknownModelIsNamed() {
    CliRun run = CliRun.main("bench-checkpoint", "--model", "resnet");

    assertThat(run.code()).isNotZero();
    assertThat(run.err())
        .contains("--model: unknown model 'resnet'; use quickstart or vit-b16-adapter");
  }
}
