package org.gistsweep.orchestrator.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LaTeX export compiles with pdflatex and booktabs (skipped where they are not installed). */
@RequiresTool(Tool.PDFLATEX)
class LatexCompilesTest {
  @TempDir Path dir;

  @Test
  void aVtabTableAndAnUnequalTableCompile() throws Exception {
    AblationTable vtab =
        AblationTable.of(
            new StudyResults("vtab_1k", "val_top1", "maximize", VtabTableTest.vtabSweep()),
            AblationQuery.defaults());
    AblationTable unequal = AblationTable.of(AblationTableTest.unequal(), AblationQuery.defaults());
    String doc =
        "\\documentclass{article}\n"
            + "\\usepackage[margin=1cm]{geometry}\n"
            + "\\usepackage{booktabs}\n"
            + "\\begin{document}\n"
            + AblationFormat.TEX.render(vtab)
            + "\n"
            + AblationFormat.TEX.render(unequal)
            + "\\end{document}\n";
    Files.writeString(dir.resolve("table.tex"), doc, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "table.tex")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(dir.resolve("table.pdf")).exists();
    assertThat(log).doesNotContain("Missing character");
  }
}
