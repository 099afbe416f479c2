package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes an attempt's log to a store as numbered chunk objects below one log key ({@code
 * .../log/000001}, {@code .../log/000002}, ...), so the lines up to a crash (even a SIGKILL) are in
 * the store: the open chunk is rewritten with its new bytes at least every {@link
 * AttemptLogPolicy#flushInterval()} and sealed once it holds {@link AttemptLogPolicy#chunkBytes()};
 * the oldest sealed chunks are deleted while the kept ones hold more than {@link
 * AttemptLogPolicy#keepBytes()}. With the default policy a log of ordinary lines takes about 17
 * objects (at most 33, as a chunk is cut after a line end in its second half) and one PUT a second
 * while lines come. The same code serves every back end; {@link AttemptLogReader} reads it.
 *
 * <p>{@link #append} only copies into memory (never waits on the store), so a logger may call it on
 * any thread; one daemon thread does the writing. When the store fails the bytes stay buffered (up
 * to {@code keepBytes}, the oldest dropped first) and the next flush tries again; {@link
 * #lastFailure()} tells. {@link #close()} writes what is left and reports a failure of that last
 * write.
 */
public final class AttemptLogWriter implements AutoCloseable {
  private final ArtifactStore store;
  private final String log;
  private final AttemptLogPolicy policy;
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final Object ioLock = new Object();

  // guarded by this
  private final byte[] open;
  private int fill;
  private long openNumber;
  private long version;
  private long writtenOpenVersion = -1;
  private final Deque<Chunk> sealedUnwritten = new ArrayDeque<>();
  private long unwrittenBytes;
  private final TreeMap<Long, Integer> inStore =
      new TreeMap<>(); // chunk number -> size of the version stored
  private long storedBytes;
  private long droppedBytes;
  private boolean closed;
  private ArtifactStoreException lastFailure;

  private record Chunk(long number, byte[] bytes) {}

  private AttemptLogWriter(
      ArtifactStore store, String log, AttemptLogPolicy policy, List<ArtifactInfo> existing) {
    this.store = store;
    this.log = log;
    this.policy = policy;
    this.open = new byte[policy.chunkBytes()];
    for (ArtifactInfo chunk : existing) {
      stored(LogChunks.number(log, chunk.key()).getAsLong(), (int) chunk.size());
    }
    this.openNumber = inStore.isEmpty() ? 1 : inStore.lastKey() + 1;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "attempt-log " + log);
              thread.setDaemon(true);
              return thread;
            });
    long interval = policy.flushInterval().toNanos();
    flusher.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts a log below {@code log} (a key, e.g. {@code studies/s/trials/3/attempts/1/log}) with the
   * default policy; chunks already there (a writer reopened for the same attempt) are kept and
   * continued.
   */
  public static AttemptLogWriter open(ArtifactStore store, String log) {
    return open(store, log, AttemptLogPolicy.DEFAULT);
  }

  /** {@link #open(ArtifactStore, String)} with another policy. */
  public static AttemptLogWriter open(ArtifactStore store, String log, AttemptLogPolicy policy) {
    String checked = ArtifactKeys.check(log);
    return new AttemptLogWriter(store, checked, policy, LogChunks.list(store, checked));
  }

  /** Appends text as UTF-8. */
  public void append(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    append(bytes, 0, bytes.length);
  }

  /** Appends bytes; returns at once. */
  public void append(byte[] bytes, int offset, int length) {
    boolean sealed = false;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("attempt log " + log + " is closed");
      }
      while (length > 0) {
        int n = Math.min(length, open.length - fill);
        System.arraycopy(bytes, offset, open, fill, n);
        fill += n;
        offset += n;
        length -= n;
        version++;
        if (fill == open.length) {
          seal();
          sealed = true;
        }
      }
    }
    if (sealed) {
      requestFlush();
    }
  }

  /**
   * This log as an {@link OutputStream} (for a PrintStream or a logging appender); close() closes
   * the log.
   */
  public OutputStream asOutputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        append(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        append(b, off, len);
      }

      @Override
      public void close() {
        AttemptLogWriter.this.close();
      }
    };
  }

  /** The last failure of a write to the store, if the latest write failed. */
  public synchronized Optional<ArtifactStoreException> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Bytes dropped because the store failed for longer than {@code keepBytes} of log. */
  public synchronized long droppedBytes() {
    return droppedBytes;
  }

  /**
   * Writes everything appended so far to the store now, on the calling thread.
   *
   * @throws ArtifactStoreException when the store fails (the bytes stay buffered for the next
   *     flush)
   */
  public void flush() {
    synchronized (ioLock) {
      try {
        writeSealed();
        writeOpen();
        trim();
        synchronized (this) {
          lastFailure = null;
        }
      } catch (RuntimeException e) {
        ArtifactStoreException failure =
            e instanceof ArtifactStoreException a
                ? a
                : new ArtifactStoreException(
                    ArtifactStoreException.Reason.IO,
                    store.uri() + ": attempt log '" + log + "': writing failed: " + e,
                    e);
        synchronized (this) {
          lastFailure = failure;
        }
        throw failure;
      }
    }
  }

  /**
   * Stops the timer and writes what is left.
   *
   * @throws ArtifactStoreException when that last write fails
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    flusher.shutdown(); // a flush under way finishes; flush() below waits for it
    flush();
  }

  /** Seals the full open chunk, after its last line end in the second half when there is one. */
  private void seal() {
    int cut = fill;
    for (int i = fill - 1; i >= fill / 2; i--) {
      if (open[i] == '\n') {
        cut = i + 1;
        break;
      }
    }
    sealedUnwritten.add(new Chunk(openNumber, Arrays.copyOf(open, cut)));
    unwrittenBytes += cut;
    System.arraycopy(open, cut, open, 0, fill - cut);
    fill -= cut;
    openNumber++;
    while (unwrittenBytes
        > policy.keepBytes()) { // written now they would be trimmed at once: keep the newest
      Chunk dropped = sealedUnwritten.removeFirst();
      unwrittenBytes -= dropped.bytes().length;
      droppedBytes += dropped.bytes().length;
    }
  }

  private void writeSealed() {
    while (true) {
      Chunk chunk;
      synchronized (this) {
        chunk = sealedUnwritten.peekFirst();
      }
      if (chunk == null) {
        return;
      }
      store.put(LogChunks.key(log, chunk.number()), chunk.bytes());
      synchronized (this) {
        if (sealedUnwritten.peekFirst() == chunk) {
          sealedUnwritten.removeFirst();
          unwrittenBytes -= chunk.bytes().length;
        } // else seal() dropped it meanwhile; it is in the store all the same, and trim() counts it
        stored(chunk.number(), chunk.bytes().length);
      }
    }
  }

  private void writeOpen() {
    long number;
    long snapshotVersion;
    byte[] bytes;
    synchronized (this) {
      if (fill == 0 || version == writtenOpenVersion) {
        return;
      }
      number = openNumber;
      snapshotVersion = version;
      bytes = Arrays.copyOf(open, fill);
    }
    store.put(LogChunks.key(log, number), bytes);
    synchronized (this) {
      writtenOpenVersion = snapshotVersion;
      stored(number, bytes.length);
    }
  }

  /**
   * Deletes the oldest chunks in the store (never the open one) while they hold more than
   * keepBytes.
   */
  private void trim() {
    while (true) {
      long oldest;
      synchronized (this) {
        if (storedBytes <= policy.keepBytes() || inStore.firstKey() >= openNumber) {
          return;
        }
        oldest = inStore.firstKey();
      }
      store.delete(LogChunks.key(log, oldest));
      synchronized (this) {
        storedBytes -= inStore.remove(oldest);
      }
    }
  }

  /**
   * Records that the store holds chunk {@code number} with {@code size} bytes (guarded by this).
   */
  private void stored(long number, int size) {
    Integer before = inStore.put(number, size);
    storedBytes += size - (before == null ? 0 : before);
  }

  private void requestFlush() {
    if (flushQueued.compareAndSet(false, true)) {
      try {
        flusher.execute(
            () -> {
              flushQueued.set(false);
              flushQuietly();
            });
      } catch (RejectedExecutionException e) {
        flushQueued.set(false); // closing: close() writes what is left
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (ArtifactStoreException e) {
      // kept in lastFailure; the bytes stay buffered and the next flush tries again
    }
  }
}
