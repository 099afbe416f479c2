package org.gistsweep.cli.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;

/**
 * The {@code gist-sweep broker --port P --dir D} child process, restartable on the same port and
 * data.
 */
final class BrokerProcess {
  private BrokerProcess() {}

  /**
   * Defines (does not start) the broker; it counts as ready once its port accepts connections and
   * it logged that it is ready.
   */
  static ChildProcess define(
      ProcessGroup group,
      int port,
      Path dataDir,
      Map<String, String> environment,
      Duration startTimeout) {
    return group.child(
        "broker",
        GistCli.command(
            List.of("-Xmx512m"),
            "broker",
            "--port",
            Integer.toString(port),
            "--dir",
            dataDir.toString()),
        environment,
        Readiness.port(port).and(Readiness.logLine("Kafka broker ready at")),
        startTimeout);
  }
}
