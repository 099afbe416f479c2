package org.gistsweep.cli.benchui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Tools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bench-ui: which views it measures, and a whole run on a small study in real headless Chromium.
 */
@Tag(Tier.BROWSER)
class UiBenchTest {

  @Test
  void viewsAreCheckedAndKeptInTheBenchmarksOrder() {
    assertThat(UiBench.views(null))
        .isEqualTo(UiBenchmark.ALL)
        .startsWith("studies")
        .endsWith("trial", "importance")
        .hasSize(12);
    assertThat(UiBench.views(List.of("importance", " parallel", "studies")))
        .containsExactly("studies", "parallel", "importance");
    assertThatThrownBy(() -> UiBench.views(List.of("parallel", "paralel")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'paralel'")
        .hasMessageContaining("parallel, slices");
  }

  @Test
  @RequiresTool(Tool.CHROMIUM)
  void measuresEveryViewOfASmallStudy() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Orchestrator server = Orchestrator.start(OrchestratorOptions.defaults(null, 0));
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      UiBench.run(
          out,
          server.url().replaceAll("/$", ""),
          40,
          3,
          1,
          1,
          Tools.chromiumBinary().toFile(),
          Tools.chromedriverBinary().toFile(),
          UiBench.views(null));
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("40 trials").contains("Targets: first render <= 1000 ms");
    for (String view : UiBenchmark.ALL) {
      String label = view.equals("studies") ? "studies (/)" : view;
      Matcher row =
          Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s+(\\d+)\\s+\\*?\\s*(\\d+)")
              .matcher(printed);
      assertThat(row.find()).as("a first render for %s in%n%s", view, printed).isTrue();
      assertThat(Integer.parseInt(row.group(2)))
          .as(view)
          .isGreaterThanOrEqualTo(Integer.parseInt(row.group(1)));
    }
    for (String view : List.of("leaderboard", "parallel", "timeline", "importance")) {
      Matcher row =
          Pattern.compile("(?m)^" + view + "\\s+\\d+\\s+\\*?\\s*\\d+\\*?\\s+\\d+\\s+(\\d+)")
              .matcher(printed);
      assertThat(row.find()).as("a live repaint for %s in%n%s", view, printed).isTrue();
    }
  }
}
