package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --artifacts} and the S3 options: a worker checks its store at start and stops with the
 * store's message before it waits for the broker (exit 2 for a bad URI or refused credentials, 3
 * for an unreachable endpoint); the default store is {@code $GIST_SWEEP_HOME/artifacts}.
 */
class ArtifactStoreOptionsTest {
  private static final Duration FAST = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return assertTimeoutPreemptively(FAST, () -> CliRun.main(args));
  }

  private static String[] worker(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("worker", "--bootstrap", "127.0.0.1:1", "--connect-timeout", "600"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aBadUriStopsTheWorkerWithExitTwoBeforeItWaitsForTheBroker() {
    CliRun relative = run(worker("--artifacts", "artifacts/here"));
    assertThat(relative.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(relative.err())
        .contains(
            "error: artifact store 'artifacts/here': a directory store needs an absolute path");
    CliRun scheme = run(worker("--artifacts", "ftp://host/dir"));
    assertThat(scheme.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(scheme.err()).contains("unsupported scheme 'ftp'");
    CliRun endpoint =
        run(worker("--artifacts", "s3://gist-test", "--s3-endpoint", "ftp://127.0.0.1:9"));
    assertThat(endpoint.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(endpoint.err())
        .contains("S3 endpoint 'ftp://127.0.0.1:9' must be an http or https URL");
  }

  @Test
  void anUnwritableDirectoryStopsTheWorkerWithTheStoresMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    CliRun r = run(worker("--artifacts", file.resolve("store").toUri().toString()));
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .startsWith(
            "error: "
                + file.resolve("store").toUri().toString().replaceFirst("/$", "")
                + ": creating the store")
        .contains("a part of the path is a file");
    assertThat(r.err().lines()).as("one line, no stack trace").hasSize(1);
  }

  @Test
  void theOptionsMakeS3SettingsAndTheDefaultIsTheHomesArtifactsFolder() {
    ArtifactStoreOptions o = new ArtifactStoreOptions();
    new CommandLine(o)
        .parseArgs(
            "--s3-endpoint",
            "http://127.0.0.1:9000",
            "--s3-region",
            "eu-west-1",
            "--s3-path-style=false");
    assertThat(o.s3().pathStyle()).isFalse();
    assertThat(o.s3().region()).contains("eu-west-1");
    assertThat(o.uri(new GistHome(dir))).isEqualTo(dir.resolve("artifacts").toUri().toString());
    ArtifactStoreOptions flag = new ArtifactStoreOptions();
    new CommandLine(flag).parseArgs("--s3-path-style", "--artifacts", "s3://b-1/p");
    assertThat(flag.s3().pathStyle()).isTrue();
    assertThat(flag.uri(new GistHome(dir))).isEqualTo("s3://b-1/p");
    assertThatThrownBy(
            () -> {
              ArtifactStoreOptions bad = new ArtifactStoreOptions();
              new CommandLine(bad).parseArgs("--s3-region", "Not A Region");
              bad.s3();
            })
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("is not a region name");
  }

  /** In a child JVM, with credentials in its environment, as a deployed worker has them. */
  @Test
  void anUnreachableEndpointStopsTheWorkerWithExitThree() throws Exception {
    int closed = FreePorts.next(); // nothing listens there
    ProcessBuilder pb =
        new ProcessBuilder(
                GistCli.command(
                    List.of("-Xmx256m"),
                    worker(
                        "--artifacts",
                        "s3://gist-test",
                        "--s3-endpoint",
                        "http://127.0.0.1:" + closed)))
            .redirectErrorStream(true);
    Map<String, String> env = new HashMap<>(GistCli.environment(dir));
    env.put("AWS_ACCESS_KEY_ID", "key");
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(out)
        .contains("error: s3://gist-test (endpoint http://127.0.0.1:" + closed)
        .contains("cannot be reached");
  }

  @Test
  void theDefaultIsTheArtifactsFolderOfTheHomeAndItIsCreatedAndChecked() {
    ArtifactStoreOptions o = new ArtifactStoreOptions();
    o.env = Map.of();
    try (ArtifactStore store = o.openChecked(new GistHome(dir))) {
      assertThat(store.uri().toString()).isEqualTo("file://" + dir.resolve("artifacts"));
      assertThat(Files.isDirectory(dir.resolve("artifacts"))).isTrue();
    }
  }

  @Test
  void theOrchestratorRefusesABadStoreAtOnceWithExitStatus2() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "orchestrator",
            "--bootstrap",
            "127.0.0.1:1",
            "--connect-timeout",
            "60",
            "--artifacts",
            "ftp://nowhere/x");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("unsupported scheme 'ftp'");
    ArtifactStoreOptions bucket = new ArtifactStoreOptions();
    bucket.artifacts = "s3://Bad_Bucket/x";
    bucket.env = Map.of();
    assertThatThrownBy(() -> bucket.openChecked(new GistHome(dir)))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("bucket name");
  }
}
