package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restart in the middle of a sweep: the broker runs as its own process, the orchestrator
 * and two workers (with a {@link PacedTrainer}) in this JVM. Once a trial is COMPLETE and two are
 * mid-way, the broker is stopped (SIGTERM), left down for {@link #DOWNTIME}, and started again on
 * the same port and data directory. The orchestrator and the workers must reconnect on their own
 * and the sweep must complete with every trial COMPLETE in its first attempt: with {@code
 * max_attempts: 1} a lease that expired during the outage, or an assignment publish given up, would
 * fail a trial. Meanwhile {@code /health/ready} answers 503 with the broker DOWN once the broker is
 * gone, and 200 again after it is back.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class BrokerRestartIT {
  static final Duration DOWNTIME = Duration.ofSeconds(3);
  static final Duration LEASE = Duration.ofSeconds(8);
  static final String SWEEP =
      """
      name: broker-restart
      budget: {trials: 6, parallel: 2, epochs: 5, max_attempts: 1}
      sampler: {type: random, seed: 3}
      space:
        lr: {type: float, low: 1.0e-3, high: 1.0e-2, log: true}
      """;

  @TempDir Path dir;

  @Test
  void orchestratorAndWorkersReconnectAndTheSweepCompletes() throws Exception {
    int port = FreePorts.next();
    String bootstrap = "127.0.0.1:" + port;
    try (ProcessGroup group =
        new ProcessGroup(
            Path.of("target", "chaos", "BrokerRestartIT-" + System.currentTimeMillis())
                .toAbsolutePath())) {
      ChildProcess broker =
          BrokerProcess.define(
              group,
              port,
              dir.resolve("kafka"),
              GistCli.environment(dir.resolve("home")),
              Duration.ofSeconds(120));
      broker.start();
      List<WorkerNode> workers = new ArrayList<>();
      try (Orchestrator orchestrator =
          Orchestrator.start(new OrchestratorOptions(bootstrap, null, 0, null, Map.of(), LEASE))) {
        for (int i = 1; i <= 2; i++) {
          WorkerOptions options =
              new WorkerOptions(
                  bootstrap,
                  "paced-" + i,
                  dir.resolve("data"),
                  dir.resolve("cache"),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5),
                  Map.of(),
                  Clock.systemUTC());
          workers.add(
              WorkerNode.start(
                  options, new PacedTrainer(Duration.ofMillis(200), Duration.ofMillis(600))));
        }
        String id =
            orchestrator.submit(
                SweepSpecParser.parse(SWEEP, "broker-restart.yaml", "broker-restart"));

        StudySnapshot before =
            Waits.until(
                "a COMPLETE trial and two mid-way",
                Duration.ofSeconds(90),
                () ->
                    orchestrator
                        .snapshot(id)
                        .filter(
                            s ->
                                s.counts().get(TrialState.COMPLETE) >= 1
                                    && s.trials().stream().filter(BrokerRestartIT::midway).count()
                                        == 2));
        assertThat(readiness(orchestrator)).isEqualTo(200);
        broker.terminate(Duration.ofSeconds(30));
        Waits.until(
            "/health/ready to answer 503 with the broker DOWN",
            Duration.ofSeconds(60),
            () ->
                readiness(orchestrator) == 503
                    && readyBody(orchestrator).contains("\"broker\":\"DOWN\""));
        Waits.pause(DOWNTIME);
        broker.start();
        Waits.until(
            "/health/ready to answer 200 again",
            Duration.ofSeconds(60),
            () -> readiness(orchestrator) == 200);
        List<Integer> runningAtRestart =
            before.trials().stream()
                .filter(BrokerRestartIT::midway)
                .map(TrialSnapshot::number)
                .toList();

        StudySnapshot done = orchestrator.completion(id).get(3, TimeUnit.MINUTES);

        assertThat(done.trials())
            .hasSize(6)
            .allSatisfy(
                t -> {
                  assertThat(t.state())
                      .as("trial %d: %s", t.number(), t.error())
                      .isEqualTo(TrialState.COMPLETE);
                  assertThat(t.attempt()).as("attempt of trial %d", t.number()).isEqualTo(1);
                  assertThat(t.epochs()).as("epochs of trial %d", t.number()).hasSize(5);
                });
        assertThat(runningAtRestart).as("trials running across the restart").hasSize(2);
        assertThat(before.trials().size())
            .as("trials created before the restart; the rest were dispatched after it")
            .isLessThan(6);
      } finally {
        workers.forEach(WorkerNode::close);
      }
    }
  }

  private static int readiness(Orchestrator orchestrator) {
    return ready(orchestrator).statusCode();
  }

  private static String readyBody(Orchestrator orchestrator) {
    return ready(orchestrator).body();
  }

  private static HttpResponse<String> ready(Orchestrator orchestrator) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(orchestrator.url() + "health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean midway(TrialSnapshot t) {
    return t.state() == TrialState.RUNNING && t.currentEpoch() >= 1 && t.currentEpoch() < 5;
  }
}
