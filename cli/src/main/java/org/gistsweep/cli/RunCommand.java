package org.gistsweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gistsweep.common.spec.SweepSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./gist-sweep run SPEC.yaml}: a sweep file, all in one JVM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the sweep in SPEC with an embedded broker (or --bootstrap), the orchestrator and N"
            + " local workers.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The sweep file.")
  Path spec;

  @Mixin SweepOptions options = new SweepOptions();

  @Override
  public Integer call() {
    return SweepRunner.run(SweepSpecParser.parse(spec), options, System.out);
  }
}
