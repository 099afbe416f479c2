package org.gistsweep.cli.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

/**
 * Writes each event as slf4j-simple does with this project's {@code simplelogger.properties}
 * ({@code 12:00:00.123 [thread] INFO ShortName - message}, then the stack trace), so the human
 * format looks as before; the same line goes to an open attempt log ({@link TappedLogger}).
 */
final class HumanLogger extends TappedLogger {
  private static final long serialVersionUID = 1L;

  /** How lines look: slf4j-simple's settings. */
  record Layout(
      boolean showDateTime,
      DateTimeFormatter time,
      boolean showThreadName,
      boolean showShortLogName,
      boolean showLogName,
      boolean levelInBrackets) {
    static Layout of(LogLevels settings) {
      DateTimeFormatter time;
      try {
        time = DateTimeFormatter.ofPattern(settings.setting("dateTimeFormat", "HH:mm:ss.SSS"));
      } catch (IllegalArgumentException e) {
        time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
      }
      return new Layout(
          flag(settings, "showDateTime", false),
          time,
          flag(settings, "showThreadName", true),
          flag(settings, "showShortLogName", false),
          flag(settings, "showLogName", true),
          flag(settings, "levelInBrackets", false));
    }

    private static boolean flag(LogLevels settings, String key, boolean fallback) {
      return Boolean.parseBoolean(settings.setting(key, Boolean.toString(fallback)));
    }
  }

  private final transient Layout layout;

  HumanLogger(String name, Level threshold, Layout layout, PrintStream out, MDCAdapter mdc) {
    super(name, threshold, tapLevel(name, threshold), out, mdc);
    this.layout = layout;
  }

  @Override
  String format(
      Level level, String message, Throwable error, List<KeyValuePair> pairs, MDCAdapter mdc) {
    StringBuilder b = new StringBuilder(96);
    if (layout.showDateTime()) {
      b.append(layout.time().format(LocalTime.now())).append(' ');
    }
    if (layout.showThreadName()) {
      b.append('[').append(Thread.currentThread().getName()).append("] ");
    }
    b.append(layout.levelInBrackets() ? "[" + level + "]" : level.toString()).append(' ');
    if (layout.showShortLogName()) {
      b.append(name.substring(name.lastIndexOf('.') + 1)).append(" - ");
    } else if (layout.showLogName()) {
      b.append(name).append(" - ");
    }
    b.append(message);
    for (KeyValuePair p : pairs) {
      b.append(' ').append(p.key).append('=').append(p.value);
    }
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      String text = trace.toString();
      b.append(System.lineSeparator())
          .append(
              text.endsWith(System.lineSeparator())
                  ? text.substring(0, text.length() - System.lineSeparator().length())
                  : text);
    }
    return b.toString();
  }
}
