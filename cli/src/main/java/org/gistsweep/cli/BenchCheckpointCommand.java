package org.gistsweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.worker.runtime.CheckpointBenchmark;
import org.gistsweep.worker.train.CheckpointBenchModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gist-sweep bench-checkpoint}: the write and read time per epoch of the epoch checkpoints
 * a trial with {@code resume: true} stores, for the quickstart model and for ViT-B/16 adapter
 * tensors, through a directory or S3 store ({@code --artifacts}; default a temporary directory).
 */
@Command(
    name = "bench-checkpoint",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark epoch checkpoints (resume): write (file + store) and read (download + check +"
            + " load) time per epoch.")
final class BenchCheckpointCommand implements Callable<Integer> {
  @Option(
      names = "--epochs",
      description = "Checkpoints per model (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int epochs;

  @Option(
      names = "--model",
      split = ",",
      paramLabel = "NAME",
      description = "quickstart, vit-b16-adapter or both, comma-separated (default: both).")
  List<String> models =
      List.of(CheckpointBenchModel.QUICKSTART, CheckpointBenchModel.VIT_B16_ADAPTER);

  @Mixin ArtifactStoreOptions artifacts = new ArtifactStoreOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (epochs < 1) {
      throw new UserFacingException("--epochs must be >= 1, got " + epochs);
    }
    for (String m : models) {
      if (!m.equals(CheckpointBenchModel.QUICKSTART)
          && !m.equals(CheckpointBenchModel.VIT_B16_ADAPTER)) {
        throw new UserFacingException(
            "--model: unknown model '"
                + m
                + "'; use "
                + CheckpointBenchModel.QUICKSTART
                + " or "
                + CheckpointBenchModel.VIT_B16_ADAPTER);
      }
    }
    Path temp = Files.createTempDirectory("gist-bench-checkpoint-");
    try {
      boolean given = artifacts.artifacts != null && !artifacts.artifacts.isBlank();
      try (ArtifactStore store =
          given
              ? ArtifactStores.open(artifacts.artifacts.strip(), artifacts.s3())
              : ArtifactStores.open(temp.resolve("store").toUri(), artifacts.s3())) {
        store.check();
        CheckpointBenchmark.run(
            store, models, epochs, temp.resolve("scratch"), spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
      }
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(temp)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
