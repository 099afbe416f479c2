package org.gistsweep.orchestrator.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.orchestrator.testing.Events;

/**
 * The studies the browser tests look at, made the way users make them: ask/tell over HTTP with
 * values the test chooses, and a worker sweep whose worker messages the test applies. The hostile
 * ones put markup, a closing script tag and quotes into every user field the server accepts (study
 * names are restricted to safe characters by the API, so they cannot carry any).
 */
final class ConsoleStudies {
  static final String IMG = "<img src=x onerror=window.__xss=1>";
  static final String SCRIPT = "</script><script>window.__xss=2</script>";
  static final String QUOTES = "it's \"quoted\"";
  static final String WORKER = "w<img src=x onerror=window.__xss=3>";
  static final String WORKER_QUOTED = "gpu-\"7'";
  static final String ERROR = "diverged: <img src=x onerror=window.__xss=4> </script> \"'";

  private ConsoleStudies() {}

  /** The objective the tests tell for a trial of the known study. */
  static double known(JsonNode params) {
    double x = params.get("x").asDouble();
    return 1 - (x - 1) * (x - 1) / 30 + (params.get("gist").asBoolean() ? 0.05 : 0);
  }

  /**
   * 14 trials: COMPLETE ones with {@link #known} values, every 5th from the 4th PRUNED after two
   * reports, one FAILED.
   */
  static String knownStudy(ConsoleServer s) throws Exception {
    String id =
        s.post(
                "/api/studies",
                """
                {"name": "known", "directions": ["maximize"], "sampler": {"type": "random", "seed": 7}, "pruner": {"type": "median"},
                 "space": {"x": {"type": "float", "low": -5, "high": 5}, "gist": {"type": "categorical", "choices": [true, false]},
                           "lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}, "seed": {"type": "int", "low": 1, "high": 3}}}
                """)
            .get("id")
            .asText();
    for (int i = 0; i < 14; i++) {
      addKnownTrial(s, id, i % 5 == 3 ? "pruned" : i == 6 ? "failed" : "complete");
    }
    return id;
  }

  /** Asks one trial of the known study, reports its steps and tells it; returns its number. */
  static int addKnownTrial(ConsoleServer s, String id, String outcome) throws Exception {
    JsonNode trial = s.post("/api/studies/" + id + "/ask", "");
    int n = trial.get("trial").asInt();
    double value = known(trial.get("params"));
    int steps = outcome.equals("pruned") ? 2 : 3;
    for (int step = 1; step <= steps; step++) {
      s.clock.advance(Duration.ofSeconds(7));
      s.post(
          "/api/studies/" + id + "/trials/" + n + "/report",
          "{\"step\": " + step + ", \"value\": " + value * step / 3 + "}");
    }
    s.clock.advance(Duration.ofSeconds(3));
    String tell =
        switch (outcome) {
          case "pruned" -> "{\"trial\": " + n + ", \"state\": \"pruned\"}";
          case "failed" -> "{\"trial\": " + n + ", \"state\": \"failed\"}";
          default -> "{\"trial\": " + n + ", \"values\": [" + value + "]}";
        };
    s.post("/api/studies/" + id + "/tell", tell);
    return n;
  }

  /** The known study's space with no trial yet: a view opened on it grows from nothing. */
  static String emptyStudy(ConsoleServer s) throws Exception {
    return s.post(
            "/api/studies",
            """
            {"name": "growing", "directions": ["maximize"], "sampler": {"type": "random", "seed": 2}, "pruner": {"type": "median"},
             "space": {"x": {"type": "float", "low": -5, "high": 5}, "gist": {"type": "categorical", "choices": [true, false]},
                       "lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}, "seed": {"type": "int", "low": 1, "high": 3}}}
            """)
        .get("id")
        .asText();
  }

  /** Two objectives (maximize x, minimize x squared plus a bump): a front of several trials. */
  static String paretoStudy(ConsoleServer s) throws Exception {
    String id =
        s.post(
                "/api/studies",
                """
                {"name": "pareto", "directions": ["maximize", "minimize"], "sampler": {"type": "random", "seed": 3},
                 "space": {"x": {"type": "float", "low": -2, "high": 2}}}
                """)
            .get("id")
            .asText();
    for (int i = 0; i < 10; i++) {
      JsonNode trial = s.post("/api/studies/" + id + "/ask", "");
      double x = trial.get("params").get("x").asDouble();
      s.clock.advance(Duration.ofSeconds(5));
      s.post(
          "/api/studies/" + id + "/tell",
          "{\"trial\": "
              + trial.get("trial").asInt()
              + ", \"values\": ["
              + x
              + ", "
              + (x * x + (i % 3) * 0.1)
              + "]}");
    }
    return id;
  }

