// Parallel coordinates: one axis per parameter plus the objective; categorical parameters get
// category axes, log parameters log axes. Brushing an axis selects trials; the selection is kept
// as intervals per axis, so it applies to trials that arrive later, and it filters the leaderboard.
import { el, chart, disposeChart, paint, BASE, trialTip, isNumber, movesFinished } from "../dom.js";
import { parameters, axisType, plotted } from "./space.js";

/** Rows [param values..., objective] and their trial numbers, for trials with a value. */
export function parallelData(trials, params) {
  const rows = [], numbers = [];
  for (const t of trials) {
    if (!isNumber(t.value) || (t.state !== "COMPLETE" && t.state !== "PRUNED")) continue;
    const row = params.map((p) => { const v = plotted(p, t.params[p.name]); return v === null ? "-" : v; });
    row.push(t.value);
    rows.push(row);
    numbers.push(t.number);
  }
  return { rows, numbers };
}

function inside(intervals, x) {
  return intervals.some(([lo, hi]) => x >= lo && x <= hi);
}

function mount(host, ctx) {
  const store = ctx.store;
  const params = parameters(ctx.details);
  const note = el("div", "Drag along an axis to select trials; the selection filters the leaderboard.", "note");
  note.id = "parallel-note";
  const box = el("div", null, "chart");
  box.id = "parallel-chart";
  host.append(note, box);
  const c = chart(box);
  const intervals = new Map();
  let numbers = [];
  let rows = [];
  /** The brushed intervals as a predicate over trials, independent of this view's lifetime. */
  function updateSelection() {
    const active = [...intervals.entries()].filter(([, iv]) => iv && iv.length > 0).map(([dim, iv]) => [dim, iv.map((x) => x.slice())]);
    if (active.length === 0) {
      if (ctx.selection.source === "parallel coordinates") ctx.select(null, null);
      return;
    }
    const test = (t) => {
      if (!isNumber(t.value) || (t.state !== "COMPLETE" && t.state !== "PRUNED")) return false;
      return active.every(([dim, iv]) => {
        if (dim === params.length) return inside(iv, t.value);
        const p = params[dim];
        const v = plotted(p, t.params[p.name]);
        if (v === null) return false;
        return inside(iv, p.categorical ? p.choices.indexOf(v) : v);
      });
    };
    ctx.select(test, "parallel coordinates");
  }
  c.on("axisareaselected", (e) => {
    intervals.set(Number(String(e.parallelAxisId).replace("axis-", "")), e.intervals);
    updateSelection();
  });
  let laidOut = false;
  let dirty = true;
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      const data = parallelData(store.list(), params);
      rows = data.rows;
      numbers = data.numbers;
      const option = { series: [{ id: "trials", type: "parallel", data: rows, progressive: 1000, smooth: false,
        lineStyle: { width: 1, opacity: 0.45 }, inactiveOpacity: 0.04, activeOpacity: 0.9 }] };
      if (!laidOut) {
        laidOut = true;
        const s = store.summary;
        const axes = params.map((p, i) => ({ id: "axis-" + i, dim: i, name: p.name, type: axisType(p), data: p.choices || undefined, scale: !p.categorical }));
        axes.push({ id: "axis-" + params.length, dim: params.length, name: s.metric, type: "value", scale: true });
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: (p) => { const t = store.trials[numbers[p.dataIndex]]; return t ? trialTip(t) : ""; } },
          parallel: { left: 60, right: 80, top: 60, bottom: 40 },
          parallelAxis: axes,
          visualMap: { show: true, type: "continuous", precision: 3, dimension: params.length, min: 0, max: 1, calculable: true, right: 0, top: "middle",
            inRange: { color: ["#c6d4f2", "#2f6fde", "#10306f"] } }
        });
      }
      const values = rows.map((r) => r[params.length]);
      if (values.length) {
        let min = Infinity, max = -Infinity;
        for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
        option.visualMap = { ...(option.visualMap || {}), min, max: max > min ? max : min + 1 };
      }
      return paint(c, option);
    },
    destroy() { disposeChart(c); }
  };
}

export default { key: "parallel", title: "Parallel coordinates", mount };
