package org.gistsweep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every probe answers here, working or not, and a failed one names its fix. */
class ToolsTest {
  @ParameterizedTest
  @EnumSource(Tool.class)
  void everyProbeAnswersWithAReasonThatNamesItsDebianPackages(Tool tool) {
    ProbeResult r = Tools.probe(tool);
    assertThat(Tools.probe(tool)).as("cached").isSameAs(r);
    if (!r.available()) {
      assertThat(r.reason())
          .startsWith("needs " + tool.description() + ": ")
          .endsWith("(apt-get install -y " + tool.debianPackages() + ")");
    }
  }

  @Test
  void aMissingPythonModuleIsNamedWithPythonsOwnMessage() {
    assumeThat(Files.isExecutable(Path.of(Tools.PYTHON))).as("no " + Tools.PYTHON).isTrue();
    assertThat(PythonImports.problem(List.of("import json", "import gist_sweep_no_such_module")))
        .hasValue(
            Tools.PYTHON
                + ": `import gist_sweep_no_such_module` failed: ModuleNotFoundError: No module"
                + " named 'gist_sweep_no_such_module'");
    assertThat(PythonImports.problem(List.of("import json", "from json import loads"))).isEmpty();
  }
}
