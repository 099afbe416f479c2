package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gistsweep.artifacts.ArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --artifacts} and the S3 options: the default store, bad URIs (exit 2) before any broker is awaited. */
class ArtifactStoreOptionsTest {
  @TempDir Path home;

  private ArtifactStoreOptions options(String uri) {
    ArtifactStoreOptions o = new ArtifactStoreOptions();
    o.uri = uri;
    o.env = Map.of();
    return o;
  }

  @Test
  void theDefaultIsTheArtifactsFolderOfTheHomeAndItIsCreatedAndChecked() {
    ArtifactStoreOptions o = options(null);
    assertThat(o.uri(new GistHome(home))).isEqualTo(home.resolve("artifacts").toUri().toString());
    try (ArtifactStore store = o.open(new GistHome(home))) {
      assertThat(store.uri().toString()).isEqualTo("file://" + home.resolve("artifacts"));
      assertThat(Files.isDirectory(home.resolve("artifacts"))).isTrue();
    }
  }

  @Test
  void aMalformedStoreIsBadInputNamingTheFix() {
    assertThatThrownBy(() -> options("relative/dir").open(new GistHome(home))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("relative/dir").hasMessageContaining("s3://bucket/prefix");
    assertThatThrownBy(() -> options("s3://Bad_Bucket/x").open(new GistHome(home))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("bucket name");
    ArtifactStoreOptions endpoint = options("s3://bucket-1/p");
    endpoint.endpoint = "ftp://host";
    assertThatThrownBy(() -> endpoint.open(new GistHome(home))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("must be an http or https URL");
  }

  @Test
  void theOrchestratorRefusesABadStoreAtOnceWithExitStatus2() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("orchestrator", "--bootstrap", "127.0.0.1:1", "--connect-timeout", "60", "--artifacts", "ftp://nowhere/x");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("unsupported scheme 'ftp'");
  }
}