  /** Markup, a closing script tag and quotes in parameter names and categorical values. */
  static String hostileAskTell(ConsoleServer s) throws Exception {
    String space =
        "{\""
            + esc(IMG)
            + "\": {\"type\": \"float\", \"low\": 0, \"high\": 1}, \""
            + esc(QUOTES)
            + "\": {\"type\": \"categorical\", \"choices\": [\""
            + esc(IMG)
            + "\", \""
            + esc(SCRIPT)
            + "\", \""
            + esc(QUOTES)
            + "\"]}}";
    String id =
        s.post(
                "/api/studies",
                "{\"name\": \"hostile\", \"directions\": [\"maximize\"], \"sampler\": {\"type\":"
                    + " \"random\", \"seed\": 1}, \"space\": "
                    + space
                    + "}")
            .get("id")
            .asText();
    for (int i = 0; i < 6; i++) {
      JsonNode trial = s.post("/api/studies/" + id + "/ask", "");
      int n = trial.get("trial").asInt();
      s.post(
          "/api/studies/" + id + "/trials/" + n + "/report",
          "{\"step\": 1, \"value\": " + i * 0.05 + "}");
      s.clock.advance(Duration.ofSeconds(4));
      s.post(
          "/api/studies/" + id + "/tell",
          i == 4
              ? "{\"trial\": " + n + ", \"state\": \"pruned\"}"
              : "{\"trial\": " + n + ", \"values\": [" + i * 0.1 + "]}");
    }
    return id;
  }

  /**
   * A worker sweep of 4 trials over 3 epochs: trial 0 completes on a hostile worker, 1 is pruned
   * after one epoch, 2 loses its worker (lease expired), is issued again and completes on another,
   * 3 fails with a hostile error message.
   */
  static String workerSweep(ConsoleServer s) throws Exception {
    CountDownLatch firstAttempts = new CountDownLatch(4);
    CountDownLatch retried = new CountDownLatch(5);
    s.publisher.onAssignment(
        a -> {
          firstAttempts.countDown();
          retried.countDown();
        });
    String id =
        s.post(
                "/api/studies",
                """
                {"name": "workers", "budget": {"trials": 4, "parallel": 4, "epochs": 3, "max_attempts": 3},
                 "sampler": {"type": "random", "seed": 5}, "training": {"peft": "adapter"}, "pruner": {"type": "asha", "min_resource": 1, "reduction_factor": 3},
                 "space": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}, "gist_init": {"type": "categorical", "choices": ["uniform", "zeros"]}}}
                """)
            .get("id")
            .asText();
    await(firstAttempts);
    s.apply(
        Events.started(id, 0, 1, WORKER),
        Events.started(id, 1, 1, WORKER_QUOTED),
        Events.started(id, 2, 1, "w2"),
        Events.started(id, 3, 1, WORKER_QUOTED));
    for (int epoch = 1; epoch <= 3; epoch++) {
      s.clock.advance(Duration.ofSeconds(20));
      s.apply(Events.epoch(id, 0, 1, epoch, 0.5 + epoch * 0.05));
      if (epoch == 1) {
        s.apply(
            Events.epoch(id, 1, 1, 1, 0.3),
            Events.pruned(id, 1, 1, 0.3, 1),
            Events.epoch(id, 2, 1, 1, 0.4),
            Events.failed(id, 2, 1, true));
      }
    }
    s.apply(Events.finished(id, 0, 1, 0.65, 3));
    await(retried);
    s.apply(Events.started(id, 2, 2, WORKER));
    for (int epoch = 1; epoch <= 3; epoch++) {
      s.clock.advance(Duration.ofSeconds(15));
      s.apply(Events.epoch(id, 2, 2, epoch, 0.45 + epoch * 0.06));
    }
    s.apply(Events.finished(id, 2, 2, 0.63, 3));
    s.clock.advance(Duration.ofSeconds(5));
    s.apply(
        new TrialFailed(
            1, id, 3, 1, 6L, WORKER_QUOTED, "diverged", ERROR, false, Events.token(id, 3, 1)));
    return id;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the worker sweep's trials were not issued");
    }
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
