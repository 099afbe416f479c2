// Timeline: one lane per worker, each attempt a bar from its start to its end, coloured by outcome
// (complete, pruned, failed, lease expired and issued again, running). Above it, how busy the
// fleet was and what pruning saved.
import { el, chart, disposeChart, paint, BASE, tip, COLORS } from "../dom.js";

export const OUTCOMES = ["COMPLETE", "PRUNED", "FAILED", "LEASE_EXPIRED", "RUNNING"];
const CLIENT = "(ask/tell client)";

/** Lanes (worker names, sorted) and per outcome [lane, startMs, endMs, trial, attempt] bars. */
export function timelineData(trials, now) {
  const lanes = new Set();
  const bars = Object.fromEntries(OUTCOMES.map((o) => [o, []]));
  const raw = [];
  for (const t of trials) {
    for (const a of t.attempts || []) {
      if (!a.started_at || !bars[a.outcome]) continue;
      const lane = a.worker || CLIENT;
      lanes.add(lane);
      raw.push([lane, Date.parse(a.started_at), a.ended_at ? Date.parse(a.ended_at) : now, t.number, a.attempt, a.outcome]);
    }
  }
  const names = [...lanes].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  for (const [lane, start, end, number, attempt, outcome] of raw) bars[outcome].push([index.get(lane), start, end, number, attempt]);
  return { lanes: names, bars };
}

/** Busy time of all lanes over (lanes x span), as a fraction. */
export function utilisation(data) {
  let first = Infinity, last = -Infinity, busy = 0;
  for (const list of Object.values(data.bars)) {
    for (const [, s, e] of list) { first = Math.min(first, s); last = Math.max(last, e); busy += e - s; }
  }
  return last > first && data.lanes.length ? busy / ((last - first) * data.lanes.length) : 0;
}

function renderBar(params, api) {
  const lane = api.value(0);
  const start = api.coord([api.value(1), lane]);
  const end = api.coord([api.value(2), lane]);
  const h = api.size([0, 1])[1] * 0.6;
  return { type: "rect", shape: { x: start[0], y: start[1] - h / 2, width: Math.max(1, end[0] - start[0]), height: h }, style: api.style() };
}

function mount(host, ctx) {
  const store = ctx.store;
  const note = el("div", "", "note");
  note.id = "timeline-note";
  const box = el("div", null, "chart");
  box.id = "timeline-chart";
  host.append(note, box);
  const c = chart(box);
  let lanes = [];
  let timer = setInterval(() => { if (store.summary && store.summary.counts.RUNNING) ctx.schedule(); }, 2000);
  return {
    render() {
      const d = timelineData(store.list(), Date.now());
      lanes = d.lanes;
      const s = store.summary;
      note.textContent = d.lanes.length + " lane(s), busy " + Math.round(utilisation(d) * 100) + "% of the time shown; pruning saved " +
        (s.pruned_epochs_saved || 0) + " epochs (" + (s.counts.PRUNED || 0) + " trials stopped early).";
      return paint(c, { ...BASE,
        tooltip: { ...BASE.tooltip, formatter: (p) => tip("trial " + p.data[3] + " attempt " + p.data[4], [["worker", lanes[p.data[0]]],
          ["outcome", p.seriesName], ["seconds", (p.data[2] - p.data[1]) / 1000]]) },
        legend: { top: 8 },
        grid: { left: 150, right: 30, top: 50, bottom: 60 },
        xAxis: { type: "time" },
        yAxis: { type: "category", data: lanes, axisLabel: { width: 140, overflow: "truncate" } },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
        series: OUTCOMES.map((o) => ({ id: o, name: o, type: "custom", renderItem: renderBar, encode: { x: [1, 2], y: 0 },
          data: d.bars[o], itemStyle: { color: COLORS[o], opacity: 0.85 }, progressive: 2000 }))
      }, { replaceMerge: ["series"] });
    },
    destroy() { disposeChart(c); clearInterval(timer); }
  };
}

export default { key: "timeline", title: "Timeline", mount };
