package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The {@code study} commands' output: plain text from the API's study JSON. */
final class StudyText {
  private StudyText() {}

  /** One line per study: id, state, trials finished of the budget, best value. */
  static List<String> table(JsonNode studies) {
    List<String> out = new ArrayList<>();
    out.add(String.format("%-36s %-10s %9s %10s", "ID", "STATE", "TRIALS", "BEST"));
    for (JsonNode s : studies) {
      out.add(
          String.format(
              "%-36s %-10s %9s %10s",
              s.path("id").asText(),
              s.path("state").asText(),
              finished(s) + "/" + s.path("max_trials").asInt(),
              number(s.path("best_value"))));
    }
    if (studies.isEmpty()) {
      out.add("(no studies)");
    }
    return out;
  }

  /** A study in detail: summary, queued params, controls applied, then one line per trial. */
  static List<String> details(JsonNode s) {
    List<String> out = new ArrayList<>();
    out.add(
        "Study " + s.path("id").asText() + (s.path("archived").asBoolean() ? " (archived)" : ""));
    out.add("  state     " + s.path("state").asText());
    JsonNode b = s.path("budget");
    out.add(
        "  budget    "
            + s.path("max_trials").asInt()
            + " trials, "
            + b.path("parallel").asInt()
            + " in parallel, "
            + b.path("epochs").asInt()
            + " epochs");
    out.add("  counts    " + s.path("counts"));
    out.add(
        "  best      trial "
            + s.path("best_trial").asText("-")
            + ", "
            + s.path("metric").asText()
            + " "
            + number(s.path("best_value")));
    for (JsonNode p : s.path("enqueued")) {
      out.add("  queued    " + p);
    }
    for (JsonNode c : s.path("controls")) {
      out.add(
          "  control   "
              + c.path("at").asText()
              + "  "
              + c.path("control").asText()
              + "  "
              + c.path("call").asText()
              + (c.path("args").isEmpty() ? "" : "  " + c.path("args")));
    }
    out.add(
        String.format("  %5s  %-9s %8s %7s  %s", "TRIAL", "STATE", "VALUE", "EPOCHS", "PARAMS"));
    for (JsonNode t : s.path("trials")) {
      out.add(
          String.format(
              "  %5d  %-9s %8s %7s  %s",
              t.path("number").asInt(),
              t.path("state").asText(),
              number(t.path("value")),
              t.path("current_epoch").asInt() + "/" + t.path("total_epochs").asInt(),
              t.path("params")));
      if (t.hasNonNull("resume_note")) {
        out.add("         " + t.path("resume_note").asText());
      }
    }
    return out;
  }

  /** What a control did: "Study X paused (state paused)." or "... was already ...". */
  static String outcome(String id, String done, JsonNode reply) {
    String state = reply.path("state").asText();
    return reply.path("changed").asBoolean(true)
        ? "Study " + id + " " + done + " (state " + state + ")."
        : "Study "
            + id
            + ": nothing to do, the control had already taken effect (state "
            + state
            + ").";
  }

  private static int finished(JsonNode s) {
    JsonNode c = s.path("counts");
    return c.path("COMPLETE").asInt()
        + c.path("PRUNED").asInt()
        + c.path("FAILED").asInt()
        + c.path("CANCELLED").asInt();
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? String.format("%.4f", n.asDouble()) : "-";
  }
}
