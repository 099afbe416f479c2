package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gistsweep.artifacts.ArtifactStoreException.Reason;
import org.junit.jupiter.api.Test;

/** The contract on a directory, and what only a directory store does. */
class DirectoryArtifactStoreTest extends ArtifactStoreContractTest {
  private Path root;

  @Override
  ArtifactStore newStore() {
    root = temp.resolve("store");
    return ArtifactStores.open(root.toUri(), S3Settings.DEFAULT);
  }

  @Override
  ArtifactStore openUnavailableStore() {
    return ArtifactStores.open(unavailableUri(), S3Settings.DEFAULT);
  }

  @Override
  URI unavailableUri() {
    try {
      Path file = temp.resolve("a-file");
      if (!Files.exists(file)) {
        Files.writeString(file, "not a directory");
      }
      return file.resolve("store").toUri();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  Reason unavailableReason() {
    return Reason.INVALID_URI;
  }

  @Override
  void corrupt(String key) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(root.resolve(key).toFile(), "rw")) {
      file.seek(5);
      int b = file.read();
      file.seek(5);
      file.write(b ^ 0x40);
    }
  }

  @Override
  List<String> childArguments() {
    return List.of("dir", root.toUri().toString());
  }

  @Test
  void theSidecarIsInSha256sumFormatBesideTheFile() throws IOException {
    ArtifactInfo info = store.put("t/1/best.safetensors", "weights".getBytes(UTF_8));

    assertThat(Files.readString(root.resolve("t/1/best.safetensors.sha256")))
        .isEqualTo(info.sha256() + "  best.safetensors\n");
    try (var files = Files.list(root.resolve(DirectoryArtifactStore.PARTIAL))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFileWithoutItsSidecarIsNotAnArtifact() throws IOException {
    Files.createDirectories(root.resolve("t"));
    Files.writeString(root.resolve("t/stray"), "copied here by hand");

    assertThat(store.list("")).isEmpty();
    assertThat(store.head("t/stray")).isEmpty();
    assertThatThrownBy(() -> store.open("t/stray", ByteRange.all()))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void deletingTheLastObjectOfAFolderRemovesTheFolder() {
    store.put("studies/s/trials/1/best", new byte[] {1});
    store.put("studies/s/trials/2/best", new byte[] {2});

    store.delete("studies/s/trials/1/best");
    assertThat(root.resolve("studies/s/trials/1")).doesNotExist();
    assertThat(store.deletePrefix("studies/s")).isEqualTo(1);
    assertThat(root.resolve("studies")).doesNotExist();
    assertThat(root).isDirectory();
  }

  @Test
  void openingRemovesOnlyStalePartialFiles() throws IOException {
    Path partial = Files.createDirectories(root.resolve(DirectoryArtifactStore.PARTIAL));
    Path stale = Files.writeString(partial.resolve("put-1.tmp"), "from a worker killed yesterday");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
    Path fresh =
        Files.writeString(partial.resolve("put-2.tmp"), "another worker's put in progress");

    ArtifactStores.open(root.toUri(), S3Settings.DEFAULT).close();

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void aKeyThatIsAlsoAFolderIsRefusedClearly() {
    store.put("t/1/log/000001", new byte[] {1});

    assertThatThrownBy(() -> store.put("t/1/log", new byte[] {2}))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY);
              assertThat(e.getMessage())
                  .contains(store.uri().toString())
                  .contains("t/1/log")
                  .contains("folder of other keys");
            });
    assertThatThrownBy(() -> store.put("t/1/log/000001/x", new byte[] {2}))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
    assertThat(keys(store.list(""))).containsExactly("t/1/log/000001");
  }

  @Test
  void aLogWriterKeepsItsBytesWhileTheStoreFailsAndWritesThemOnceItWorksAgain() throws IOException {
    Files.createDirectories(root.resolve("t/9"));
    Path blocker =
        Files.writeString(root.resolve("t/9/log"), "a file where the log's folder must go");
    AttemptLogWriter log =
        AttemptLogWriter.open(
            store, "t/9/log", new AttemptLogPolicy(64, 1024, Duration.ofHours(1)));
    try {
      log.append("epoch 1\n");
      assertThatThrownBy(log::flush).isInstanceOf(ArtifactStoreException.class);
      assertThat(log.lastFailure())
          .hasValueSatisfying(e -> assertThat(e.getMessage()).contains("t/9/log/000001"));

      Files.delete(blocker);
      log.append("epoch 2\n");
      log.flush();
      assertThat(log.lastFailure()).isEmpty();
      assertThat(AttemptLogReader.read(store, "t/9/log").text()).isEqualTo("epoch 1\nepoch 2\n");
    } finally {
      log.close();
    }
  }

  @Test
  void aReadOnlyDirectoryIsReportedAsAccessDenied() throws IOException {
    Path readOnly = Files.createDirectories(temp.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(
          Files.isWritable(readOnly),
          "this user (root) may write a directory without write permission");
      try (ArtifactStore readOnlyStore =
          ArtifactStores.open(readOnly.toUri(), S3Settings.DEFAULT)) {
        assertThatThrownBy(readOnlyStore::check)
            .isInstanceOfSatisfying(
                ArtifactStoreException.class,
                e -> {
                  assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                  assertThat(e.getMessage())
                      .contains(readOnlyStore.uri().toString())
                      .contains("permission denied");
                });
      }
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
