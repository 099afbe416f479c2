package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.testsupport.TestHttp;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An ablation end to end on the real broker: a grid of GIST on/off x two seeds trained by two DJL
 * workers; the API's table is checked against the trials' own values, and {@code report} on the
 * study URL prints the API's Markdown.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class AblationEndToEndIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  static final String SWEEP =
      """
      name: e2e-ablation
      budget: {trials: 4, parallel: 2, epochs: 1}
      sampler: {type: grid}
      training: {task: synthetic-shapes, peft: adapter, batch_size: 50, warmup_epochs: 0, lr: 0.01}
      space:
        gist: {type: categorical, choices: [true, false]}
        seed: {type: categorical, choices: [1, 2]}
      """;

  @TempDir Path home;

  @Test
  void theApisTableIsTheTrialsMeansAndPairedDifferences() throws Exception {
    SweepSpec spec = SweepSpecParser.parse(SWEEP, "ablation.yaml", "ablation");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    LocalSweep.Options options =
        new LocalSweep.Options(2, 0, false, home.resolve("data"), home.resolve("cache"), out);
    try (LocalSweep sweep = LocalSweep.start(options, BROKER.bootstrap())) {
      StudySnapshot study = sweep.run(spec, null, Duration.ofMinutes(15));
      assertThat(study.trials())
          .hasSize(4)
          .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
      String api = sweep.orchestrator().url() + "api/studies/" + study.id();

      JsonNode table = new ObjectMapper().readTree(get(api + "/ablation"));
      JsonNode cells = table.path("lines").get(0).path("cells");
      for (boolean gist : new boolean[] {true, false}) {
        double one = value(study, gist, 1);
        double two = value(study, gist, 2);
        JsonNode cell = cells.path(Boolean.toString(gist));
        assertThat(cell.path("mean").asDouble()).isCloseTo((one + two) / 2, within(1e-12));
        assertThat(cell.path("std").asDouble())
            .isCloseTo(Math.abs(one - two) / Math.sqrt(2), within(1e-12));
        assertThat(cell.path("n").asInt()).isEqualTo(2);
      }
      double d1 = value(study, true, 1) - value(study, false, 1);
      double d2 = value(study, true, 2) - value(study, false, 2);
      JsonNode overall = table.path("overall");
      assertThat(overall.path("n").asInt()).isEqualTo(2);
      assertThat(overall.path("mean").asDouble()).isCloseTo((d1 + d2) / 2, within(1e-12));
      double half =
          12.706204736174698 * Math.abs(d1 - d2) / 2; // t(0.975, 1) · sd/√2, sd = |d1 - d2|/√2
      if (d1 != d2) {
        assertThat(overall.path("ci_low").asDouble()).isCloseTo((d1 + d2) / 2 - half, within(1e-9));
        assertThat(overall.path("ci_high").asDouble())
            .isCloseTo((d1 + d2) / 2 + half, within(1e-9));
      }
      assertThat(table.path("caption").asText()).contains("over seed", "No trial excluded");

      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(new StringWriter(), true));
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      ((ReportCommand) cli.getSubcommands().get("report").getCommand()).out =
          new PrintStream(report, true, StandardCharsets.UTF_8);
      assertThat(cli.execute("report", api, "--format", "md")).isZero();
      assertThat(report.toString(StandardCharsets.UTF_8))
          .isEqualTo(get(api + "/ablation?format=md"));

      ByteArrayOutputStream after = new ByteArrayOutputStream();
      AblationAfterSweep.print(
          study,
          AblationAfterSweep.AUTO,
          home.resolve("out"),
          new PrintStream(after, true, StandardCharsets.UTF_8));
      assertThat(after.toString(StandardCharsets.UTF_8))
          .contains(
              "./gist-sweep report " + home.resolve("out").resolve("study.json") + " --format md")
          .endsWith(get(api + "/ablation?format=md"));
    }
  }

  private static double value(StudySnapshot study, boolean gist, int seed) {
    List<TrialSnapshot> match =
        study.trials().stream()
            .filter(
                t ->
                    Boolean.valueOf(gist).equals(t.params().get("gist"))
                        && ((Number) t.params().get("seed")).intValue() == seed)
            .toList();
    assertThat(match).hasSize(1);
    return match.get(0).value();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = TestHttp.get(url);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
