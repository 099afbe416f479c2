package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.gistsweep.artifacts.ArtifactStoreException.Reason;
import org.junit.jupiter.api.Test;

/**
 * The reasons the JDK gives for ENOSPC, EROFS and EACCES (a full or read-only disk cannot be made
 * here).
 */
class FileErrorsTest {
  @Test
  void fullReadOnlyAndForbiddenDisksAreToldApart() {
    assertThat(
            map(
                new FileSystemException(
                    "/srv/a/.partial/put-1.tmp", null, "No space left on device")))
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NO_SPACE);
              assertThat(e.retriable()).isFalse();
              assertThat(e.getMessage())
                  .startsWith(
                      "file:///srv/a: artifact 'k': put failed: the disk (or the quota) is full")
                  .contains("/srv/a/.partial/put-1.tmp");
            });
    assertThat(map(new FileSystemException("/srv/a/k", null, "Disk quota exceeded")).reason())
        .isEqualTo(Reason.NO_SPACE);
    assertThat(map(new FileSystemException("/srv/a/k", null, "Read-only file system")).reason())
        .isEqualTo(Reason.READ_ONLY);
    assertThat(map(new AccessDeniedException("/srv/a/k")).reason()).isEqualTo(Reason.ACCESS_DENIED);
    assertThat(map(new IOException("Input/output error")).reason()).isEqualTo(Reason.IO);
    assertThat(map(new IOException("Input/output error")).retriable()).isTrue();
  }

  private static ArtifactStoreException map(IOException e) {
    return FileErrors.map(e, "file:///srv/a: artifact 'k'", "put");
  }
}
