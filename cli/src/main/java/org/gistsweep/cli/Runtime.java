package org.gistsweep.cli;

/** Process-wide defaults that must be set before DJL or Kafka load. */
final class Runtime {
  private Runtime() {}

  /** Offline DJL (no telemetry, no downloads) and one intra-op thread unless the user chose. */
  static void configureDefaults() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", "1");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
    // Smile logs every tree of each importance forest (the console asks for importance as trials
    // finish)
    setIfAbsent("org.slf4j.simpleLogger.log.smile", "warn");
  }

  /**
   * For the all-in-one commands, which print their own progress lines: our components log only
   * warnings, so the console shows progress, not the same facts twice.
   */
  static void quietForConsole() {
    setIfAbsent("org.slf4j.simpleLogger.log.org.gistsweep", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
