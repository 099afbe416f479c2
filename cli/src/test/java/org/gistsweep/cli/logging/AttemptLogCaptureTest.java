package org.gistsweep.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.AttemptLogReader;
import org.gistsweep.artifacts.AttemptLogWriter;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.worker.runtime.AttemptLogTap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The command line's SLF4J providers (human and json) feed each line whose MDC names an attempt
 * with an open tap into that attempt's log in a real store: the attempt's lines at INFO even where
 * the console shows only warnings (quickstart), none of another attempt's, none after the tap
 * closed.
 */
class AttemptLogCaptureTest {
  private static final String QUIET = "org.slf4j.simpleLogger.log.org.gistsweep";

  @TempDir Path dir;

  @AfterEach
  void loud() {
    System.clearProperty(QUIET);
  }

  private static SLF4JServiceProvider provider(String format) {
    SLF4JServiceProvider p = format.equals("json") ? new JsonLogProvider() : new HumanLogProvider();
    p.initialize();
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"human", "json"})
  void theAttemptsLinesGoToItsLogInTheStore(String format) {
    System.setProperty(QUIET, "warn"); // as quickstart and run set it for the console
    SLF4JServiceProvider provider = provider(format);
    Logger log = provider.getLoggerFactory().getLogger("org.gistsweep.worker.runtime.TrialRun");
    Logger kafka = provider.getLoggerFactory().getLogger("org.apache.kafka.clients.NetworkClient");
    MDCAdapter mdc = provider.getMDCAdapter();
    try (ArtifactStore store = ArtifactStores.open(dir.toUri(), S3Settings.DEFAULT)) {
      AttemptLogWriter writer = AttemptLogWriter.open(store, "s-1/3/2/log");
      AttemptLogTap.Tap tap = AttemptLogTap.open("s-1", 3, 2, line -> writer.append(line + "\n"));
      inAttempt(
          mdc,
          "s-1",
          "3",
          "2",
          () -> {
            log.info("trial {}/{} attempt {} epoch {}/5: val_top1 0.5", "s-1", 3, 2, 1);
            log.debug("not at debug");
            kafka.info("a library's info line is not the attempt's business");
            log.warn("diverging", new IllegalStateException("boom"));
            return null;
          });
      inAttempt(
          mdc,
          "s-1",
          "3",
          "1",
          () -> {
            log.info("another attempt's line");
            return null;
          });
      log.info("a line without an attempt");
      tap.close();
      inAttempt(
          mdc,
          "s-1",
          "3",
          "2",
          () -> {
            log.info("after the tap closed");
            return null;
          });
      writer.close();
      String text = AttemptLogReader.read(store, "s-1/3/2/log").text();
      assertThat(text)
          .contains("epoch 1/5: val_top1 0.5", "diverging", "java.lang.IllegalStateException: boom")
          .doesNotContain(
              "not at debug",
              "library's info",
              "another attempt",
              "without an attempt",
              "after the tap closed");
      assertThat(text.lines().filter(l -> l.contains("epoch 1/5")).findFirst().orElseThrow())
          .contains(
              format.equals("json")
                  ? "\"study\":\"s-1\""
                  : "INFO TrialRun - trial s-1/3 attempt 2");
      assertThat(text).endsWith("\n");
    }
  }

  private static <T> T inAttempt(
      MDCAdapter mdc, String study, String trial, String attempt, Supplier<T> body) {
    Map<String, String> before = mdc.getCopyOfContextMap();
    mdc.put(AttemptLogTap.STUDY, study);
    mdc.put(AttemptLogTap.TRIAL, trial);
    mdc.put(AttemptLogTap.ATTEMPT, attempt);
    try {
      return body.get();
    } finally {
      mdc.setContextMap(before == null ? Map.of() : before);
    }
  }
}
