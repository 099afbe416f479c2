package org.gistsweep.worker.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where a logging backend hands the formatted log lines of an attempt, so that the worker can
 * stream them to the attempt's log in the artifact store while it runs.
 *
 * <p>The worker {@linkplain #open opens} a tap per attempt it runs; a logging backend (the command
 * line's SLF4J provider, {@code org.gistsweep.cli.logging}) calls {@link #offer} with every line it
 * formats, together with the event's MDC values under {@link #STUDY}, {@link #TRIAL} and {@link
 * #ATTEMPT}, which the worker sets on the training thread and around its own lines about an
 * attempt. A line whose MDC names an open tap goes to it; any other line is ignored. A backend that
 * never calls this class leaves attempt logs empty: the worker depends on no logging backend.
 *
 * <p>{@link #offer} never throws and never logs (a sink that fails drops the line), and a line
 * logged while a sink runs (a store client logging from inside the sink) is not fed back.
 */
public final class AttemptLogTap {
  /** The MDC key of the study id. */
  public static final String STUDY = "study";

  /** The MDC key of the trial number. */
  public static final String TRIAL = "trial";

  /** The MDC key of the attempt number. */
  public static final String ATTEMPT = "attempt";

  private static final Map<String, Consumer<String>> TAPS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Boolean> FEEDING = ThreadLocal.withInitial(() -> false);

  private AttemptLogTap() {}

  /** An open tap; {@link #close()} stops it (idempotent). */
  public interface Tap extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Sends the lines of attempt {@code attempt} of trial {@code trial} of {@code study} to {@code
   * sink}, one call per line (without its line end; a multi-line event such as a stack trace is one
   * call), until the returned tap is closed. When a tap for that attempt is open already (the same
   * attempt running twice in this JVM), the lines keep going to the first and the returned tap does
   * nothing.
   */
  public static Tap open(String study, int trial, int attempt, Consumer<String> sink) {
    String key = key(study, Integer.toString(trial), Integer.toString(attempt));
    if (TAPS.putIfAbsent(key, sink) != null) {
      return () -> {};
    }
    return () -> TAPS.remove(key, sink);
  }

  /**
   * Whether a line with these MDC values would be kept: lets a backend skip formatting a line that
   * nobody else wants. Any argument may be null (no such MDC entry).
   */
  public static boolean listening(String study, String trial, String attempt) {
    return !TAPS.isEmpty()
        && study != null
        && trial != null
        && attempt != null
        && TAPS.containsKey(key(study, trial, attempt));
  }

  /** Hands {@code line} to the tap its MDC values name, if one is open; never throws. */
  public static void offer(String study, String trial, String attempt, String line) {
    if (!listening(study, trial, attempt) || FEEDING.get()) {
      return;
    }
    Consumer<String> sink = TAPS.get(key(study, trial, attempt));
    if (sink == null) {
      return;
    }
    FEEDING.set(true);
    try {
      sink.accept(line);
    } catch (RuntimeException e) {
      // a closed or failing log drops the line; logging it here would come straight back
    } finally {
      FEEDING.set(false);
    }
  }

  private static String key(String study, String trial, String attempt) {
    return study + '\u0000' + trial + '\u0000' + attempt;
  }
}
