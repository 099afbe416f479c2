package org.gistsweep.orchestrator.service;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.study.StudySnapshot;

/** A study with its sampler and dispatch bookkeeping; touched only on the owner's context. */
final class StudyRuntime {
  final Study study;
  final Sampler sampler;
  final List<StudyListener> watchers = new ArrayList<>();
  boolean sampling;
  boolean finishAnnounced;
  StudySnapshot snapshot;

  StudyRuntime(Study study, Sampler sampler) {
    this.study = study;
    this.sampler = sampler;
    this.snapshot = study.snapshot();
  }

  String id() {
    return study.id();
  }
}
