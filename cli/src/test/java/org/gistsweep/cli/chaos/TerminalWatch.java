package org.gistsweep.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Watches a study across orchestrator restarts and checks that each trial reaches a terminal state
 * once: it follows the study's event stream ({@link StudyEvents}: every trial change, and the
 * snapshot each restarted orchestrator starts from). After the first event that shows a trial
 * COMPLETE, PRUNED or FAILED, every later view of it must show the same outcome (state, attempt,
 * value and epoch values); a trial seen terminal, then live again or terminal with another result,
 * is a violation.
 */
final class TerminalWatch implements AutoCloseable {
  static final Set<String> TERMINAL = Set.of("COMPLETE", "PRUNED", "FAILED");

  private final OrchestratorApi api;
  private final String study;
  private final Map<Integer, JsonNode> firstTerminal = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();
  private final StudyEvents events;
  private int updates;

  private TerminalWatch(OrchestratorApi api, String study) {
    this.api = api;
    this.study = study;
    this.events = new StudyEvents(api, study, this::onEvent);
  }

  /** Starts watching {@code study}. */
  static TerminalWatch start(OrchestratorApi api, String study) {
    return new TerminalWatch(api, study);
  }

  private void onEvent(String name, JsonNode data) {
    if ("snapshot".equals(name)) {
      data.path("trials").forEach(this::observe);
    } else if ("trial".equals(name)) {
      observe(data);
    }
  }

  private synchronized void observe(JsonNode t) {
    updates++;
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

  /** How many trial views the watch checked. */
  synchronized int updates() {
    return updates;
  }

  /** How many times the event stream was opened (more than once after an orchestrator restart). */
  int connections() {
    return events.connections();
  }

  /** Trials seen terminal so far, by number, with their first terminal outcome. */
  synchronized Map<Integer, JsonNode> terminal() {
    return Map.copyOf(firstTerminal);
  }

  /** Stops following the stream, then checks the study as served now, once more. */
  @Override
  public void close() {
    events.close();
    api.study(study).ifPresent(s -> s.path("trials").forEach(this::observe));
  }
}
