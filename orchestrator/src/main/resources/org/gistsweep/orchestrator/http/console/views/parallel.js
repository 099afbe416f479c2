// Parallel coordinates: one axis per parameter plus the objective; categorical parameters get
// category axes, log parameters log axes. The axes and their brushing are ECharts' parallel
// component. The trials are drawn by ECharts "lines" series in large mode on an invisible grid
// laid exactly over the axes: x is the axis index, y the position along the axis in [0, 1],
// computed here with the same min and max the axes are given; a trial is the segments between its
// points. A large-mode series is one canvas path, so a live update redraws 10,000 trials in
// milliseconds, where ECharts' parallel series (an element per trial) took half a second. One
// series per colour band of the objective; brushed trials are drawn on top. Brushing keeps
// intervals per axis, so the selection applies to trials that arrive later, and it filters the
// leaderboard.
import { el, chart, disposeChart, paint, BASE, trialTip, isNumber, movesFinished } from "../dom.js";
import { parameters, plotted } from "./space.js";
import { segments, TOOLTIP_PAD, enableLineTooltips, forgetLineData } from "./lines.js";

export const LAYOUT = { left: 60, right: 130, top: 60, bottom: 40 };
const BANDS = 8;
const LIGHT = [198, 212, 242], DARK = [16, 48, 111];
const SELECTED = "#d9480f";

/** Rows [param values..., objective] and their trial numbers, for trials with a value. */
export function parallelData(trials, params) {
  const rows = [], numbers = [];
  for (const t of trials) {
    if (!isNumber(t.value) || (t.state !== "COMPLETE" && t.state !== "PRUNED")) continue;
    const row = params.map((p) => plotted(p, t.params[p.name]));
    row.push(t.value);
    rows.push(row);
    numbers.push(t.number);
  }
  return { rows, numbers };
}

