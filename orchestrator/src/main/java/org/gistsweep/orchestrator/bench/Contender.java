package org.gistsweep.orchestrator.bench;

import org.gistsweep.common.spec.SamplerSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.Direction;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.gistsweep.orchestrator.sampler.tpe.TpeOptions;
import org.gistsweep.orchestrator.sampler.tpe.TpeSampler;

/**
 * One sampler configuration of the sample-efficiency comparison.
 *
 * @param name the column name
 * @param setting what it is, for the table header
 * @param tpe our TPE's options, or null for Optuna or random search
 * @param optuna whether Optuna runs it ({@code multivariate} and {@code liar} then apply)
 */
record Contender(
    String name,
    String setting,
    TpeOptions tpe,
    boolean optuna,
    boolean multivariate,
    boolean liar) {

  static Contender ours(String name, String setting, TpeOptions options) {
    return new Contender(name, setting, options, false, false, false);
  }

  static Contender optuna(String name, String setting, boolean multivariate, boolean liar) {
    return new Contender(name, setting, null, true, multivariate, liar);
  }

  static Contender random() {
    return new Contender("random", "uniform random search", null, false, false, false);
  }

  /** A fresh study; {@code py} is this thread's Optuna process (used only by Optuna contenders). */
  Asker start(SearchSpace space, long seed, OptunaProcess py) {
    if (optuna) {
      return py.study(space, seed, multivariate, liar);
    }
    if (tpe == null) {
      return Asker.of(Samplers.create(new SamplerSpec("random", seed), Direction.MINIMIZE), space);
    }
    return Asker.of(
        new TpeSampler(
            seed,
            Direction.MINIMIZE,
            tpe,
            Samplers.create(new SamplerSpec("random", seed), Direction.MINIMIZE)),
        space);
  }
}
