// Timeline: one lane per worker, each attempt a bar from its start to its end, coloured by outcome
// (complete, pruned, failed, lease expired and issued again, running). Above it, how busy the
// fleet was and what pruning saved. Bars are thick segments of ECharts "lines" series in large
// mode, one canvas path per outcome, so a live update redraws 10,000 attempts in milliseconds (a
// custom series, an element per bar, took a third of a second).
import { el, chart, disposeChart, paint, BASE, tip, COLORS } from "../dom.js";
import { segments, TOOLTIP_PAD, enableLineTooltips, forgetLineData } from "./lines.js";

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

function mount(host, ctx) {
  const store = ctx.store;
  const note = el("div", "", "note");
  note.id = "timeline-note";
  const box = el("div", null, "chart");
  box.id = "timeline-chart";
  host.append(note, box);
  const c = chart(box);
  c.on("finished", () => enableLineTooltips(c));
  let d = { lanes: [], bars: {} };
  let timer = setInterval(() => { if (store.summary && store.summary.counts.RUNNING) ctx.schedule(); }, 2000);
  const tooltip = (p) => {
    const bar = (d.bars[p.seriesId] || [])[p.dataIndex - TOOLTIP_PAD];
    return bar ? tip("trial " + bar[3] + " attempt " + bar[4], [["worker", d.lanes[bar[0]]], ["outcome", p.seriesId], ["seconds", (bar[2] - bar[1]) / 1000]]) : "";
  };
  let laidOut = false;
  return {
    /** What is drawn, for tests: lanes, and per outcome [lane, startMs, endMs, trial, attempt] bars. */
    plotted() { return d; },
    render() {
      d = timelineData(store.list(), Date.now());
      const s = store.summary;
      note.textContent = d.lanes.length + " lane(s), busy " + Math.round(utilisation(d) * 100) + "% of the time shown; pruning saved " +
        (s.pruned_epochs_saved || 0) + " epochs (" + (s.counts.PRUNED || 0) + " trials stopped early).";
      let first = Infinity, last = -Infinity;
      for (const list of Object.values(d.bars)) for (const [, a, b] of list) { if (a < first) first = a; if (b > last) last = b; }
      if (!(first < last)) { first = Date.now() - 60000; last = Date.now(); }
      const plot = { width: Math.max(100, box.clientWidth - GRID.left - GRID.right), height: Math.max(50, box.clientHeight - GRID.top - GRID.bottom) };
      // a bar is at least one pixel wide, and as thick as 60% of its lane
      const shortest = (last - first) / plot.width;
      const thickness = Math.max(2, Math.min(18, (0.6 * plot.height) / Math.max(1, d.lanes.length)));
      const option = {
        xAxis: { type: "time", min: first, max: last },
        yAxis: { type: "category", data: d.lanes, axisLabel: { width: 140, overflow: "truncate" } },
        series: OUTCOMES.map((o) => ({ id: o, name: o, type: "lines", coordinateSystem: "cartesian2d", large: true, largeThreshold: 0, progressive: 0,
          data: segments(d.bars[o].map(([lane, a, b]) => [[a, lane], [Math.max(b, a + shortest), lane]])),
          lineStyle: { color: COLORS[o], width: thickness, opacity: 0.85, cap: "butt" } }))
      };
      if (!laidOut) {
        laidOut = true;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: tooltip },
          legend: { top: 8, data: OUTCOMES },
          grid: GRID,
          dataZoom: [{ type: "inside", filterMode: "none" }, { type: "slider", height: 18, bottom: 8, filterMode: "none" }]
        });
      }
      forgetLineData(c);
      return paint(c, option);
    },
    destroy() { disposeChart(c); clearInterval(timer); }
  };
}

const GRID = { left: 150, right: 30, top: 50, bottom: 60 };

export default { key: "timeline", title: "Timeline", mount };
