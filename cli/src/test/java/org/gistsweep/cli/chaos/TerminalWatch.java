package org.gistsweep.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.gistsweep.cli.process.Waits;

/**
 * Watches a study through the HTTP API on a background thread, across orchestrator restarts, and
 * checks that a trial reaches a terminal state once: after the first poll that shows it COMPLETE,
 * PRUNED or FAILED, every later poll must show the same outcome (state, attempt, value and epoch
 * values). A trial seen terminal, then live again, or terminal with another result, is a violation.
 */
final class TerminalWatch implements AutoCloseable {
  static final Set<String> TERMINAL = Set.of("COMPLETE", "PRUNED", "FAILED");
  private static final Duration EVERY = Duration.ofMillis(300);

  private final OrchestratorApi api;
  private final String study;
  private final Map<Integer, JsonNode> firstTerminal = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private int polls;

  private TerminalWatch(OrchestratorApi api, String study) {
    this.api = api;
    this.study = study;
    this.thread = new Thread(this::run, "terminal-watch-" + study);
    this.thread.setDaemon(true);
  }

  /** Starts watching {@code study}. */
  static TerminalWatch start(OrchestratorApi api, String study) {
    TerminalWatch w = new TerminalWatch(api, study);
    w.thread.start();
    return w;
  }

  private void run() {
    while (running) {
      api.study(study).ifPresent(this::observe);
      Waits.pause(EVERY);
    }
  }

  private synchronized void observe(JsonNode s) {
    polls++;
    for (JsonNode t : s.path("trials")) {
      int n = t.path("number").asInt();
      JsonNode outcome = outcome(t);
      JsonNode first = firstTerminal.get(n);
      if (first == null) {
        if (TERMINAL.contains(t.path("state").asText())) {
          firstTerminal.put(n, outcome);
        }
      } else if (!first.equals(outcome)) {
        violations.add("trial " + n + " was " + first + ", later " + outcome);
      }
    }
  }

  /** What must not change once a trial is terminal. */
  private static JsonNode outcome(JsonNode t) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set("state", t.path("state"));
    o.set("attempt", t.path("attempt"));
    o.set("value", t.path("value"));
    o.set("val_top1", JsonNodeFactory.instance.arrayNode().addAll(epochValues(t)));
    return o;
  }

  private static List<JsonNode> epochValues(JsonNode t) {
    List<JsonNode> v = new ArrayList<>();
    t.path("epochs").forEach(e -> v.add(e.path("val_top1")));
    return v;
  }

  /** The changes seen after a trial was terminal; empty when every trial finished once. */
  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** How many times the study was read. */
  synchronized int polls() {
    return polls;
  }

  /** Trials seen terminal so far, by number, with their first terminal outcome. */
  synchronized Map<Integer, JsonNode> terminal() {
    return Map.copyOf(firstTerminal);
  }

  /** Reads the study once more (so the final state is checked too) and stops the thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<JsonNode> last = api.study(study);
    last.ifPresent(this::observe);
  }
}
