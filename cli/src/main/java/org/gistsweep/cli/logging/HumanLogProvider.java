package org.gistsweep.cli.logging;

import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/**
 * The SLF4J provider behind {@code --log-format human} (the default) of the command line: the lines
 * slf4j-simple would print on stderr ({@link HumanLogger}), with the same level settings, plus each
 * attempt's lines to its log in the artifact store. Like {@link JsonLogProvider} it is not
 * registered as a service: {@link LogFormat#configure} names it in {@code slf4j.provider};
 * elsewhere (tests, libraries) slf4j-simple stays the binding.
 */
public final class HumanLogProvider extends LineLogProvider {
  private HumanLogger.Layout layout;

  @Override
  Logger newLogger(String name, LogLevels levels, MDCAdapter mdc) {
    synchronized (this) {
      if (layout == null) {
        layout = HumanLogger.Layout.of(levels);
      }
    }
    return new HumanLogger(name, levels.levelOf(name), layout, System.err, mdc);
  }
}
