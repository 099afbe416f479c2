package org.gistsweep.orchestrator.study;

/** Where a person has steered a study; the study's visible state also depends on its trials. */
enum Phase {
  /** Creates trials as the budget allows. */
  RUNNING,
  /** Creates no trial; live trials go on. */
  PAUSED,
  /** Creates no trial; running trials finish, then the study is stopped. */
  STOPPING,
  /** Every live trial was stopped as CANCELLED; the study is over. */
  CANCELLED
}
