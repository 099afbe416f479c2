package org.gistsweep.worker.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;
import org.gistsweep.worker.files.SpecialFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split file's lines and the files they list are data, not messages: every error names the split
 * file and line and what was expected, never the text; listed images outside the data roots and
 * special files are refused before they are opened.
 */
class SplitFilesQuoteNothingTest {
  private static final String SECRET = "TOP-SECRET-hunter2";

  @TempDir Path dir;
  private Path root;
  private Path task;
  private AllowedRoots roots;

  @BeforeEach
  void layout() throws IOException {
    DatasetCache.clear();
    root = Files.createDirectories(dir.resolve("data"));
    task = Files.createDirectories(root.resolve("mini"));
    roots = AllowedRoots.of("data", "add one with --data-root DIR", List.of(root));
  }

  private void split(String... lines) throws IOException {
    Files.write(task.resolve("test.txt"), List.of(lines));
  }

  private void assertReportsWithoutTheText(
      Class<? extends RuntimeException> type, String expected) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> VtabDataset.load(root, "mini", "test", 8, roots))
                .isInstanceOf(type)
                .hasMessageContaining(expected)
                .hasMessageNotContaining(SECRET)
                .hasMessageNotContaining("hunter2"));
  }

  @Test
  void aLineThatIsNotPathAndLabelIsNamedByNumber() throws IOException {
    split(SECRET);
    assertReportsWithoutTheText(DataException.class, "test.txt:1: expected '<image path> <label>'");
    split("", "x " + SECRET);
    assertReportsWithoutTheText(
        DataException.class, "test.txt:2: the label (after the last space) is not a whole number");
  }

  @Test
  void anImageThatIsNotAnImageIsNamedByItsLine() throws IOException {
    Files.createDirectories(task.resolve("images"));
    Files.writeString(task.resolve("images/a.png"), SECRET);
    split("images/a.png 0");
    assertReportsWithoutTheText(
        DataException.class, "the image listed at " + task.toRealPath().resolve("test.txt") + ":1");
  }

  @Test
  void anImageListedOutsideTheRootsIsRefused() throws IOException {
    Path outside = Files.writeString(dir.resolve("secret.png"), SECRET);
    split("../../" + outside.getFileName() + " 0");
    assertReportsWithoutTheText(
        PathRefusedException.class, "test.txt:1 is outside the allowed data roots");
    split(outside + " 0");
    assertReportsWithoutTheText(PathRefusedException.class, "outside");
  }

  @Test
  void aSplitFileThatIsAFifoOrNotUtf8IsNotQuoted() throws Exception {
    Files.write(
        task.resolve("test.txt"), new byte[] {'T', 'O', 'P', (byte) 0xFF, (byte) 0xFE, ' ', '1'});
    assertReportsWithoutTheText(DataException.class, "is not UTF-8 text");
    Files.delete(task.resolve("test.txt"));
    SpecialFiles.fifo(task.resolve("test.txt"));
    assertReportsWithoutTheText(
        PathRefusedException.class, "is a named pipe (FIFO), not a regular file");
  }

  @Test
  void aTaskOrSplitThatIsNotAPlainNameIsRefused() {
    assertThatThrownBy(() -> VtabDataset.load(root, "../mini", "test", 8, roots))
        .isInstanceOf(PathRefusedException.class)
        .hasMessageContaining("plain name");
    assertThatThrownBy(() -> VtabDataset.load(root, "mini", "../test", 8, roots))
        .isInstanceOf(PathRefusedException.class);
  }
}
