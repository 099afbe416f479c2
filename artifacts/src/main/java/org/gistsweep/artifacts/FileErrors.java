package org.gistsweep.artifacts;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns a file system error into an {@link ArtifactStoreException} that names the cause and the
 * fix.
 */
final class FileErrors {
  private FileErrors() {}

  /**
   * @param where the store (and key) the operation was on
   * @param action what was done, e.g. "put" or "opening the store"
   */
  static ArtifactStoreException map(IOException e, String where, String action) {
    String reason =
        e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "";
    String lower = (reason + " " + e.getMessage()).toLowerCase(Locale.ROOT);
    ArtifactStoreException.Reason kind;
    String fix;
    if (lower.contains("read-only file system")) {
      kind = ArtifactStoreException.Reason.READ_ONLY;
      fix =
          "the directory is on a read-only file system: mount it read-write or choose another"
              + " --artifacts directory";
    } else if (lower.contains("no space left") || lower.contains("quota exceeded")) {
      kind = ArtifactStoreException.Reason.NO_SPACE;
      fix =
          "the disk (or the quota) is full: free space, lower the retention, or choose another"
              + " --artifacts directory";
    } else if (e instanceof AccessDeniedException
        || lower.contains("permission denied")
        || lower.contains("operation not permitted")) {
      kind = ArtifactStoreException.Reason.ACCESS_DENIED;
      fix =
          "permission denied: make the directory writable by the user running gist-sweep, or choose"
              + " another --artifacts directory";
    } else if (e instanceof NotDirectoryException
        || e instanceof FileAlreadyExistsException
        || lower.contains("not a directory")) {
      kind = ArtifactStoreException.Reason.INVALID_URI;
      fix =
          "a part of the path is a file, not a directory (in a directory store a key cannot also be"
              + " a folder of other keys)";
    } else if (e instanceof NoSuchFileException) {
      kind = ArtifactStoreException.Reason.NOT_FOUND;
      fix = "no such file";
    } else {
      kind = ArtifactStoreException.Reason.IO;
      fix = "an I/O error";
    }
    return new ArtifactStoreException(
        kind, where + ": " + action + " failed: " + fix + " (" + describe(e) + ")", e);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
