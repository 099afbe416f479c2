package org.gistsweep.orchestrator.ablation;

import java.util.List;

/**
 * A query the study cannot answer: names the query field ({@code by}, {@code over}, {@code rows},
 * {@code levels}, {@code value}, {@code avg}, {@code format}) and, once the study is known, lists
 * its parameters. The HTTP API answers it with 400, the CLI with an error line.
 */
public final class AblationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final List<String> parameters;

  /** A bad field, before the study's parameters are known. */
  public AblationException(String field, String message) {
    this(field, message, List.of());
  }

  AblationException(String field, String message, List<String> parameters) {
    super(message);
    this.field = field;
    this.parameters = List.copyOf(parameters);
  }

  /** The query field at fault. */
  public String field() {
    return field;
  }

  /** The study's parameters (empty when the error does not depend on the study). */
  public List<String> parameters() {
    return parameters;
  }

  AblationException withParameters(List<String> studyParameters) {
    String list = studyParameters.isEmpty() ? "none" : String.join(", ", studyParameters);
    return new AblationException(
        field, getMessage() + " (the study's parameters: " + list + ")", studyParameters);
  }
}
