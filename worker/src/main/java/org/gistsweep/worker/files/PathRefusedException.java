package org.gistsweep.worker.files;

/**
 * A trial's settings name a file or folder the worker will not open: outside its allowed roots
 * (symlinks resolved), not a regular file (a FIFO, a device, a socket, a folder), or not a plain
 * name. Thrown before anything is opened; retrying cannot help. The message names the setting, the
 * path as given and the allowed roots, never the contents of a file.
 */
public final class PathRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error type a failed trial reports. */
  public static final String ERROR_TYPE = "path_refused";

  public PathRefusedException(String message) {
    super(message);
  }
}
