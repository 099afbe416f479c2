package org.gistsweep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./gist-sweep quickstart}: the built-in sweep (examples/quickstart.yaml), all embedded. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description =
        "Run the built-in GIST sweep with an embedded Kafka broker and local CPU workers.")
final class QuickstartCommand implements Callable<Integer> {
  static final String RESOURCE = "/org/gistsweep/cli/examples/quickstart.yaml";

  @Mixin SweepOptions options = new SweepOptions();

  @Override
  public Integer call() {
    return SweepRunner.run(builtInSpec(), options, System.out);
  }

  static SweepSpec builtInSpec() {
    try (InputStream in = QuickstartCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new UserFacingException(
            "the built-in sweep "
                + RESOURCE
                + " is missing from the build; rebuild with ./mvnw package");
      }
      return SweepSpecParser.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "examples/quickstart.yaml",
          "gist-quickstart");
    } catch (IOException e) {
      throw new UserFacingException("cannot read the built-in sweep: " + e.getMessage(), e);
    }
  }
}
