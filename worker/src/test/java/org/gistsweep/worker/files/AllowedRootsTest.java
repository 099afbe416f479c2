package org.gistsweep.worker.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each path trick is refused from the file's attributes and real path, before anything opens it.
 */
class AllowedRootsTest {
  /** Far above the "within a second" the checks need: only a hang (an opened FIFO) exceeds it. */
  static final Duration HANG = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Path root;
  private Path outside;
  private AllowedRoots roots;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET");
    roots = AllowedRoots.of("data", "add one with --data-root DIR", List.of(root));
  }

  @Test
  void aRegularFileUnderTheRootResolvesToItsRealPath() throws IOException {
    Path file = Files.writeString(Files.createDirectories(root.resolve("t")).resolve("a.txt"), "x");
    assertThat(roots.regularFile(root.resolve("t/../t/a.txt"), "it")).contains(file.toRealPath());
    assertThat(roots.regularFile(root.resolve("t/missing.txt"), "it")).isEmpty();
  }

  @Test
  void traversalOutOfTheRootIsRefusedWhetherOrNotTheFileExists() {
    for (String trick :
        List.of("../outside/secret.txt", "../outside/missing.txt", "t/../../outside/secret.txt")) {
      assertThatThrownBy(
              () -> roots.regularFile(root.resolve(trick), "training.task '" + trick + "'"))
          .isInstanceOf(PathRefusedException.class)
          .hasMessageStartingWith("training.task '" + trick + "' is outside the allowed data roots")
          .hasMessageContaining(root.toString())
          .hasMessageContaining("--data-root")
          .hasMessageNotContaining("TOP-SECRET");
    }
  }

  @Test
  void aSymlinkInsideTheRootPointingOutIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("linkdir"), outside);
    assertThatThrownBy(() -> roots.regularFile(root.resolve("link.txt"), "x"))
        .isInstanceOf(PathRefusedException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> roots.directory(root.resolve("linkdir"), "x"))
        .isInstanceOf(PathRefusedException.class);
    assertThatThrownBy(() -> roots.regularFile(root.resolve("linkdir/missing"), "x"))
        .isInstanceOf(PathRefusedException.class);
  }

  @Test
  void aSymlinkedRootIsCanonicalisedOnceAndItsFilesAccepted() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("rootlink"), root);
    AllowedRoots viaLink = AllowedRoots.of("data", "add one with --data-root DIR", List.of(link));
    assertThat(viaLink.paths()).containsExactly(root.toRealPath());
    Path file = Files.writeString(root.resolve("a.txt"), "x");
    assertThat(viaLink.regularFile(link.resolve("a.txt"), "x")).contains(file.toRealPath());
  }

  @Test
  void aMissingRootStandsAtTheRealPathOfItsDeepestExistingFolder() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("rootlink"), root);
    AllowedRoots later =
        AllowedRoots.of(
            "weights", "add one with --weights-root DIR", List.of(link.resolve("not/yet")));
    assertThat(later.paths()).containsExactly(root.toRealPath().resolve("not/yet"));
    Files.createDirectories(root.resolve("not/yet"));
    Path file = Files.writeString(root.resolve("not/yet/w.safetensors"), "x");
    assertThat(later.regularFile(file, "x")).contains(file.toRealPath());
  }

  @Test
  void aFifoIsRefusedWithoutBeingOpened() throws Exception {
    Path fifo = SpecialFiles.fifo(root.resolve("pipe.safetensors"));
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> roots.regularFile(fifo, "training.backbone 'pipe'"))
                .isInstanceOf(PathRefusedException.class)
                .hasMessageStartingWith(
                    "training.backbone 'pipe' is a named pipe (FIFO), not a regular file"));
  }

  @Test
  void aDirectoryIsNotAFileAndAFileIsNotAFolder() throws IOException {
    Files.createDirectories(root.resolve("d.safetensors"));
    Files.writeString(root.resolve("f"), "x");
    assertThatThrownBy(() -> roots.regularFile(root.resolve("d.safetensors"), "x"))
        .isInstanceOf(PathRefusedException.class)
        .hasMessageContaining("is a directory, not a regular file");
    assertThatThrownBy(() -> roots.directory(root.resolve("f"), "x"))
        .isInstanceOf(PathRefusedException.class)
        .hasMessageContaining("is a regular file, not a directory");
  }

  @Test
  void aDeviceIsRefusedWithoutBeingOpened() {
    AllowedRoots dev =
        AllowedRoots.of("weights", "add one with --weights-root DIR", List.of(Path.of("/dev")));
    assertTimeoutPreemptively(
        HANG,
        () ->
            assertThatThrownBy(() -> dev.regularFile(Path.of("/dev/zero"), "x"))
                .isInstanceOf(PathRefusedException.class)
                .hasMessageContaining("is a device, not a regular file"));
    assertThatThrownBy(() -> roots.regularFile(Path.of("/dev/zero"), "x"))
        .hasMessageContaining("outside");
  }

  @Test
  void replacingWriteReplacesAFifoOrASymlinkInsteadOfOpeningOrFollowingIt() throws Exception {
    Path fifo = SpecialFiles.fifo(root.resolve("ckpt.safetensors"));
    Path link = Files.createSymbolicLink(root.resolve("ckpt.json"), outside.resolve("secret.txt"));
    assertTimeoutPreemptively(
        HANG,
        () -> {
          ReplacingWrite.write(fifo, out -> out.write(1));
          ReplacingWrite.write(link, out -> out.write(2));
        });
    assertThat(fifo).isRegularFile().hasBinaryContent(new byte[] {1});
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(outside.resolve("secret.txt")).hasContent("TOP-SECRET");
  }
}
