package org.gistsweep.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.AttemptLogWriter;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.orchestrator.http.HttpVerticle;
import org.gistsweep.orchestrator.kafka.TrialPublisher;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./gist-sweep artifacts list|pull} and {@code study archive --artifacts} against the real
 * HTTP API over a real directory store: the table, a pull that checks each sha256, an up-to-date
 * file not fetched again, a partial file resumed with Range, a corrupted object detected and
 * deleted (exit 1 naming it), --best K, and the exit statuses of bad input (2) and an unreachable
 * orchestrator (3).
 */
class ArtifactsCommandTest {
  private static final String SWEEP =
      """
      name: pull
      budget: {trials: 3, parallel: 3, epochs: 1}
      retain: {best: 2}
      space:
        lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
      """;
  private static final int SIZE = 600_000;
  private static final double[] VALUES = {0.5, 0.9, 0.7};

  @TempDir Path dir;
  private Vertx vertx;
  private ArtifactStore store;
  private StudyService service;
  private String url;
  private String id;
  private final List<TrialAssignment> assignments = new CopyOnWriteArrayList<>();

  private record Result(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store = ArtifactStores.open(dir.resolve("store").toUri(), S3Settings.DEFAULT);
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
    service.setArtifactStore(store);
    service.recover().get(10, TimeUnit.SECONDS);
    HttpVerticle http = new HttpVerticle(service, "127.0.0.1", 0, Duration.ofSeconds(1));
    vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + http.actualPort();
    id =
        service.submit(SweepSpecParser.parse(SWEEP, "pull.yaml", "pull")).get(10, TimeUnit.SECONDS);
    Waits.until("three assignments", Duration.ofSeconds(10), () -> assignments.size() >= 3);
    for (TrialAssignment a : assignments) {
      finish(a);
    }
    Waits.until(
        "retention to delete trial 0's weights",
        Duration.ofSeconds(10),
        () -> service.snapshot(id).orElseThrow().trials().get(0).weightsDeleted());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    store.close();
  }

