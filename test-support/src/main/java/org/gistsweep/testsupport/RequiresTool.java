package org.gistsweep.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only where every named tool works; elsewhere it is
 * skipped, and the skip reason (in the console and the Surefire reports) names the missing piece
 * and the Debian package that brings it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresToolCondition.class)
public @interface RequiresTool {
  /** The tools the test needs. */
  Tool[] value();
}
