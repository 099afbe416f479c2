package org.gistsweep.common.spec;

/**
 * A sweep specification or trial configuration is invalid. The message names where (source and
 * field), what is wrong, and how to fix it; retrying cannot help.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;
  private final String problem;

  /**
   * @param field dotted path of the offending field, e.g. {@code space.lr.low}
   * @param problem what is wrong and how to fix it
   */
  public SpecException(String field, String problem) {
    this("", field, problem);
  }

  private SpecException(String source, String field, String problem) {
    super(format(source, field, problem));
    this.source = source;
    this.field = field;
    this.problem = problem;
  }

  private static String format(String source, String field, String problem) {
    StringBuilder text = new StringBuilder();
    if (!source.isEmpty()) {
      text.append(source).append(": ");
    }
    if (!field.isEmpty()) {
      text.append(field).append(": ");
    }
    return text.append(problem).toString();
  }

  /** The same error, located in {@code newSource} (a file name, or "request body"). */
  public SpecException withSource(String newSource) {
    return new SpecException(newSource, field, problem);
  }

  /** Where the document came from, or {@code ""} when unknown. */
  public String source() {
    return source;
  }

  /** The dotted path of the offending field ({@code ""} for the document as a whole). */
  public String field() {
    return field;
  }

  /** What is wrong and how to fix it, without the location. */
  public String problem() {
    return problem;
  }
}
