package org.gistsweep.cli.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.testsupport.FreePorts;

/**
 * A sweep deployment made of real processes, each started by the {@code gist-sweep} command line on
 * fixed ports so it can be killed and started again with the same arguments: {@code broker --port P
 * --dir D}, {@code orchestrator --bootstrap ... --worker-lease S} and workers {@code worker
 * --bootstrap ... --id chaos-wN --data DIR}. Closing it kills whatever still runs.
 */
final class SweepCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern SUBMITTED = Pattern.compile("Submitted study (\\S+)");

  private final ProcessGroup group;
  private final int brokerPort;
  private final int httpPort;
  private final ChildProcess broker;
  private final ChildProcess orchestrator;
  private final Map<String, ChildProcess> workers = new LinkedHashMap<>();
  private final Map<String, String> environment;

  /**
   * Defines (does not start) the processes; logs and broker data go under {@code runDir}.
   *
   * @param dataRoot the workers' VTAB-1K data root
   * @param lease the orchestrator's worker lease
   */
  SweepCluster(Path runDir, Path dataRoot, int workerCount, Duration lease) {
    group = new ProcessGroup(runDir);
    brokerPort = FreePorts.next();
    httpPort = FreePorts.next();
    environment = GistCli.environment(runDir.resolve("home"));
    broker =
        BrokerProcess.define(
            group, brokerPort, runDir.resolve("kafka"), environment, START_TIMEOUT);
    orchestrator =
        group.child(
            "orchestrator",
            GistCli.command(
                List.of("-Xmx256m"),
                "orchestrator",
                "--bootstrap",
                bootstrap(),
                "--port",
                Integer.toString(httpPort),
                "--host",
                "127.0.0.1",
                "--worker-lease",
                Long.toString(lease.toSeconds()),
                "--connect-timeout",
                "60"),
            environment,
            Readiness.http(api().base() + "/api/studies"),
            START_TIMEOUT);
    for (int i = 1; i <= workerCount; i++) {
      String id = "chaos-w" + i;
      workers.put(
          id,
          group.child(
              id,
              GistCli.command(
                  List.of("-Xmx512m"),
                  "worker",
                  "--bootstrap",
                  bootstrap(),
                  "--id",
                  id,
                  "--data",
                  dataRoot.toString(),
                  "--connect-timeout",
                  "60"),
              environment,
              Readiness.logLine("Worker " + id + " ready"),
              START_TIMEOUT));
    }
  }

  /**
   * Starts every process side by side (the orchestrator and the workers wait for the broker
   * themselves, {@code --connect-timeout 60}); returns when all are ready.
   */
  SweepCluster start() {
    List<ChildProcess> all = new ArrayList<>();
    all.add(broker);
    all.add(orchestrator);
    all.addAll(workers.values());
    all.forEach(ChildProcess::launch);
    all.forEach(ChildProcess::awaitReady);
    return this;
  }

  /** Submits {@code spec} with {@code gist-sweep submit} and returns the study id it printed. */
  String submit(Path spec) {
    ChildProcess submit =
        group.child(
            "submit",
            GistCli.command(
                List.of("-Xmx128m"), "submit", spec.toString(), "--orchestrator", api().base()),
            environment,
            Readiness.immediately(),
            START_TIMEOUT);
    String out = submit.runToCompletion(Duration.ofSeconds(60));
    Matcher m = SUBMITTED.matcher(out);
    if (!m.find()) {
      throw new AssertionError("submit printed no study id:\n" + out);
    }
    return m.group(1);
  }

  /**
   * Runs {@code gist-sweep study ARGS... --orchestrator URL} as its own process (as a user would)
   * and returns what it printed; fails with its output on a non-zero exit.
   */
  String study(String... args) {
    List<String> command = new ArrayList<>(List.of("study"));
    command.addAll(List.of(args));
    command.addAll(List.of("--orchestrator", api().base()));
    ChildProcess cli =
        group.child(
            "study-" + args[0],
            GistCli.command(List.of("-Xmx128m"), command.toArray(String[]::new)),
            environment,
            Readiness.immediately(),
            START_TIMEOUT);
    return cli.runToCompletion(Duration.ofSeconds(60));
  }

  String bootstrap() {
    return "127.0.0.1:" + brokerPort;
  }

  OrchestratorApi api() {
    return new OrchestratorApi("http://127.0.0.1:" + httpPort);
  }

  ChildProcess broker() {
    return broker;
  }

  ChildProcess orchestrator() {
    return orchestrator;
  }

  /**
   * The worker process with this id (as the orchestrator reports it in a trial's {@code worker}).
   */
  ChildProcess worker(String id) {
    ChildProcess w = workers.get(id);
    if (w == null) {
      throw new NoSuchElementException("no worker " + id + " in " + workers.keySet());
    }
    return w;
  }

  /** The folder holding every process's log. */
  Path logDir() {
    return group.logDir();
  }

  @Override
  public void close() {
    group.close();
  }
}
