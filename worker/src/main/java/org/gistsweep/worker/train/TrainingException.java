package org.gistsweep.worker.train;

import org.gistsweep.worker.files.PathRefusedException;

/**
 * A trial failed. Carries whether retrying the same trial can help and a short error type: {@code
 * diverged}, {@code invalid_config}, {@code data}, {@code checkpoint}, {@code path_refused} or
 * {@code internal}.
 */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Loss became NaN or infinite; retrying the same configuration gives the same result. */
  public static final String DIVERGED = "diverged";

  /** The settings cannot be trained (unknown arch, bad class count, ...). */
  public static final String INVALID_CONFIG = "invalid_config";

  /** The data set is missing or unreadable. */
  public static final String DATA = "data";

  /** The backbone checkpoint is missing, unreadable or does not fit the model. */
  public static final String CHECKPOINT = "checkpoint";

  /**
   * A setting names a file or folder outside the worker's roots, or one that is not a regular file
   * ({@link org.gistsweep.worker.files.PathRefusedException}); nothing was opened.
   */
  public static final String PATH_REFUSED = PathRefusedException.ERROR_TYPE;

  /** Anything else (engine failure, out of memory...). */
  public static final String INTERNAL = "internal";

  private final boolean retriable;
  private final String errorType;

  /** An {@link #INTERNAL} failure. */
  public TrainingException(String message, boolean retriable, Throwable cause) {
    this(INTERNAL, message, retriable, cause);
  }

  /** A failure of the given type. */
  public TrainingException(String errorType, String message, boolean retriable, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
    this.retriable = retriable;
  }

  /** Whether running the same trial again may succeed. */
  public boolean retriable() {
    return retriable;
  }

  /** The short error type, e.g. {@code diverged}. */
  public String errorType() {
    return errorType;
  }
}