  static byte[] weights(int trial) {
    byte[] b = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      b[i] = (byte) (i * 13 + trial);
    }
    return b;
  }

  /**
   * What a worker does: stores best weights, a sidecar and a log, then reports them with its token.
   */
  private void finish(TrialAssignment a) throws Exception {
    int t = a.trial();
    ArtifactInfo w = store.put(ArtifactRef.keyOf(id, t, 1, "best.safetensors"), weights(t));
    ArtifactInfo j =
        store.put(
            ArtifactRef.keyOf(id, t, 1, "best.json"), ("{\"trial\": " + t + "}").getBytes(UTF_8));
    try (AttemptLogWriter log = AttemptLogWriter.open(store, ArtifactRef.keyOf(id, t, 1, "log"))) {
      log.append("trial " + t + " trained\n");
    }
    String token = a.attemptToken();
    service
        .apply(
            List.of(
                new TrialStarted(1, id, t, 1, 1L, "w", 10, 100, 0, "cpu()", token),
                new EpochMetrics(
                    1, id, t, 1, 2L, "w", 1, 1.0, 0.5, 0.4, 0.1, 0.1, VALUES[t], 1e-3, 1.0, 10.0,
                    token),
                new TrialFinished(
                    1,
                    id,
                    t,
                    1,
                    3L,
                    "w",
                    TrialFinished.COMPLETE,
                    VALUES[t],
                    1,
                    VALUES[t],
                    1,
                    10,
                    100,
                    token,
                    List.of(
                        new ArtifactRef("best.safetensors", w.key(), w.size(), w.sha256()),
                        new ArtifactRef("best.json", j.key(), j.size(), j.sha256())),
                    null)))
        .get(10, TimeUnit.SECONDS);
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, UTF_8));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(UTF_8), err.toString());
    } finally {
      System.setOut(before);
    }
  }

  private Path pulled(int trial, String name) {
    return dir.resolve("out").resolve(id).resolve(Integer.toString(trial)).resolve(name);
  }

  @Test
  void listShowsEveryTrialsFilesWithTheirStateValueSizeAndHash() {
    Result r = run("artifacts", "list", id, "--orchestrator", url);
    assertThat(r.code()).as(r.err()).isZero();
    String sha = store.head(ArtifactRef.keyOf(id, 1, 1, "best.safetensors")).orElseThrow().sha256();
    assertThat(r.out())
        .contains("TRIAL", "NAME", "SHA256")
        .containsPattern(
            "1  COMPLETE\\s+0\\.9000  best\\.safetensors\\s+" + SIZE + "  " + sha.substring(0, 12))
        .containsPattern(
            "0  COMPLETE\\s+0\\.5000  best\\.safetensors\\s+"
                + SIZE
                + "  \\w{12}  deleted \\(retention\\)")
        .containsPattern(
            "2  COMPLETE\\s+0\\.7000  attempt-1\\.log\\s+" + "trial 2 trained\n".length() + "  -");
    assertThat(run("artifacts", "list", id, "--trial", "2", "--orchestrator", url).out())
        .doesNotContain("0.9000");
  }

  @Test
  void pullWritesEachFileCheckedAndSkipsWhatIsCurrentOrDeleted() throws Exception {
    Result r =
        run("artifacts", "pull", id, "--out", dir.resolve("out").toString(), "--orchestrator", url);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(pulled(1, "best.safetensors"))).isEqualTo(weights(1));
    assertThat(Files.readString(pulled(2, "best.json"))).isEqualTo("{\"trial\": 2}");
    assertThat(Files.readString(pulled(0, "attempt-1.log"))).isEqualTo("trial 0 trained\n");
    assertThat(pulled(0, "best.safetensors")).as("deleted by retention").doesNotExist();
    assertThat(r.out())
        .contains("Pulled 7 file(s)", "2 deleted from the store (not pulled)", "sha256 ok");
    try (var files = Files.walk(dir.resolve("out"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
    }
    Result again =
        run("artifacts", "pull", id, "--out", dir.resolve("out").toString(), "--orchestrator", url);
    assertThat(again.out()).contains("best.safetensors up to date", "4 already up to date");
  }

  @Test
  void aPartialFileIsResumedWithARangeRequest() throws Exception {
    Path partial = pulled(1, "best.safetensors.partial");
    Files.createDirectories(partial.getParent());
    Files.write(partial, Arrays.copyOf(weights(1), SIZE / 3));
    Result resumed =
        run(
            "artifacts",
            "pull",
            id,
            "--trial",
            "1",
            "--out",
            dir.resolve("out").toString(),
            "--orchestrator",
            url);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(Files.readAllBytes(pulled(1, "best.safetensors"))).isEqualTo(weights(1));
    assertThat(partial).doesNotExist();

    // a partial file whose bytes are wrong shows that only the rest was fetched: the check catches
    // it
    Files.delete(pulled(1, "best.safetensors"));
    byte[] wrong = Arrays.copyOf(weights(1), SIZE / 3);
    wrong[7] ^= 1;
    Files.write(partial, wrong);
    Result caught =
        run(
            "artifacts",
            "pull",
            id,
            "--trial",
            "1",
            "--out",
            dir.resolve("out").toString(),
            "--orchestrator",
            url);
    assertThat(caught.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(caught.err()).contains("sha256 mismatch, deleted: " + pulled(1, "best.safetensors"));
    assertThat(pulled(1, "best.safetensors")).doesNotExist();
    assertThat(partial).doesNotExist();
  }

  @Test
  void aCorruptedObjectInTheStoreIsDetectedAndItsFileDeleted() throws Exception {
    Path object = dir.resolve("store").resolve(ArtifactRef.keyOf(id, 1, 1, "best.safetensors"));
    try (RandomAccessFile f = new RandomAccessFile(object.toFile(), "rw")) {
      f.seek(SIZE - 100);
      int b = f.read();
      f.seek(SIZE - 100);
      f.write(b ^ 0x10);
    }
    Result r =
        run(
            "artifacts",
            "pull",
            id,
            "--best",
            "1",
            "--out",
            dir.resolve("out").toString(),
            "--orchestrator",
            url);
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("sha256 mismatch, deleted: " + pulled(1, "best.safetensors"));
    assertThat(r.out())
        .contains("best.safetensors FAILED the sha256 check; deleted", "the download broke off");
    assertThat(pulled(1, "best.safetensors")).doesNotExist();
    assertThat(pulled(1, "best.json")).as("the other files of the trial are pulled").exists();
    assertThat(dir.resolve("out").resolve(id).resolve("2"))
        .as("--best 1 is trial 1 only")
        .doesNotExist();
  }

  @Test
  void badInputAndAnUnreachableOrchestratorExitAsTheStudyCommandsDo() throws Exception {
    Result unknown = run("artifacts", "list", "nope-1", "--orchestrator", url);
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no study with id 'nope-1'", "HTTP 404");
    Result noTrial = run("artifacts", "pull", id, "--trial", "9", "--orchestrator", url);
    assertThat(noTrial.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(noTrial.err()).contains("study " + id + " has no trial 9");
    assertThat(
            run("artifacts", "list", id, "--trial", "1", "--best", "2", "--orchestrator", url)
                .err())
        .contains("--trial N or --best K, not both");
    int port = FreePorts.next(); // nothing listens there
    Result down = run("artifacts", "list", id, "--orchestrator", "http://127.0.0.1:" + port);
    assertThat(down.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(down.err()).contains("cannot reach the orchestrator");
  }

  @Test
  void archivingWithArtifactsDeletesTheStudysFiles() {
    Result r = run("study", "archive", id, "--artifacts", "--orchestrator", url);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("archived", "Its artifacts were deleted.");
    assertThat(store.list(id)).isEmpty();
    assertThat(run("artifacts", "list", id, "--orchestrator", url).out())
        .contains("deleted (study_deleted)");
  }
}
