package org.gistsweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gistsweep.worker.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gist-sweep pretrain}: trains the small ViT backbone from scratch on the upstream
 * synthetic task; this is how the shipped {@code builtin:vit-tiny-shapes} weights were made.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = "Pretrain the tiny ViT backbone on the upstream synthetic task.")
final class PretrainCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data root (default: $GIST_SWEEP_HOME/data).")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Output .safetensors (default: ${DEFAULT-VALUE}).",
      defaultValue = "vit-tiny-shapes.safetensors")
  Path out;

  @Option(
      names = "--epochs",
      description = "Epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int epochs;

  @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
  long seed;

  @Override
  public Integer call() {
    Path root = data != null ? data.toAbsolutePath() : GistHome.resolve().data();
    Pretrainer.pretrain(root, out.toAbsolutePath(), epochs, seed, System.out::println);
    System.out.println("Backbone written to " + out.toAbsolutePath());
    return 0;
  }
}
