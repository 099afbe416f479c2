// One study as the page knows it: the summary and every trial by number, kept current by the
// study's event stream. Views read it and hear each change; nothing is fetched again.
export class StudyStore {
  constructor(id) {
    this.id = id;
    this.summary = null;
    this.trials = [];
    this.version = 0;
    this.snapshots = 0;
    this.listeners = new Set();
  }

  /** Trials in number order (ask/tell and worker studies number them densely from 0). */
  list() {
    return this.trials.filter((t) => t);
  }

  subscribe(f) {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  applySnapshot(study) {
    const { trials, ...summary } = study;
    this.summary = summary;
    this.trials = [];
    for (const t of trials) this.trials[t.number] = t;
    this.snapshots++;
    this.emit({ type: "snapshot" });
  }

  applyTrial(t) {
    const previous = this.trials[t.number];
    this.trials[t.number] = t;
    this.emit({ type: "trial", trial: t, previous });
  }

  applyStudy(summary) {
    const previous = this.summary;
    this.summary = summary;
    this.emit({ type: "study", previous });
  }

  emit(change) {
    this.version++;
    for (const f of this.listeners) f(change);
  }
}

/** The best objective a trial reached so far (its value once finished). */
export function bestSoFar(t, summary) {
  if (typeof t.value === "number") return t.value;
  const minimize = summary && summary.direction === "minimize";
  const metric = summary ? summary.metric : "val_top1";
  let values = (t.epochs || []).map((e) => e[metric]).filter((v) => typeof v === "number");
  if (values.length === 0) values = Object.values(t.intermediate_values || {}).filter((v) => typeof v === "number");
  if (values.length === 0) return null;
  return minimize ? Math.min(...values) : Math.max(...values);
}
