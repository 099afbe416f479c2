package org.gistsweep.artifacts;

/**
 * An artifact store operation failed. The message names the store's URI, the key and the cause, and
 * says how to fix it where that is known; it never quotes file contents or secrets.
 */
public final class ArtifactStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed; {@link #retriable()} says whether trying again can help. */
  public enum Reason {
    /** The store URI is malformed or of an unsupported kind. */
    INVALID_URI(false),
    /** A key or prefix breaks the rules of {@link ArtifactKeys}. */
    INVALID_KEY(false),
    /** No object under the key. */
    NOT_FOUND(false),
    /** The range selects no byte of the object. */
    RANGE_NOT_SATISFIABLE(false),
    /**
     * The bytes read do not have the sha256 recorded with the object (or the file changed while
     * being stored).
     */
    INTEGRITY(false),
    /**
     * The service or the file system refused the operation (permissions, bad credentials, a
     * policy).
     */
    ACCESS_DENIED(false),
    /** The S3 bucket does not exist. */
    NO_SUCH_BUCKET(false),
    /** No AWS credentials were found by the default chain. */
    NO_CREDENTIALS(false),
    /** The endpoint could not be reached (refused, unknown host, timed out). */
    UNREACHABLE(true),
    /** The disk or the quota is full. */
    NO_SPACE(false),
    /** The directory is on a read-only file system. */
    READ_ONLY(false),
    /** The local file to store could not be read. */
    SOURCE(false),
    /** The service refused the request for another reason (a 4xx answer other than those above). */
    REJECTED(false),
    /** Any other I/O or service error (a reset connection, a 5xx answer, throttling). */
    IO(true);

    private final boolean retriable;

    Reason(boolean retriable) {
      this.retriable = retriable;
    }

    /** Whether the same operation may succeed if tried again later without any change. */
    public boolean retriable() {
      return retriable;
    }
  }

  private final Reason reason;

  /** Creates the exception; the message must name the store URI and key (see the class comment). */
  public ArtifactStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** Whether trying again later without any change may succeed. */
  public boolean retriable() {
    return reason.retriable();
  }
}
