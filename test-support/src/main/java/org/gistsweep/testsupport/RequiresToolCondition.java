package org.gistsweep.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The JUnit condition behind {@link RequiresTool}. */
final class RequiresToolCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    Optional<RequiresTool> needs =
        element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresTool.class));
    if (needs.isEmpty()) {
      return ConditionEvaluationResult.enabled("needs no optional tool");
    }
    for (Tool tool : needs.get().value()) {
      ProbeResult r = Tools.probe(tool);
      if (!r.available()) {
        return ConditionEvaluationResult.disabled(r.reason());
      }
    }
    return ConditionEvaluationResult.enabled("every tool it needs is available");
  }
}
