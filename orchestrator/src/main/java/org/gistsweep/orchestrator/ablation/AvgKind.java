package org.gistsweep.orchestrator.ablation;

import java.util.Locale;

/** What the VTAB-1K "Avg" row averages. */
public enum AvgKind {
  /** The mean of the three group means (Natural, Specialized, Structured): the default. */
  GROUPS,
  /** The mean of the tasks themselves. */
  TASKS;

  /** The query spelling, {@code groups} or {@code tasks}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static AvgKind parse(String s) {
    for (AvgKind k : values()) {
      if (k.wireName().equals(s)) {
        return k;
      }
    }
    throw new AblationException("avg", "must be groups or tasks, got '" + s + "'");
  }
}
