package org.gistsweep.orchestrator.service;

import java.util.Map;
import org.gistsweep.common.spec.Budget;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.orchestrator.sampler.GridCounts;

/**
 * The most one study may ask of an orchestrator, so that no request can make it allocate or sample
 * without bound. A value over a cap is refused with a {@link SpecException} naming the field, the
 * cap and the command-line option that raises it (the API answers 400), e.g. {@code budget.trials:
 * is 2147483647; this orchestrator allows at most 100000 (raise it with --max-trials)}. Every check
 * is O(1) per parameter and never lists a range.
 *
 * @param maxTrials the most trials a study may have: a sweep's {@code budget.trials}, an ask/tell
 *     study's {@code trials} (one without a budget stops handing out trials there), the {@code
 *     trials} of {@code POST /api/studies/{id}/budget}; it also bounds {@code enqueue} lists
 * @param maxParallel the most trials a study may keep live at once: {@code budget.parallel} and the
 *     {@code parallel} of {@code POST /api/studies/{id}/budget}
 * @param maxGridCombinations the most combinations the space of a grid study may have, and so the
 *     most values one of its parameters may take
 */
public record StudyLimits(int maxTrials, int maxParallel, long maxGridCombinations) {
  /** The default {@link #maxTrials}: ten times the largest studies the console is measured with. */
  public static final int DEFAULT_MAX_TRIALS = 100_000;

  /**
   * The default {@link #maxParallel}: more live trials than that means more workers than a cluster
   * has.
   */
  public static final int DEFAULT_MAX_PARALLEL = 1_024;

  /** The default {@link #maxGridCombinations}. */
  public static final long DEFAULT_MAX_GRID = 1_000_000;

  /** The command-line options that raise each cap, named in the messages. */
  public static final String TRIALS_OPTION = "--max-trials";

  public static final String PARALLEL_OPTION = "--max-parallel";
  public static final String GRID_OPTION = "--max-grid";

  /** The default caps. */
  public static final StudyLimits DEFAULTS =
      new StudyLimits(DEFAULT_MAX_TRIALS, DEFAULT_MAX_PARALLEL, DEFAULT_MAX_GRID);

  public StudyLimits {
    positive(TRIALS_OPTION, maxTrials);
    positive(PARALLEL_OPTION, maxParallel);
    positive(GRID_OPTION, maxGridCombinations);
  }

  /**
   * Checks a new study: its trial budget, parallel trials and enqueued trials, and for a grid the
   * values of each parameter and (for a space without conditions, where it is their product) the
   * number of combinations. A conditional grid's exact count is checked with {@link #checkGrid}.
   *
   * @param askTell whether it is an ask/tell study (its {@code trials} is a top-level field, and
   *     {@code Integer.MAX_VALUE} trials or parallel means none was given)
   */
  public void check(SweepSpec spec, boolean askTell) {
    Budget b = spec.budget();
    if (!askTell || b.trials() != Integer.MAX_VALUE) {
      atMost(askTell ? "trials" : "budget.trials", b.trials(), maxTrials, TRIALS_OPTION);
    }
    if (!askTell) {
      atMost("budget.parallel", b.parallel(), maxParallel, PARALLEL_OPTION);
    }
    if (spec.enqueue().size() > maxTrials) {
      throw new SpecException(
          "enqueue",
          "lists "
              + spec.enqueue().size()
              + " trials; this orchestrator allows at most "
              + maxTrials
              + " (raise it with "
              + TRIALS_OPTION
              + ")");
    }
    if ("grid".equals(spec.sampler().type())) {
      for (ParameterSpec p : spec.space().parameters()) {
        long values = GridCounts.values(p);
        if (values > maxGridCombinations) {
          throw new SpecException(
              "space." + p.name(), "has " + values + " grid values; " + gridCap());
        }
      }
      if (!GridCounts.conditional(spec.space())) {
        checkGrid(GridCounts.upperBound(spec.space()));
      }
    }
  }

  /**
   * Checks the number of combinations of a grid study's space.
   *
   * @param combinations the exact count ({@link Long#MAX_VALUE}: more than a long holds)
   */
  public void checkGrid(long combinations) {
    if (combinations > maxGridCombinations) {
      String count =
          combinations == Long.MAX_VALUE ? "more than 2^63" : Long.toString(combinations);
      throw new SpecException(
          "space",
          "the grid has "
              + count
              + " combinations; "
              + gridCap()
              + "; use larger steps or fewer values");
    }
  }

  /**
   * Checks the arguments of a {@code budget} control ({@code trials}, {@code parallel}: whole
   * numbers).
   */
  public void checkBudget(Map<String, Object> args) {
    if (args.get("trials") instanceof Number n) {
      atMost("trials", n.longValue(), maxTrials, TRIALS_OPTION);
    }
    if (args.get("parallel") instanceof Number n) {
      atMost("parallel", n.longValue(), maxParallel, PARALLEL_OPTION);
    }
  }

  /**
   * Checks that an ask/tell study may hand out trial number {@code next} (from 0): one without a
   * trial budget stops at {@link #maxTrials}.
   *
   * @throws IllegalStateException when it may not (the API answers 409)
   */
  void checkAsk(String studyId, long next) {
    if (next >= maxTrials) {
      throw new IllegalStateException(
          "study "
              + studyId
              + " has handed out "
              + next
              + " trials, the most this orchestrator"
              + " allows per study (raise it with "
              + TRIALS_OPTION
              + ")");
    }
  }

  private String gridCap() {
    return "this orchestrator allows at most "
        + maxGridCombinations
        + " grid combinations (raise it with "
        + GRID_OPTION
        + ")";
  }

  private static void atMost(String field, long value, long cap, String option) {
    if (value > cap) {
      throw new SpecException(
          field,
          "is "
              + value
              + "; this orchestrator allows at most "
              + cap
              + " (raise it with "
              + option
              + ")");
    }
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }
}
