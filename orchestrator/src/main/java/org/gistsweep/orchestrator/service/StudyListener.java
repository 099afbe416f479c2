package org.gistsweep.orchestrator.service;

import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * Hears about study changes. Called on the study owner's event-loop context, in order: it must
 * return quickly and hand any real work to another thread or context.
 */
public interface StudyListener {

  /** The full study, first when a watch starts, then after every batch that changed it. */
  default void onStudyUpdated(StudySnapshot study) {}

  /** One trial changed (state, epoch, worker, ...). */
  default void onTrialUpdated(String studyId, TrialSnapshot trial) {}

  /** The study finished: every trial is finished and no more will be created. Called once. */
  default void onStudyFinished(StudySnapshot study) {}
}
