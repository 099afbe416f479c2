package org.gistsweep.orchestrator.ablation;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The renderings of an {@link AblationTable}, with the HTTP Content-Type of each. */
public enum AblationFormat {
  /** Every number at full precision; {@code null} where a number is undefined. */
  JSON("application/json; charset=utf-8", AblationJson::render),
  /** A GitHub Markdown table and its caption. */
  MD("text/markdown; charset=utf-8", AblationMarkdown::render),
  /** A {@code booktabs} tabular in a table float, mean±std, the best entry per line in bold. */
  TEX("application/x-tex; charset=utf-8", AblationLatex::render),
  /** One line per cell (mean, std, n), then the summary and difference lines. */
  CSV("text/csv; charset=utf-8", AblationCsv::render),
  /** The CLI's aligned table ({@code gist-sweep report}'s default). */
  TEXT("text/plain; charset=utf-8", AblationText::render);

  private final String contentType;
  private final Function<AblationTable, String> renderer;

  AblationFormat(String contentType, Function<AblationTable, String> renderer) {
    this.contentType = contentType;
    this.renderer = renderer;
  }

  /** The query spelling: json, md, tex, csv or text. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The HTTP Content-Type of this rendering. */
  public String contentType() {
    return contentType;
  }

  /** Renders the table. */
  public String render(AblationTable table) {
    return renderer.apply(table);
  }

  /**
   * Renders the table, the JSON listing only its first {@code limit} lines (a page for a browser;
   * {@code lines_total} says how many there are).
   *
   * @throws AblationException on {@code limit} for any other format: a download is the whole table
   */
  public String render(AblationTable table, int limit) {
    if (this != JSON) {
      throw new AblationException(
          "limit", "applies to format=json only; the " + wireName() + " table is always whole");
    }
    return AblationJson.render(table, limit);
  }

  /**
   * Parses a format name.
   *
   * @throws AblationException (field {@code format}) for an unknown name
   */
  public static AblationFormat parse(String s) {
    for (AblationFormat f : values()) {
      if (f.wireName().equals(s)) {
        return f;
      }
    }
    throw new AblationException(
        "format",
        "must be one of "
            + Arrays.stream(values())
                .map(AblationFormat::wireName)
                .collect(Collectors.joining(", "))
            + ", got '"
            + s
            + "'");
  }
}
