package org.gistsweep.cli.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What this project's SLF4J providers share: one line per event on stderr, levels from the
 * slf4j-simple settings ({@link LogLevels}), one logger per name, a basic MDC (which {@link
 * TappedLogger} reads to route an attempt's lines to its log). A subclass makes the loggers.
 */
abstract class LineLogProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggers;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** The logger called {@code name}, at its level in {@code levels}, reading {@code mdc}. */
  abstract Logger newLogger(String name, LogLevels levels, MDCAdapter mdc);

  @Override
  public final ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public final IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public final MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public final String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public final void initialize() {
    LogLevels levels = LogLevels.load();
    ConcurrentMap<String, Logger> cache = new ConcurrentHashMap<>();
    loggers = name -> cache.computeIfAbsent(name, n -> newLogger(n, levels, mdc));
  }
}
