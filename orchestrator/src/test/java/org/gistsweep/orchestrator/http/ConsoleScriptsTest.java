package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files keep the CSP's promise and the escaping rule: no inline script or handler, no
 * markup built from strings outside the escaping tooltip helper, every module import resolves, and
 * ECharts is served from the webjar on the classpath.
 */
class ConsoleScriptsTest {
  private static final String DIR = "/org/gistsweep/orchestrator/http/console/";
  private static final Pattern IMPORT = Pattern.compile("from \"(\\./|\\.\\./)([^\"]+)\"");

  private static List<Path> scripts() throws IOException, URISyntaxException {
    Path root = Path.of(ConsoleScriptsTest.class.getResource(DIR + "app.js").toURI()).getParent();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
    }
  }

  @Test
  void noScriptInsertsMarkupOrEvaluatesStrings() throws Exception {
    List<Path> scripts = scripts();
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(15);
    for (Path f : scripts) {
      String code =
          Files.readAllLines(f).stream()
              .filter(l -> !l.strip().startsWith("//"))
              .collect(Collectors.joining("\n"));
      assertThat(code)
          .as(f.toString())
          .doesNotContain(
              "innerHTML",
              "outerHTML",
              "insertAdjacentHTML",
              "document.write",
              "eval(",
              "new Function",
              "setAttribute(\"on",
              "javascript:",
              "renderMode: \"html\"");
    }
  }

  @Test
  void everyImportResolvesAndThePageHasNoInlineScript() throws Exception {
    for (Path f : scripts()) {
      Matcher m = IMPORT.matcher(Files.readString(f));
      while (m.find()) {
        Path target = f.getParent().resolve(m.group(1) + m.group(2)).normalize();
        assertThat(target).as("import in " + f).exists();
      }
    }
    String html = resource(DIR + "console.html");
    assertThat(html)
        .doesNotContain("<script>")
        .doesNotContainPattern("\\son[a-z]+\\s*=")
        .doesNotContain("style=")
        .contains(
            "<script src=\"/vendor/echarts.min.js\" defer></script>",
            "<script type=\"module\" src=\"/console/app.js\"></script>",
            "<div id=\"study-controls\"");
  }

  @Test
  void echartsComesFromTheWebjar() throws Exception {
    String echarts = resource(ConsolePage.ECHARTS_RESOURCE);
    assertThat(echarts.length()).isGreaterThan(500_000);
    assertThat(echarts.contains("\"5.3.1\"")).as("ECharts 5.3.1").isTrue();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ConsoleScriptsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
