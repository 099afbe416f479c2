package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.worker.runtime.CheckpointBenchmark;
import org.gistsweep.worker.train.CheckpointBenchModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint benchmark for both models through a directory store and an S3 service (s3proxy in
 * this JVM): it runs, checks its own checkpoints whole on the way back, and prints the figures.
 */
@Tag(Tier.TRAINING)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CheckpointBenchmarkS3IT {
  @TempDir Path dir;

  @Test
  void bothModelsThroughADirectoryAndAnS3Store() throws Exception {
    List<String> models =
        List.of(CheckpointBenchModel.QUICKSTART, CheckpointBenchModel.VIT_B16_ADAPTER);
    StringWriter out = new StringWriter();
    try (ArtifactStore store =
        ArtifactStores.open(dir.resolve("store").toUri(), S3Settings.DEFAULT)) {
      CheckpointBenchmark.run(store, models, 3, dir.resolve("scratch"), new PrintWriter(out, true));
    }
    try (S3TestServer s3 = S3TestServer.start();
        ArtifactStore store = ArtifactStores.open(s3.createBucket("bench"), s3.settings())) {
      CheckpointBenchmark.run(store, models, 3, dir.resolve("scratch"), new PrintWriter(out, true));
    }
    System.out.print(out);
    assertThat(out.toString())
        .contains("vit-b16-adapter: 160,660 trainable floats")
        .containsPattern("s3://bench")
        .containsPattern("vit-b16-adapter +3 +\\d+ ");
  }
}