function extent(values, low, high) {
  let min = low === null ? Infinity : low, max = high === null ? -Infinity : high;
  for (const v of values) {
    if (!isNumber(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 1];
}

/**
 * One axis: its ECharts type, the min and max it is given, and where a value lies along it in
 * [0, 1] (null for no value): linear, linear in log space, or a category's band centre (ECharts'
 * category axes put a category in the middle of its band).
 */
export function axisScale(p, values) {
  if (p && p.categorical) {
    const index = new Map(p.choices.map((c, i) => [c, i]));
    const n = p.choices.length;
    return { type: "category", position: (v) => (index.has(v) ? (index.get(v) + 0.5) / n : null) };
  }
  let [min, max] = extent(values, p ? p.low : null, p ? p.high : null);
  const log = p && p.log && min > 0;
  if (max === min) {
    min = log ? min / 2 : min - 0.5;
    max = log ? max * 2 : max + 0.5;
  }
  const lo = log ? Math.log(min) : min, span = (log ? Math.log(max) : max) - lo;
  return { type: log ? "log" : "value", min, max,
    position: (v) => (isNumber(v) && (!log || v > 0) ? ((log ? Math.log(v) : v) - lo) / span : null) };
}

/** The colour of band {@code i} of {@code n}, light (low objective) to dark (high). */
function bandColour(i, n) {
  const f = n > 1 ? i / (n - 1) : 1;
  return "rgb(" + LIGHT.map((l, k) => Math.round(l + (DARK[k] - l) * f)).join(",") + ")";
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
  c.on("finished", () => enableLineTooltips(c));
  const intervals = new Map();
  /** Per series id, the trial number of each of its segments. */
  let owners = {};
  let plottedRows = { rows: [], numbers: [], positions: [], selected: [] };
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
  let dirty = true;
  const onSelection = () => { dirty = true; ctx.schedule(); };
  ctx.selection.listeners.add(onSelection);
  const tooltip = (p) => {
    const list = owners[p.seriesId];
    const t = list && store.trials[list[p.dataIndex - TOOLTIP_PAD]];
    return t ? trialTip(t) : "";
  };
  let laidOut = false, drawnAxes = null, drawnLegend = null;
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    /** What is drawn, for tests: rows as the API gives them, their trial numbers, each row's [x, y] points, the brushed trials. */
    plotted() { return plottedRows; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      const { rows, numbers } = parallelData(store.list(), params);
      const scales = params.map((p, i) => axisScale(p, rows.map((r) => r[i])));
      scales.push(axisScale(null, rows.map((r) => r[params.length])));
      const objective = scales[params.length];
      const chosen = ctx.selection.test;
      const bands = Array.from({ length: BANDS }, () => ({ segments: [], owners: [] }));
      const selected = { segments: [], owners: [], numbers: [] };
      const positions = [];
      rows.forEach((row, k) => {
        const points = [];
        row.forEach((v, axis) => { const y = scales[axis].position(v); if (y !== null) points.push([axis, y]); });
        positions.push(points);
        const t = store.trials[numbers[k]];
        const target = chosen && chosen(t) ? selected
          : bands[Math.min(BANDS - 1, Math.floor(objective.position(row[params.length]) * BANDS))];
        for (let i = 1; i < points.length; i++) {
          target.segments.push([points[i - 1], points[i]]);
          target.owners.push(numbers[k]);
        }
        if (target === selected) selected.numbers.push(numbers[k]);
      });
      plottedRows = { rows, numbers, positions, selected: selected.numbers };
      const dim = chosen ? 0.12 : 0.5;
      const series = bands.map((b, i) => ({
        id: "band-" + i, name: bandName(objective, i), type: "lines", coordinateSystem: "cartesian2d",
        large: true, largeThreshold: 0, progressive: 0, data: segments(b.segments),
        lineStyle: { color: bandColour(i, BANDS), width: 1, opacity: dim }, z: 2 }));
      series.push({ id: "selected", name: "selected", type: "lines", coordinateSystem: "cartesian2d",
        large: true, largeThreshold: 0, progressive: 0, data: segments(selected.segments),
        lineStyle: { color: SELECTED, width: 1.2, opacity: 0.9 }, z: 3 });
      // ECharts sets a parallel axis' scale (ticks, labels, brushing) only from a parallel series, and rounds a
      // log axis' labels by its data: an invisible one with each axis' two ends
      const ends = (at) => scales.map((sc, i) => (sc.type === "category" ? params[i].choices[at ? params[i].choices.length - 1 : 0] : at ? sc.max : sc.min));
      series.push({ id: "axes", type: "parallel", data: [ends(0), ends(1)], silent: true, lineStyle: { opacity: 0 }, inactiveOpacity: 0, activeOpacity: 0 });
      owners = Object.fromEntries(bands.map((b, i) => ["band-" + i, b.owners]));
      owners.selected = selected.owners;
      const s = store.summary;
      const axes = params.map((p, i) => axisOption(p.name, i, scales[i], p));
      axes.push(axisOption(s.metric, params.length, objective, null));
      const option = { series };
      // axes and legend only when they change: redrawing the axes is most of a small update
      const axesKey = JSON.stringify(axes), legendNames = series.filter((x) => x.type === "lines").map((x) => x.name).reverse();
      if (axesKey !== drawnAxes) {
        option.parallelAxis = axes;
        drawnAxes = axesKey;
      }
      if (legendNames.join("\n") !== drawnLegend) {
        option.legend = { data: legendNames, ...LEGEND };
        drawnLegend = legendNames.join("\n");
      }
      if (!laidOut) {
        laidOut = true;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: tooltip },
          parallel: { ...LAYOUT, parallelAxisDefault: { nameTextStyle: { fontWeight: "bold" }, areaSelectStyle: { width: 24 } } },
          grid: { ...LAYOUT, show: false },
          xAxis: { type: "value", min: 0, max: Math.max(1, params.length), show: false },
          yAxis: { type: "value", min: 0, max: 1, show: false }
        });
      }
      forgetLineData(c);
      return paint(c, option);
    },
    destroy() {
      ctx.selection.listeners.delete(onSelection);
      disposeChart(c);
    }
  };
}

const LEGEND = { type: "scroll", orient: "vertical", right: 0, top: "middle", itemWidth: 18, itemHeight: 8, textStyle: { fontSize: 11 } };

function bandName(scale, i) {
  const a = scale.min + ((scale.max - scale.min) * i) / BANDS, b = scale.min + ((scale.max - scale.min) * (i + 1)) / BANDS;
  return a.toPrecision(4) + "\u2013" + b.toPrecision(4);
}

function axisOption(name, i, scale, p) {
  const axis = { id: "axis-" + i, dim: i, name, type: scale.type };
  if (scale.type === "category") axis.data = p.choices;
  else Object.assign(axis, { min: scale.min, max: scale.max, axisLabel: { formatter: (v) => String(Number(v.toPrecision(4))) } });
  return axis;
}

export default { key: "parallel", title: "Parallel coordinates", mount };
