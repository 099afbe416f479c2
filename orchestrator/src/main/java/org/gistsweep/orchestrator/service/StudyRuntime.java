package org.gistsweep.orchestrator.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.orchestrator.pruner.Pruner;
import org.gistsweep.orchestrator.pruner.Pruners;
import org.gistsweep.orchestrator.sampler.Sampler;
import org.gistsweep.orchestrator.sampler.Samplers;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * A study with its sampler, pruner and dispatch bookkeeping; touched only on the owner's context.
 */
final class StudyRuntime {
  final Study study;
  final Sampler sampler;
  final Pruner pruner;

  /** The pruner's view of the trials, kept across decisions. */
  final PruningInputs pruning;

  /** Ask/tell: a client asks for trials; nothing is dispatched to workers. */
  final boolean askTell;

  final List<StudyListener> watchers = new ArrayList<>();

  /** (trial, attempt) pairs whose prune request was published or is in flight. */
  final Set<Long> pruneRequested = new HashSet<>();

  /** When each attempt's assignment was sent (journal-clock millis), until its worker starts it. */
  final Map<Long, Long> assignedAt = new HashMap<>();

  /** Whether a batch of suggestions is being sampled for dispatch. */
  boolean sampling;

  /** This study's sampler calls (dispatch batches and asks), one at a time. */
  final SamplingLane lane = new SamplingLane();

  /**
   * Bumped on the owner context by every control that changes the study; a batch being sampled
   * stops at its next suggestion when it sees a change (pause, stop, cancel, a lower budget).
   */
  volatile int controls;

  /**
   * Ask/tell: numbers of the asks not yet recorded (being sampled, or sampled and waiting for
   * earlier numbers), and the sampled ones.
   */
  final NavigableSet<Integer> asksInFlight = new TreeSet<>();

  final NavigableMap<Integer, Runnable> asksSampled = new TreeMap<>();
  boolean finishAnnounced;
  StudySnapshot snapshot;

  StudyRuntime(Study study, Sampler sampler, Pruner pruner, boolean askTell) {
    this.study = study;
    this.sampler = sampler;
    this.pruner = pruner;
    this.pruning = new PruningInputs(pruner);
    this.askTell = askTell;
    this.snapshot = study.snapshot();
  }

  /**
   * A new study with the sampler and pruner its spec names; {@code clock} stamps everything.
   *
   * @param secret the key of its attempt tokens, or {@code null} (a journal older than tokens)
   */
  static StudyRuntime create(
      String id, SweepSpec spec, boolean askTell, Clock clock, String secret) {
    Sampler sampler = Samplers.create(spec.sampler(), spec.objective().direction());
    return create(
        id,
        spec,
        askTell,
        clock,
        secret,
        sampler,
        sampler.size(spec.space()).orElse(Long.MAX_VALUE));
  }

  /** A new study with this sampler, whose {@link Sampler#size} is {@code samplerSize}. */
  static StudyRuntime create(
      String id,
      SweepSpec spec,
      boolean askTell,
      Clock clock,
      String secret,
      Sampler sampler,
      long samplerSize) {
    Pruner pruner =
        Pruners.create(spec.pruner(), spec.name(), spec.directions(), spec.budget().epochs());
    return new StudyRuntime(
        new Study(id, spec, samplerSize, clock, secret), sampler, pruner, askTell);
  }

  String id() {
    return study.id();
  }

  static long attemptKey(int trial, int attempt) {
    return ((long) trial << 32) | (attempt & 0xffffffffL);
  }
}
