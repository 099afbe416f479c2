package org.gistsweep.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker starting on a cache deletes the scratch folders whose lock nobody holds (a killed
 * worker's), never one in use; closing a folder deletes it. (A lock held by another live process is
 * seen in AttemptLogKillIT, where a restarted worker clears what its killed predecessor left.)
 */
class ScratchFolderTest {
  @TempDir Path root;

  @Test
  void onlyFoldersWhoseLockNobodyHoldsAreDeleted() throws IOException {
    ScratchFolder inUse = ScratchFolder.create(root, "s-1-1-");
    Files.writeString(inUse.dir().resolve("best.safetensors"), "weights");
    Path left = Files.createDirectories(root.resolve("s-1-2-killed"));
    Files.writeString(left.resolve(ScratchFolder.LOCK), "");
    Files.writeString(left.resolve("best.safetensors"), "weights");
    Path justMade = Files.createDirectories(root.resolve("s-1-3-new"));
    FileTime old = FileTime.from(Instant.now().minusSeconds(60));
    Files.setLastModifiedTime(left.resolve(ScratchFolder.LOCK), old);

    assertThat(ScratchFolder.deleteAbandoned(root)).isEqualTo(1);
    assertThat(left).doesNotExist();
    assertThat(inUse.dir().resolve("best.safetensors")).exists();
    assertThat(justMade).as("no lock yet, made just now: perhaps being made").exists();

    inUse.close();
    assertThat(inUse.dir()).doesNotExist();
    Files.setLastModifiedTime(justMade, old);
    assertThat(ScratchFolder.deleteAbandoned(root)).isEqualTo(1);
    assertThat(root).isEmptyDirectory();
  }
}
