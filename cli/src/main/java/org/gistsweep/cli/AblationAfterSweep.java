package org.gistsweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.gistsweep.orchestrator.ablation.AblationException;
import org.gistsweep.orchestrator.ablation.AblationFormat;
import org.gistsweep.orchestrator.ablation.AblationQuery;
import org.gistsweep.orchestrator.ablation.AblationTable;
import org.gistsweep.orchestrator.ablation.StudyResults;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * The ablation table that {@code run} and {@code quickstart} print after the leaderboard ({@code
 * --report}): {@code auto} prints Markdown for a study that compares {@code gist} on and off over
 * several seeds (an ablation), and nothing otherwise.
 */
final class AblationAfterSweep {
  static final String AUTO = "auto";
  static final String NONE = "none";

  private AblationAfterSweep() {}

  /** Refuses an unknown --report value before the sweep starts. */
  static void checkFormat(String report) {
    if (!AUTO.equals(report) && !NONE.equals(report)) {
      try {
        AblationFormat.parse(report);
      } catch (AblationException e) {
        throw new InvalidConfigException("--report: " + e.getMessage() + ", auto or none");
      }
    }
  }

  static void print(StudySnapshot study, String report, Path output, PrintStream out) {
    if (NONE.equals(report)) {
      return;
    }
    AblationTable table;
    try {
      table = AblationTable.of(StudyResults.of(study), AblationQuery.defaults());
    } catch (AblationException e) {
      if (!AUTO.equals(report)) {
        out.println("No ablation table: " + e.getMessage() + "; try ./gist-sweep report with --by");
      }
      return;
    }
    boolean ablation =
        table.paired()
            && table.over() != null
            && table.lines().stream()
                .anyMatch(l -> l.cells().values().stream().anyMatch(c -> c.n() > 1));
    if (AUTO.equals(report) && !ablation) {
      return;
    }
    AblationFormat format = AUTO.equals(report) ? AblationFormat.MD : AblationFormat.parse(report);
    String again =
        output == null
            ? ""
            : " (again: ./gist-sweep report "
                + output.resolve("study.json")
                + " --format "
                + format.wireName()
                + ")";
    out.println();
    out.println("Ablation table" + again + ":");
    out.println();
    out.print(format.render(table));
  }
}
