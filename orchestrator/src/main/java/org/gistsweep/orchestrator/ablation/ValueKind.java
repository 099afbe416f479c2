package org.gistsweep.orchestrator.ablation;

import java.util.Locale;

/** Which value of a trial the table shows: {@code best} (the study's objective) or {@code last}. */
public enum ValueKind {
  /** The study's objective: the best epoch's value. */
  BEST,
  /** The objective metric of the last recorded epoch. */
  LAST;

  /** The query spelling, {@code best} or {@code last}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ValueKind parse(String s) {
    for (ValueKind k : values()) {
      if (k.wireName().equals(s)) {
        return k;
      }
    }
    throw new AblationException("value", "must be best or last, got '" + s + "'");
  }
}
