package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README and docs/ stay true to the tree: every relative link (and its #anchor) resolves, every
 * page of docs/ is linked from somewhere, and docs/ names every command of the command line and
 * every route of the OpenAPI document.
 */
class DocsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final String OPENAPI = "org/gistsweep/orchestrator/http/openapi.json";
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  private static Map<Path, MarkdownPage> pages;

  @BeforeAll
  static void readPages() throws IOException {
    assertThat(ROOT.resolve("README.md"))
        .as("run from the cli module, under the repository root")
        .isRegularFile();
    pages = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    for (Path f : files) {
      pages.put(f, new MarkdownPage(Files.readString(f)));
    }
  }

  @Test
  void everyRelativeLinkResolvesToAFileAndItsAnchorToAHeading() {
    List<String> broken = new ArrayList<>();
    pages.forEach(
        (page, md) -> {
          for (String link : md.links()) {
            String problem = problem(page, link);
            if (problem != null) {
              broken.add(ROOT.relativize(page) + ": " + link + " (" + problem + ")");
            }
          }
        });
    assertThat(broken).as("links that resolve to nothing; fix the path or the heading").isEmpty();
  }

  @Test
  void everyPageOfDocsIsLinkedFromTheReadmeOrAnotherPage() {
    Set<Path> linked = new TreeSet<>();
    pages.forEach(
        (page, md) ->
            md.links().stream()
                .filter(l -> !hasScheme(l) && !l.startsWith("#"))
                .map(l -> page.getParent().resolve(pathPart(l)).normalize())
                .filter(target -> !target.equals(page))
                .forEach(linked::add));
    List<String> orphans =
        pages.keySet().stream()
            .filter(p -> p.startsWith(ROOT.resolve("docs")) && !linked.contains(p))
            .map(p -> ROOT.relativize(p).toString())
            .toList();
    assertThat(orphans)
        .as("pages of docs/ that no link leads to; link them from README.md or a page")
        .isEmpty();
  }

  @Test
  void docsNameEveryCommandOfTheCommandLine() {
    String docs = docsText();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> top : Main.commandLine().getSubcommands().entrySet()) {
      if (top.getValue().getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
        continue;
      }
      String name = top.getKey();
      if (!Pattern.compile("gist-sweep " + Pattern.quote(name) + "(?![\\w-])")
          .matcher(docs)
          .find()) {
        missing.add(name);
      }
      for (String sub : top.getValue().getSubcommands().keySet()) {
        // on one line: "gist-sweep study ... sub", as in "./gist-sweep study pause|resume ID"
        Pattern used =
            Pattern.compile(
                "gist-sweep "
                    + Pattern.quote(name)
                    + "\\s[^\\n]*(?<![\\w-])"
                    + Pattern.quote(sub)
                    + "(?![\\w-])");
        if (!used.matcher(docs).find()) {
          missing.add(name + " " + sub);
        }
      }
    }
    assertThat(missing)
        .as("commands of ./gist-sweep that no page of docs/ shows (as `./gist-sweep NAME`)")
        .isEmpty();
  }

  @Test
  void docsNameEveryRouteOfTheOpenApiDocument() throws IOException {
    JsonNode paths;
    try (InputStream in = DocsTest.class.getClassLoader().getResourceAsStream(OPENAPI)) {
      assertThat(in).as(OPENAPI + " on the class path").isNotNull();
      paths = new ObjectMapper().readTree(in).path("paths");
    }
    String docs = docsText();
    List<String> missing = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
        String method = methods.next();
        if (!METHODS.contains(method)) {
          continue;
        }
        String route = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
        if (!Pattern.compile(Pattern.quote(route) + "(?![\\w/{}.-])").matcher(docs).find()) {
          missing.add(route);
        }
      }
    }
    assertThat(missing)
        .as(
            "routes of the OpenAPI document that docs/ never names (as `METHOD /path`; docs/api.md"
                + " lists them)")
        .isEmpty();
  }

  @Test
  void anchorsFollowGitHubsSlugRules() {
    assertThat(MarkdownPage.slug("`--read-token`: reads need the token too"))
        .isEqualTo("--read-token-reads-need-the-token-too");
    assertThat(MarkdownPage.slug("Distributed: each role its own process"))
        .isEqualTo("distributed-each-role-its-own-process");
    assertThat(MarkdownPage.slug("The training setting `artifacts`"))
        .isEqualTo("the-training-setting-artifacts");
    assertThat(MarkdownPage.slug("Layout in the [store](x.md)")).isEqualTo("layout-in-the-store");
    MarkdownPage page =
        new MarkdownPage("# A\n## Options\n```\n# not a heading\n```\n### Options\n");
    assertThat(page.anchors()).containsExactly("a", "options", "options-1");
    assertThat(
            new MarkdownPage("see [x](a.md#b) and `[y](code.md)`\n```\n[z](fenced.md)\n```\n")
                .links())
        .containsExactly("a.md#b");
  }

  /** Why {@code link} on {@code page} leads nowhere, or {@code null} when it resolves. */
  private static String problem(Path page, String link) {
    if (hasScheme(link) || link.startsWith("/")) {
      return null; // a web address; the checks are about this tree
    }
    String file = pathPart(link);
    Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!target.startsWith(ROOT)) {
      return "outside the repository";
    }
    if (!Files.exists(target)) {
      return "no such file";
    }
    int hash = link.indexOf('#');
    if (hash < 0 || !target.toString().endsWith(".md")) {
      return null;
    }
    String anchor = link.substring(hash + 1);
    MarkdownPage md = pages.get(target);
    if (md == null) {
      try {
        md = new MarkdownPage(Files.readString(target));
      } catch (IOException e) {
        return "unreadable: " + e.getMessage();
      }
    }
    Set<String> anchors = md.anchors();
    return anchors.contains(anchor)
        ? null
        : "no heading with anchor #" + anchor + "; it has: " + String.join(", ", anchors);
  }

  private static boolean hasScheme(String link) {
    return link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }

  private static String pathPart(String link) {
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    int query = file.indexOf('?');
    return URLDecoder.decode(query < 0 ? file : file.substring(0, query), StandardCharsets.UTF_8);
  }

  private static String docsText() {
    return pages.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ROOT.resolve("docs")))
        .map(e -> e.getValue().text())
        .collect(Collectors.joining("\n"));
  }
}
