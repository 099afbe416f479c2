package org.gistsweep.cli;

import java.util.concurrent.Callable;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.train.ModelInspector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gist-sweep model}: parameter accounting of an arch under a PEFT method, with GIST on or
 * off (e.g. ViT-B/16 with the reference adapter: 82,992 PEFT parameters, GIST adds 768).
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Show the parameter counts of a model under a PEFT method.")
final class ModelCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--arch",
      defaultValue = "vit-b16",
      description = "Arch preset: vit-b16, vit-tiny (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(
      names = "--classes",
      defaultValue = "100",
      description = "Classes of the head (default: ${DEFAULT-VALUE}).")
  int classes;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    TrainingSettings s = model.settings();
    ModelInspector.Counts c;
    try {
      c = ModelInspector.count(arch, classes, s);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(c.toJson());
    } else {
      out.printf(
          "%s, %d classes, peft %s, GIST %s%n",
          arch, classes, s.peft().wireName(), s.gist() ? "on" : "off");
      out.printf("  %-10s %,14d%n", "trainable", c.trainable());
      out.printf("  %-10s %,14d%n", "  peft", c.peft());
      out.printf("  %-10s %,14d%n", "  gist", c.gist());
      out.printf("  %-10s %,14d%n", "  head", c.head());
      out.printf("  %-10s %,14d%n", "total", c.total());
    }
    out.flush();
    return 0;
  }
}
