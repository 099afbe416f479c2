package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert;
import org.gistsweep.artifacts.ArtifactStoreException.Reason;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on S3 (a real s3proxy server in this JVM), and what only an S3 store does. */
class S3ArtifactStoreTest extends ArtifactStoreContractTest {
  private static S3TestServer server;
  private URI bucketUri;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  ArtifactStore newStore() {
    bucketUri = server.createBucket();
    return ArtifactStores.s3(
        URI.create(bucketUri + "/gist/artifacts"),
        server.settings(),
        new MultipartPlan(PART, PART));
  }

  @Override
  ArtifactStore openUnavailableStore() {
    return ArtifactStores.open(
        unavailableUri(),
        S3Settings.forEndpoint(closedPort(), "us-east-1", S3TestServer.CREDENTIALS));
  }

  @Override
  URI unavailableUri() {
    return URI.create("s3://unreachable/x");
  }

  @Override
  Reason unavailableReason() {
    return Reason.UNREACHABLE;
  }

  @Override
  void corrupt(String key) throws IOException {
    var file =
        server
            .dataDirectory()
            .resolve(bucketUri.getHost())
            .resolve("gist/artifacts/" + key)
            .toFile();
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(5);
      int b = raf.read();
      raf.seek(5);
      raf.write(b ^ 0x40);
    }
  }

  @Override
  List<String> childArguments() {
    return List.of("s3", store.uri().toString(), server.endpoint().toString());
  }

  @Override
  Map<String, String> childEnvironment() {
    return server.environment();
  }

  @Test
  void objectsLieBelowThePrefixWithTheirSha256AsUserMetadata() {
    ArtifactInfo info = store.put("t/1/best.safetensors", "weights".getBytes(UTF_8));

    var names =
        server
            .blobStore()
            .list(bucketUri.getHost(), ListContainerOptions.Builder.recursive())
            .stream()
            .map(StorageMetadata::getName)
            .toList();
    assertThat(names)
        .filteredOn(name -> !name.endsWith("/")) // the filesystem back end lists its folders too
        .containsExactly("gist/artifacts/t/1/best.safetensors");
    var metadata =
        server.blobStore().blobMetadata(bucketUri.getHost(), "gist/artifacts/t/1/best.safetensors");
    assertThat(metadata.getUserMetadata()).containsEntry("sha256", info.sha256());
  }

  @Test
  void anObjectWithoutSha256MetadataIsNotAnArtifact() {
    var blobStore = server.blobStore();
    blobStore.putBlob(
        bucketUri.getHost(),
        blobStore.blobBuilder("gist/artifacts/t/foreign").payload("by another tool").build());

    assertThat(store.list("")).isEmpty();
    assertThat(store.head("t/foreign")).isEmpty();
    assertThatThrownBy(() -> store.open("t/foreign", ByteRange.all()))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> assertThat(e.getMessage()).contains("no sha256 metadata"));
    assertThat(store.deletePrefix("t")).isEqualTo(1);
  }

  @Test
  void aMissingBucketIsNamed() {
    try (ArtifactStore missing =
        ArtifactStores.open(URI.create("s3://no-such-bucket/p"), server.settings())) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            for (var call :
                List.<ThrowableAssert.ThrowingCallable>of(
                    missing::check, () -> missing.put("k", new byte[1]), () -> missing.list(""))) {
              assertThatThrownBy(call)
                  .isInstanceOfSatisfying(
                      ArtifactStoreException.class,
                      e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.NO_SUCH_BUCKET);
                        assertThat(e.retriable()).isFalse();
                        assertThat(e.getMessage())
                            .contains("s3://no-such-bucket/p")
                            .contains("bucket 'no-such-bucket' does not exist")
                            .contains(server.endpoint().toString());
                      });
            }
          });
    }
  }

  @Test
  void wrongCredentialsAreAccessDeniedAndTheSecretIsNeverShown() {
    var settings =
        new S3Settings(
            Optional.of(server.endpoint()),
            Optional.of("us-east-1"),
            true,
            Optional.of(
                new S3Credentials(S3TestServer.CREDENTIALS.accessKeyId(), "wrong-secret-value")));
    try (ArtifactStore denied = ArtifactStores.open(bucketUri, settings)) {
      assertThatThrownBy(denied::check)
          .isInstanceOfSatisfying(
              ArtifactStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                assertThat(e.getMessage())
                    .contains(bucketUri.toString())
                    .contains("AWS_ACCESS_KEY_ID")
                    .doesNotContain("wrong-secret-value");
              });
    }
    assertThat(settings.toString()).doesNotContain("wrong-secret-value");
  }

  @Test
  void theEnvironmentOfAChildProcessReachesTheServer() {
    Map<String, String> env = server.environment();
    S3Settings settings =
        S3Settings.resolve(
            Optional.empty(), Optional.of(env.get("AWS_REGION")), Optional.empty(), env);

    assertThat(settings.endpoint()).contains(server.endpoint());
    assertThat(settings.pathStyle()).isTrue();
  }

  private static URI closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
