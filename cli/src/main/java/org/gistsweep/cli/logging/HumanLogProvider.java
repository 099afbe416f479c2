package org.gistsweep.cli.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider behind {@code --log-format human} (the default) of the command line: the lines
 * slf4j-simple would print on stderr ({@link HumanLogger}), with the same level settings, plus each
 * attempt's lines to its log in the artifact store. Like {@link JsonLogProvider} it is not
 * registered as a service: {@link LogFormat#configure} names it in {@code slf4j.provider}; elsewhere
 * (tests, libraries) slf4j-simple stays the binding.
 */
public final class HumanLogProvider implements SLF4JServiceProvider {
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
    HumanLogger.Layout layout = HumanLogger.Layout.of(levels);
    ConcurrentMap<String, HumanLogger> cache = new ConcurrentHashMap<>();
    loggers = name -> cache.computeIfAbsent(name, n -> new HumanLogger(n, levels.levelOf(n), layout, System.err, mdc));
  }
}
