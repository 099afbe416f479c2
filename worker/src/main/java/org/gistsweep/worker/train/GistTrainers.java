package org.gistsweep.worker.train;

/** Creates {@link TrialTrainer}s. */
public final class GistTrainers {
  private GistTrainers() {}

  /** A trainer that runs GIST / PEFT trials with DJL's PyTorch engine in this process. */
  public static TrialTrainer create(TrainerEnvironment env) {
    return new DjlTrialTrainer(env);
  }
}
