package org.gistsweep.orchestrator.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.study.TrialError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds studies from journal entries: each entry is applied to its study exactly as it was the
 * first time, with the clock pinned to the entry's time, so the rebuilt state equals the recorded
 * one. Publishes nothing and records nothing. An entry that cannot be applied (a study it names was
 * never opened, a corrupt spec) is skipped, logged and counted; it never stops the replay.
 */
final class StudyReplay {
  private static final Logger LOG = LoggerFactory.getLogger(StudyReplay.class);

  /** The studies rebuilt, in the order they were opened, and how many entries were skipped. */
  record Result(Map<String, StudyRuntime> studies, int applied, int skipped) {}

  private StudyReplay() {}

  static Result replay(List<JournalEntry> entries, JournalClock clock) {
    Map<String, StudyRuntime> studies = new LinkedHashMap<>();
    int applied = 0;
    int skipped = 0;
    for (JournalEntry e : entries) {
      clock.enterAt(Instant.ofEpochMilli(e.at()));
      try {
        applyOne(e, studies, clock);
        applied++;
      } catch (RuntimeException ex) {
        skipped++;
        LOG.error(
            "journal: skipped {} of study {}: {}",
            e.getClass().getSimpleName(),
            e.study(),
            ex.toString());
      } finally {
        clock.exit();
      }
    }
    return new Result(studies, applied, skipped);
  }

  private static void applyOne(
      JournalEntry e, Map<String, StudyRuntime> studies, JournalClock clock) {
    if (e instanceof JournalEntry.StudyOpened o) {
      if (studies.containsKey(o.study())) {
        throw new IllegalStateException("the study was opened twice");
      }
      SweepSpec spec =
          o.askTell()
              ? AskTellSpecParser.parse(JournalCodec.tree(o.spec()))
              : SweepSpecParser.parse(JournalCodec.tree(o.spec()), o.study());
      studies.put(o.study(), StudyRuntime.create(o.study(), spec, o.askTell(), clock, o.secret()));
      return;
    }
    StudyRuntime rt = studies.get(e.study());
    if (rt == null) {
      throw new IllegalStateException("no study_opened entry precedes it");
    }
    if (e instanceof JournalEntry.TrialCreated c) {
      rt.study.createTrial(c.trial(), c.params(), c.config());
    } else if (e instanceof JournalEntry.TrialRejected r) {
      rt.study.createFailedTrial(
          r.trial(), r.params(), new TrialError(r.errorType(), r.message(), false));
    } else if (e instanceof JournalEntry.WorkerEvent w) {
      if (w.message() instanceof TrialFailed f && Study.ORCHESTRATOR.equals(f.worker())) {
        rt.study.applyOwn(
            f); // an expired lease (workers' reports under that id are never journaled)
      } else {
        rt.study.apply(w.message());
      }
    } else if (e instanceof JournalEntry.Asked a) {
      rt.study.ask(a.trial(), a.params());
    } else if (e instanceof JournalEntry.Reported r) {
      rt.study.report(r.trial(), r.step(), r.values());
    } else if (e instanceof JournalEntry.Told t) {
      rt.study.tell(t.trial(), TrialState.valueOf(t.state()), t.values());
    } else if (e instanceof JournalEntry.Controlled c) {
      rt.study.control(c.control(), c.call(), c.args());
    } else if (e instanceof JournalEntry.ArtifactsDeleted d) {
      rt.study.artifactsDeleted(d.trial(), d.keys(), d.reason());
    }
    rt.study
        .takeIssued(); // promotions replayed: their assignments were published with the entry that
    // caused them
  }
}
