package org.gistsweep.orchestrator.pruner;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gistsweep.common.trial.Direction;

/**
 * Hyperband as Optuna runs it: several ASHA brackets with early-stopping rates {@code s = 0 ..
 * n-1}, {@code n = floor(log_eta(max_resource / min_resource)) + 1}; a trial competes only with
 * trials of its own bracket. A trial's bracket is a deterministic function of (study name, trial
 * number): a 64-bit FNV-1a hash of {@code "<name>_<number>"} modulo the total trial allocation,
 * each bracket {@code i} receiving {@code ceil(n * eta^(n-1-i) / (n-i))} slots, as Optuna's {@code
 * _calculate_trial_allocation_budget} (Optuna hashes with Python's {@code hash}, which differs per
 * process unless PYTHONHASHSEED is set; this one is stable).
 */
final class HyperbandPruner implements Pruner {
  private final String studyName;
  private final long[] allocation;
  private final long total;
  private final AsyncHyperbandPruner[] brackets;

  HyperbandPruner(
      String studyName, long minResource, long maxResource, int eta, List<Direction> directions) {
    this.studyName = studyName;
    int n = 1;
    for (long r = minResource * eta; r <= maxResource; r *= eta) {
      n++;
    }
    allocation = new long[n];
    brackets = new AsyncHyperbandPruner[n];
    long sum = 0;
    for (int i = 0; i < n; i++) {
      int s = n - 1 - i;
      allocation[i] = (long) Math.ceil(n * Math.pow(eta, s) / (s + 1));
      sum += allocation[i];
      int bracket = i;
      brackets[i] =
          new AsyncHyperbandPruner(
              "hyperband", minResource, eta, i, directions, t -> bracketOf(t) == bracket);
    }
    total = sum;
  }

  @Override
  public String type() {
    return "hyperband";
  }

  /** How many brackets there are. */
  int brackets() {
    return brackets.length;
  }

  /** The bracket (its early-stopping rate) of trial {@code number}. */
  int bracketOf(int number) {
    long slot = Math.floorMod(fnv1a(studyName + "_" + number), total);
    for (int i = 0; i < allocation.length; i++) {
      if (slot < allocation[i]) {
        return i;
      }
      slot -= allocation[i];
    }
    return allocation.length - 1;
  }

  @Override
  public Decision decide(PrunerTrial trial, List<PrunerTrial> history) {
    return brackets[bracketOf(trial.number())].decide(trial, history);
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
