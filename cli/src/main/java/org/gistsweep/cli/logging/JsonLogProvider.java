package org.gistsweep.cli.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider behind {@code --log-format json}: one JSON object per line on stderr (see
 * {@link JsonLogger}), levels as {@code simplelogger.properties} and {@code
 * -Dorg.slf4j.simpleLogger.log.<logger>=<level>} set them for the human format, plus each attempt's
 * lines to its log in the artifact store ({@link TappedLogger}). Not registered as a service: {@link
 * LogFormat#configure} names it in {@code slf4j.provider} before the first logger exists.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggers;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    LogLevels levels = LogLevels.load();
    java.util.concurrent.ConcurrentMap<String, JsonLogger> cache = new java.util.concurrent.ConcurrentHashMap<>();
    loggers = name -> cache.computeIfAbsent(name, n -> new JsonLogger(n, levels.levelOf(n), System.err, mdc));
  }
}
