package org.gistsweep.cli.logging;

import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/**
 * The SLF4J provider behind {@code --log-format json}: one JSON object per line on stderr (see
 * {@link JsonLogger}), levels as {@code simplelogger.properties} and {@code
 * -Dorg.slf4j.simpleLogger.log.<logger>=<level>} set them for the human format, plus each attempt's
 * lines to its log in the artifact store ({@link TappedLogger}). Not registered as a service:
 * {@link LogFormat#configure} names it in {@code slf4j.provider} before the first logger exists.
 */
public final class JsonLogProvider extends LineLogProvider {
  @Override
  Logger newLogger(String name, LogLevels levels, MDCAdapter mdc) {
    return new JsonLogger(name, levels.levelOf(name), System.err, mdc);
  }
}
