package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.orchestrator.http.HttpVerticle;
import org.gistsweep.orchestrator.kafka.TrialPublisher;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./gist-sweep study ...} against a real HTTP API (an in-JVM orchestrator service whose
 * assignments go nowhere): each command's output, and the exit status and message of a refusal
 * (409: 1), bad input (400: 2) and an unreachable orchestrator (3).
 */
class StudyCommandTest {
  private static final String SWEEP =
      """
      name: cli
      budget: {trials: 3, parallel: 1, epochs: 1}
      sampler: {type: random, seed: 3}
      training: {peft: adapter}
      space:
        lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
        adapter_dim: {type: int, low: 2, high: 16, step: 2}
      """;

  private Vertx vertx;
  private StudyService service;
  private String url;
  private final List<TrialAssignment> assignments = new CopyOnWriteArrayList<>();

  private record Result(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    service =
        new StudyService(
            vertx,
            new TrialPublisher() {
              @Override
              public CompletableFuture<Void> publish(TrialAssignment assignment) {
                assignments.add(assignment);
                return CompletableFuture.completedFuture(null);
              }

              @Override
              public CompletableFuture<Void> publish(TrialControl control) {
                return CompletableFuture.completedFuture(null);
              }

              @Override
              public void close() {}
            },
            Clock.systemUTC());
    service.recover().get(10, TimeUnit.SECONDS);
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofSeconds(1));
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + http.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(before);
    }
  }

  @Test
  void everyCommandSteersTheStudyAndRefusalsExitWithTheReason() throws Exception {
    String id =
        service.submit(SweepSpecParser.parse(SWEEP, "cli.yaml", "cli")).get(10, TimeUnit.SECONDS);

    assertThat(run("study", "list", "--orchestrator", url).out()).contains(id, "running", "0/3");
    Result paused = run("study", "pause", id, "--orchestrator", url);
    assertThat(paused.code()).isZero();
    assertThat(paused.out()).contains("Study " + id + " paused (state paused)");
    assertThat(run("study", "pause", id, "--orchestrator", url).out()).contains("nothing to do");

    Result enqueued =
        run(
            "study",
            "enqueue",
            id,
            "--param",
            "lr=0.002",
            "--param",
            "adapter_dim=8",
            "--orchestrator",
            url);
    assertThat(enqueued.code()).as(enqueued.err()).isZero();
    assertThat(enqueued.out()).contains("1 queued trial(s)");
    Result badParam = run("study", "enqueue", id, "--param", "lr=7", "--orchestrator", url);
    assertThat(badParam.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badParam.err()).contains("params.lr", "outside", "HTTP 400");
    assertThat(run("study", "enqueue", id, "--param", "lr", "--orchestrator", url).err())
        .contains("NAME=VALUE");

    Result extended = run("study", "extend", id, "--trials", "5", "--orchestrator", url);
    assertThat(extended.out()).contains("extended to 5 trials");
    Result tooLow = run("study", "extend", id, "--trials", "0", "--orchestrator", url);
    assertThat(tooLow.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(tooLow.err()).contains("trials");

    assertThat(run("study", "resume", id, "--orchestrator", url).out())
        .contains("resumed (state running)");
    assertThat(
            run("study", "stop-trial", id, "0", "--as", "cancelled", "--orchestrator", url).out())
        .contains("trial 0 stopped as cancelled");
    assertThat(run("study", "cancel", id, "--orchestrator", url).out())
        .contains("cancelled (state cancelled)");
    Result refused = run("study", "resume", id, "--orchestrator", url);
    assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err()).contains("refused", "only a paused study can be resumed", "HTTP 409");

    Result shown = run("study", "show", id, "--orchestrator", url);
    assertThat(shown.out())
        .contains(
            "state     cancelled",
            "control",
            "pause",
            "enqueue",
            "budget",
            "stop_trial",
            "cancel",
            "CANCELLED");
    assertThat(run("study", "archive", id, "--orchestrator", url).out()).contains("archived");
    assertThat(run("study", "list", "--orchestrator", url).out()).doesNotContain(id);
    assertThat(run("study", "list", "--archived", "--orchestrator", url).out()).contains(id);
    assertThat(run("study", "restore", id, "--orchestrator", url).out()).contains("restored");
    Result unknown = run("study", "pause", "nope-1", "--orchestrator", url);
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no study with id 'nope-1'");
    assertThat(run("study", "stop-trial", id, "0", "--as", "failed", "--orchestrator", url).err())
        .contains("pruned or cancelled");
  }

  @Test
  void suspendAndResumeOneTrial() throws Exception {
    String id =
        service.submit(SweepSpecParser.parse(SWEEP, "cli.yaml", "cli")).get(10, TimeUnit.SECONDS);
    Result suspended = run("study", "suspend", id, "0", "--orchestrator", url);
    assertThat(suspended.code()).as(suspended.err()).isZero();
    assertThat(suspended.out()).contains("Study " + id + " trial 0 suspended");
    assertThat(run("study", "suspend", id, "0", "--orchestrator", url).out())
        .contains("nothing to do");
    assertThat(run("study", "show", id, "--orchestrator", url).out())
        .contains("SUSPENDED", "suspend_trial");
    Result resumed = run("study", "resume", id, "0", "--orchestrator", url);
    assertThat(resumed.out())
        .contains("trial 0 requeued from its latest checkpoint (state running)");
    Result unknown = run("study", "suspend", id, "42", "--orchestrator", url);
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("has no trial 42");
    assertThat(run("study", "cancel", id, "--orchestrator", url).code()).isZero();
    Result refused = run("study", "resume", id, "0", "--orchestrator", url);
    assertThat(refused.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.err())
        .contains("trial 0 is CANCELLED; only a SUSPENDED trial can be resumed", "HTTP 409");
  }

  @Test
  void anUnreachableOrchestratorExitsWith3AndSaysWhatToDo() throws Exception {
    int port = FreePorts.next(); // nothing listens there
    Result r = run("study", "pause", "x-1", "--orchestrator", "http://127.0.0.1:" + port);
    assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("cannot reach the orchestrator", "--orchestrator URL");
  }
}
