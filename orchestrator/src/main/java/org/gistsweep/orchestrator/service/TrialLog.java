package org.gistsweep.orchestrator.service;

import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Log lines about one study, trial and attempt with those as MDC entries, so {@code --log-format
 * json} writes them as fields; the human format shows the message alone. Only for lines that are
 * logged anyway (no cost on the event path).
 */
final class TrialLog {
  private TrialLog() {}

  static void log(
      Logger log,
      Level level,
      String study,
      int trial,
      int attempt,
      String format,
      Object... args) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    try (MDC.MDCCloseable s = MDC.putCloseable("study", study);
        MDC.MDCCloseable t = MDC.putCloseable("trial", Integer.toString(trial));
        MDC.MDCCloseable a = MDC.putCloseable("attempt", Integer.toString(attempt))) {
      log.atLevel(level).log(format, args);
    }
  }
}
