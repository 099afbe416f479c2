package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The {@code artifacts list} table: one line per file of each trial. */
final class ArtifactText {
  private static final String ROW = "%5s  %-9s %8s  %-18s %12s  %-12s  %s";

  private ArtifactText() {}

  static List<String> table(List<JsonNode> trials) {
    List<String> out = new ArrayList<>();
    out.add(String.format(ROW, "TRIAL", "STATE", "VALUE", "NAME", "SIZE", "SHA256", "NOTE"));
    int files = 0;
    for (JsonNode t : trials) {
      for (JsonNode a : t.path("artifacts")) {
        files++;
        String sha =
            a.path("sha256").isTextual() ? a.path("sha256").asText().substring(0, 12) : "-";
        String note =
            a.path("deleted").asBoolean()
                ? "deleted (" + a.path("deleted_reason").asText() + ")"
                : "";
        out.add(
            String.format(
                ROW,
                t.path("trial").asInt(),
                t.path("state").asText(),
                number(t.path("value")),
                a.path("name").asText(),
                a.path("size").isNumber() ? Long.toString(a.path("size").asLong()) : "-",
                sha,
                note));
      }
      if (t.path("artifact_error").isTextual()) {
        out.add(
            String.format(
                ROW,
                t.path("trial").asInt(),
                t.path("state").asText(),
                number(t.path("value")),
                "-",
                "-",
                "-",
                "no weights: " + t.path("artifact_error").asText()));
      }
    }
    if (files == 0) {
      out.add("(no artifacts)");
    }
    return out;
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? String.format("%.4f", n.asDouble()) : "-";
  }
}
