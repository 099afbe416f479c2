package org.gistsweep.cli.logging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * Logger levels from the same settings slf4j-simple reads: {@code simplelogger.properties} on the
 * class path, overridden by system properties; {@code org.slf4j.simpleLogger.log.<name>} applies to
 * a logger and every logger below it, {@code org.slf4j.simpleLogger.defaultLogLevel} to the rest.
 */
final class LogLevels {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String DEFAULT = "org.slf4j.simpleLogger.defaultLogLevel";

  private final Properties settings;

  private LogLevels(Properties settings) {
    this.settings = settings;
  }

  static LogLevels load() {
    Properties p = new Properties();
    try (InputStream in = LogLevels.class.getResourceAsStream("/simplelogger.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no file: the defaults below apply
    }
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k.toString().startsWith("org.slf4j.simpleLogger.")) {
                p.setProperty(k.toString(), v.toString());
              }
            });
    return new LogLevels(p);
  }

  /** The slf4j-simple setting {@code org.slf4j.simpleLogger.<key>}, or {@code fallback}. */
  String setting(String key, String fallback) {
    return settings.getProperty("org.slf4j.simpleLogger." + key, fallback);
  }

  /** The most specific setting for {@code logger}; {@code null} means off. */
  Level levelOf(String logger) {
    String name = logger;
    while (true) {
      String value = settings.getProperty(PREFIX + name);
      if (value != null) {
        return parse(value);
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        return parse(settings.getProperty(DEFAULT, "info"));
      }
      name = name.substring(0, dot);
    }
  }

  private static Level parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "warn" -> Level.WARN;
      case "error" -> Level.ERROR;
      case "off" -> null;
      default -> Level.INFO;
    };
  }
}
