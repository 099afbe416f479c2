package org.gistsweep.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown page as GitHub renders it, for the documentation checks: its prose (code blocks and
 * code spans left out), the links and image sources in it, and the anchors its headings get.
 */
final class MarkdownPage {
  private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern INLINE_LINK =
      Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern HTML_LINK = Pattern.compile("(?:href|src)=\"([^\"]+)\"");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
  private static final Pattern MARKDOWN_LINK_TEXT = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");

  private final String text;
  private final List<String> proseLines = new ArrayList<>();
  private final List<String> headings = new ArrayList<>();

  MarkdownPage(String text) {
    this.text = text;
    boolean inFence = false;
    for (String line : text.split("\n", -1)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        headings.add(h.group(1));
      }
      proseLines.add(line);
    }
  }

  /** The whole text, code included (where commands and routes are written). */
  String text() {
    return text;
  }

  /**
   * Every link target and image source outside code, as written (relative, absolute or with a
   * scheme).
   */
  List<String> links() {
    List<String> out = new ArrayList<>();
    for (String line : proseLines) {
      String prose = CODE_SPAN.matcher(line).replaceAll("code");
      for (Pattern p : List.of(INLINE_LINK, HTML_LINK)) {
        Matcher m = p.matcher(prose);
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /**
   * The anchors a link may name: GitHub's heading slugs (repeats numbered -1, -2, ...) and HTML
   * ids.
   */
  Set<String> anchors() {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String heading : headings) {
      String slug = slug(heading);
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(n == 0 ? slug : slug + "-" + n);
    }
    for (String line : proseLines) {
      Matcher m = HTML_ANCHOR.matcher(line);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /**
   * GitHub's anchor for a heading: the rendered text (link text kept, code marks and emphasis stars
   * dropped), lower case, every character but letters, digits, spaces, '-' and '_' removed, then
   * each space made a '-'.
   */
  static String slug(String heading) {
    String rendered =
        MARKDOWN_LINK_TEXT.matcher(heading).replaceAll("$1").replace("`", "").replace("*", "");
    StringBuilder slug = new StringBuilder();
    rendered
        .strip()
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
              } else if (c == ' ') {
                slug.append('-');
              }
            });
    return slug.toString();
  }
}
