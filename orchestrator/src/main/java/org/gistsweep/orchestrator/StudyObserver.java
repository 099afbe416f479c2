package org.gistsweep.orchestrator;

import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * Hears about every study of an {@link Orchestrator}. Calls come in order on one dedicated observer
 * thread (never the event loop), so an observer may do I/O such as writing files; a slow observer
 * only delays other observers.
 */
public interface StudyObserver {

  /** A trial was created or changed. */
  void onTrialUpdated(String studyId, TrialSnapshot trial);

  /**
   * A study finished; called once per study, before its {@link Orchestrator#completion} completes.
   */
  void onStudyFinished(StudySnapshot study);
}
