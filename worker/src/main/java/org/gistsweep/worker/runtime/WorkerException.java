package org.gistsweep.worker.runtime;

/** A worker could not talk to Kafka or start; the message says what and how to fix it. */
public final class WorkerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkerException(String message, Throwable cause) {
    super(message, cause);
  }
}
