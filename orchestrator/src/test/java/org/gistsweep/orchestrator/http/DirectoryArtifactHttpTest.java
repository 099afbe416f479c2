package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Test;

/** The artifacts routes over a directory store; and without a store, and with --read-token. */
class DirectoryArtifactHttpTest extends ArtifactHttpContract {
  private Path root;

  @Override
  ArtifactStore openStore() throws IOException {
    root = Files.createTempDirectory("artifact-http");
    return ArtifactStores.open(root.toUri(), S3Settings.DEFAULT);
  }

  @Override
  void corrupt(String key) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(root.resolve(key).toFile(), "rw")) {
      file.seek(SIZE - 5);
      int b = file.read();
      file.seek(SIZE - 5);
      file.write(b ^ 0x40);
    }
  }

  @Override
  void closeBackEnd() throws IOException {
    try (var files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void withoutAStoreTheRoutesAnswer503SayingHowToConfigureOne() throws Exception {
    String id = studyWithTwoTrials();
    StudyService bare = new StudyService(vertx, new FakePublisher(), MutableClock.fixed());
    bare.recover().get(10, TimeUnit.SECONDS);
    HttpVerticle http = new HttpVerticle(bare, "127.0.0.1", 0, Duration.ofSeconds(1));
    await(vertx.deployVerticle(http));
    String other = bare.submit(TestSpecs.random(1, 1, 1, 1)).get(10, TimeUnit.SECONDS);
    Waits.until(
        "a trial",
        Duration.ofSeconds(10),
        () -> !bare.snapshot(other).orElseThrow().trials().isEmpty());
    HttpResponse<Buffer> r =
        await(client.get(http.actualPort(), "127.0.0.1", path(other, 0, null)).send());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("error"))
        .contains("this orchestrator has no artifact store", "start it with --artifacts URI");
    HttpResponse<Buffer> delete =
        await(
            client
                .delete(http.actualPort(), "127.0.0.1", "/api/studies/" + other + "?artifacts=true")
                .putHeader("Content-Type", "application/json")
                .send());
    assertThat(delete.statusCode()).isEqualTo(503);
    assertThat(id).isNotEmpty();
  }

  @Test
  void withAReadTokenTheDownloadNeedsIt() throws Exception {
    String id = studyWithTwoTrials();
    ApiToken token = ApiToken.of("artifact-test-token-0123456789abcdef");
    HttpVerticle guarded =
        new HttpVerticle(
            service,
            new HttpOptions(
                "127.0.0.1",
                0,
                Duration.ofSeconds(1),
                Optional.of(token),
                true,
                new WebAccess(List.of(), List.of(), true)));
    await(vertx.deployVerticle(guarded));
    String file = path(id, 1, "best.safetensors");
    assertThat(await(client.get(guarded.actualPort(), "127.0.0.1", file).send()).statusCode())
        .isEqualTo(401);
    HttpResponse<Buffer> ok =
        await(
            client
                .get(guarded.actualPort(), "127.0.0.1", file)
                .putHeader("Authorization", "Bearer artifact-test-token-0123456789abcdef")
                .send());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body().length()).isEqualTo(SIZE);
  }
}
