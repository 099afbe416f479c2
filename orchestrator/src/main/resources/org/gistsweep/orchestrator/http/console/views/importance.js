// Importance: bars from /api/studies/{id}/importance (mean |SHAP| of a random forest over COMPLETE
// trials). Fetched again when the number of COMPLETE trials changes, at most every 5 s; first asked
// while the study's trials load.
import { el, chart, disposeChart, paint, BASE, tip } from "../dom.js";

const MIN_INTERVAL_MS = 5000;

/** Bars, most important on top: names and values in matching order. */
export function importanceBars(importance) {
  const entries = Object.entries(importance).sort((a, b) => a[1] - b[1]);
  return { names: entries.map((e) => e[0]), values: entries.map((e) => e[1]) };
}

function mount(host, ctx) {
  const store = ctx.store;
  const note = el("div", "", "note");
  note.id = "importance-note";
  const box = el("div", null, "chart");
  box.id = "importance-chart";
  host.append(note, box);
  const c = chart(box);
  let result = null, fetchedFor = -1, lastFetch = 0, inFlight = false, timer = null, drawn = null, interval = MIN_INTERVAL_MS;
  async function load() {
    inFlight = true;
    lastFetch = Date.now();
    fetchedFor = (store.summary || ctx.details).counts.COMPLETE;
    try {
      const r = await fetch("/api/studies/" + encodeURIComponent(ctx.id) + "/importance");
      const body = await r.json();
      if (!r.ok) throw new Error(body.error);
      result = body;
      interval = Math.max(MIN_INTERVAL_MS, 2 * (Date.now() - lastFetch));
    } catch (e) {
      note.textContent = "cannot compute importance: " + e.message;
    } finally {
      inFlight = false;
      ctx.schedule();
    }
  }
  // asked at once, while the page still loads the study's trials: the two take the same time
  load();
  return {
    ready() { return drawn !== null; },
    render() {
      const complete = store.summary.counts.COMPLETE;
      if (complete !== fetchedFor && !inFlight) {
        const wait = lastFetch + interval - Date.now();
        if (wait <= 0) load();
        else if (!timer) timer = setTimeout(() => { timer = null; ctx.schedule(); }, wait);
      }
      if (!result || drawn === result) return undefined;
      drawn = result;
      note.textContent = "Mean |SHAP| of a random forest over " + result.trials_used + " COMPLETE trials.";
      const bars = importanceBars(result.importance);
      return paint(c, { ...BASE,
        tooltip: { ...BASE.tooltip, formatter: (p) => tip(p.name, [["importance", p.value]]) },
        grid: { left: 160, right: 40, top: 20, bottom: 30 },
        xAxis: { type: "value", name: "importance" },
        yAxis: { type: "category", data: bars.names, axisLabel: { width: 150, overflow: "truncate" } },
        series: [{ id: "importance", type: "bar", data: bars.values, itemStyle: { color: "#2f6fde" } }] }, { notMerge: true });
    },
    destroy() { disposeChart(c); if (timer) clearTimeout(timer); }
  };
}

export default { key: "importance", title: "Importance", mount };
