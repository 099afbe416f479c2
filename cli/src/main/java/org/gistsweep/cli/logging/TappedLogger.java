package org.gistsweep.cli.logging;

import java.io.PrintStream;
import java.util.List;
import org.gistsweep.worker.runtime.AttemptLogTap;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/**
 * A logger of this project's SLF4J providers: formats each event as one line (a subclass says how),
 * prints it when the console's level lets it through, and hands it to the worker's {@link
 * AttemptLogTap} when the event's MDC names an attempt whose log is open, at the tap's level (INFO
 * for this project's loggers even where the console shows only warnings, as {@code quickstart}
 * does), so an attempt's log in the artifact store holds the attempt's lines.
 */
abstract class TappedLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private final transient Level console;
  private final transient Level tap;
  private final transient PrintStream out;
  private final transient MDCAdapter mdc;

  /**
   * @param console the console's threshold ({@code null}: off)
   * @param tap the attempt log's threshold ({@code null}: off)
   */
  TappedLogger(String name, Level console, Level tap, PrintStream out, MDCAdapter mdc) {
    this.name = name;
    this.console = console;
    this.tap = tap;
    this.out = out;
    this.mdc = mdc;
  }

  /**
   * The attempt-log threshold of {@code logger} given its console threshold: at most INFO for this
   * project's loggers.
   */
  static Level tapLevel(String logger, Level console) {
    boolean ours = logger.startsWith("org.gistsweep.");
    if (!ours) {
      return console;
    }
    return console == null || console.toInt() > Level.INFO.toInt() ? Level.INFO : console;
  }

  /**
   * The line for this event: a message already formatted, the error (or null) and key-value pairs.
   */
  abstract String format(
      Level level, String message, Throwable error, List<KeyValuePair> pairs, MDCAdapter mdc);

  private static boolean passes(Level threshold, Level level) {
    return threshold != null && level.toInt() >= threshold.toInt();
  }

  private boolean tapped(Level level) {
    return passes(tap, level)
        && AttemptLogTap.listening(
            mdc.get(AttemptLogTap.STUDY),
            mdc.get(AttemptLogTap.TRIAL),
            mdc.get(AttemptLogTap.ATTEMPT));
  }

  private boolean enabled(Level level) {
    return passes(console, level) || tapped(level);
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
    emit(level, MessageFormatter.basicArrayFormat(pattern, arguments), error, List.of());
  }

  @Override
  public void log(LoggingEvent event) {
    if (!enabled(event.getLevel())) {
      return;
    }
    Object[] args = event.getArgumentArray();
    Throwable error = event.getThrowable();
    if (error == null
        && args != null
        && args.length > 0
        && args[args.length - 1] instanceof Throwable t) {
      error = t;
    }
    String message = MessageFormatter.arrayFormat(event.getMessage(), args, null).getMessage();
    emit(
        event.getLevel(),
        message,
        error,
        event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs());
  }

  private void emit(Level level, String message, Throwable error, List<KeyValuePair> pairs) {
    boolean toConsole = passes(console, level);
    boolean toTap = tapped(level);
    if (!toConsole && !toTap) {
      return;
    }
    String line = format(level, message, error, pairs, mdc);
    if (toConsole) {
      out.println(line);
    }
    if (toTap) {
      AttemptLogTap.offer(
          mdc.get(AttemptLogTap.STUDY),
          mdc.get(AttemptLogTap.TRIAL),
          mdc.get(AttemptLogTap.ATTEMPT),
          line);
    }
  }
}
