// Curves (intermediate values): every trial's per-epoch curve of one metric. Pruned trials are
// dimmed and end where they stopped; the pruner's rungs are marked. A trial's curve is rebuilt only
// when that trial changes, so an epoch event appends one point. Curves are drawn as the segments
// between their points, in large-mode lines (see lines.js); hovering one shows its trial.
import { el, chart, disposeChart, paint, BASE, trialTip, intermediate, COLORS, packed } from "../dom.js";
import { segments, TOOLTIP_PAD, enableLineTooltips, forgetLineData } from "./lines.js";

export const METRICS = ["val_top1", "train_loss", "ce_cls", "ce_gist", "kl_cls_gist", "kl_gist_cls", "lr", "images_per_second"];
const REPORTED = "reported objective";

/** Epochs (or steps) where the pruner decides: ASHA/Hyperband rungs, or the end of a median/percentile warm-up. */
export function rungs(pruner, maxStep) {
  if (!pruner || !maxStep) return [];
  if (pruner.type === "asha" || pruner.type === "hyperband") {
    const out = [];
    const min = pruner.min_resource || 1, factor = pruner.reduction_factor || 3;
    for (let r = min; r <= maxStep && out.length < 20; r *= factor) out.push(r);
    return out;
  }
  if ((pruner.type === "median" || pruner.type === "percentile") && pruner.n_warmup_steps > 0) return [pruner.n_warmup_steps];
  return [];
}

function mount(host, ctx) {
  const store = ctx.store;
  const bar = el("div", null, "toolbar");
  const label = el("label", "metric ");
  const select = el("select");
  select.id = "curve-metric";
  const hasEpochs = () => store.list().some((t) => t.epochs && t.epochs.length > 0);
  const options = () => (hasEpochs() ? METRICS : [REPORTED]);
  label.appendChild(select);
  bar.appendChild(label);
  const box = el("div", null, "chart");
  box.id = "curves-chart";
  host.append(bar, box);
  const c = chart(box);
  c.on("finished", () => enableLineTooltips(c));
  let metric = null;
  /** Per series id, the trial of each segment (lines) or point (the pruned trials' ends). */
  let owners = { running: [], pruned: [], "pruned-ends": [] };
  let drawn = { running: [], pruned: [] };
  const ownerOf = (p) => (owners[p.seriesId] || [])[p.seriesId === "pruned-ends" ? p.dataIndex : p.dataIndex - TOOLTIP_PAD];
  const curves = new Map();
  const curveOf = (t) => intermediate(t, metric === REPORTED ? null : metric);
  function rebuild() {
    curves.clear();
    for (const t of store.list()) curves.set(t.number, curveOf(t));
  }
  select.addEventListener("change", () => { metric = select.value; rebuild(); ctx.schedule(); });
  c.on("click", (p) => { const n = ownerOf(p); if (n !== undefined) ctx.navigate("/studies/" + encodeURIComponent(ctx.id) + "/trials/" + n); });
  let laidOut = false;
  return {
    /** What is drawn, for tests: per series, each trial's curve as [step, value] points. */
    plotted() { return drawn; },
    changed(change) {
      if (change.type === "trial" && metric !== null) curves.set(change.trial.number, curveOf(change.trial));
      if (change.type === "snapshot") metric = null;
    },
    render() {
      const names = options();
      if (metric === null || !names.includes(metric)) {
        select.replaceChildren(...names.map((m) => { const o = el("option", m); o.value = m; return o; }));
        metric = names.includes("val_top1") ? "val_top1" : names[0];
        select.value = metric;
        rebuild();
      }
      const live = [], pruned = [];
      let maxStep = 0, low = Infinity, high = -Infinity;
      for (const [number, coords] of curves) {
        if (coords.length === 0) continue;
        maxStep = Math.max(maxStep, coords[coords.length - 1][0]);
        for (const [, y] of coords) { if (y < low) low = y; if (y > high) high = y; }
        const t = store.trials[number];
        (t.state === "PRUNED" ? pruned : live).push({ trial: number, coords });
      }
      drawn = { running: live, pruned };
      // a curve of one point is a zero-length segment, which the mouse still finds
      const split = (list) => {
        const segs = [], who = [];
        for (const { trial, coords } of list) {
          if (coords.length === 1) { segs.push([coords[0], coords[0]]); who.push(trial); }
          for (let i = 1; i < coords.length; i++) { segs.push([coords[i - 1], coords[i]]); who.push(trial); }
        }
        return { segs, who };
      };
      const liveSegs = split(live), prunedSegs = split(pruned);
      owners = { running: liveSegs.who, pruned: prunedSegs.who, "pruned-ends": pruned.map((p) => p.trial) };
      const marks = rungs(ctx.details.pruner, Math.max(maxStep, ctx.details.budget ? ctx.details.budget.epochs || 0 : 0));
      const line = (id, name, data, color, opacity) => ({
        id, name, type: "lines", coordinateSystem: "cartesian2d", large: true, largeThreshold: 0, progressive: 0,
        data: segments(data), lineStyle: { color, opacity, width: 1.2 }
      });
      const option = {
        series: [
          line("running", "COMPLETE / RUNNING", liveSegs.segs, COLORS.RUNNING, 0.7),
          line("pruned", "PRUNED", prunedSegs.segs, COLORS.PRUNED, 0.25),
          // where each pruned trial stopped (a one-epoch curve has no length to show)
          { id: "pruned-ends", name: "PRUNED", type: "scatter", symbolSize: 5, large: true, largeThreshold: 2000, dimensions: ["step", "value"],
            encode: { x: 0, y: 1 }, data: packed(pruned.map((p) => p.coords[p.coords.length - 1]), 2), itemStyle: { color: COLORS.PRUNED, opacity: 0.6 } },
          { id: "rungs", name: "rungs", type: "scatter", data: [], markLine: { silent: true, symbol: "none", label: { formatter: "rung {c}" },
            lineStyle: { color: "#888", type: "dashed" }, data: marks.map((x) => ({ xAxis: x })) } }
        ],
        // a lines series does not stretch its axes: give them the data's extent
        xAxis: { min: 0, max: Math.max(1, maxStep, ...marks) },
        yAxis: { type: "value", name: metric, scale: true, axisLabel: { formatter: (v) => String(Number(v.toPrecision(4))) }, min: low <= high ? low - (high - low) * 0.05 : null, max: low <= high ? high + (high - low) * 0.05 : null }
      };
      if (!laidOut) {
        laidOut = true;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: (p) => {
            const number = ownerOf(p);
            const t = store.trials[number];
            const curve = curves.get(number);
            if (!t || !curve || curve.length === 0) return "";
            return trialTip(t, [["last " + metric, curve[curve.length - 1][1]]]);
          } },
          legend: { top: 8, data: ["COMPLETE / RUNNING", "PRUNED"] },
          grid: { left: 70, right: 30, top: 50, bottom: 50 },
          xAxis: { type: "value", name: "epoch", nameLocation: "middle", nameGap: 28, minInterval: 1, min: 0, max: option.xAxis.max }
        });
      }
      forgetLineData(c);
      return paint(c, option);
    },
    destroy() { disposeChart(c); }
  };
}

export default { key: "curves", title: "Curves", mount };
