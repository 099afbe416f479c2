// Pareto (multi-objective studies): every COMPLETE trial by two objectives, the front highlighted.
import { el, chart, disposeChart, paint, BASE, trialTip, COLORS, isNumber, movesFinished } from "../dom.js";

/** [x, y, number] of COMPLETE trials, split into the front and the rest. */
export function paretoData(trials, front, i, j) {
  const onFront = new Set(front || []);
  const points = [], best = [];
  for (const t of trials) {
    if (t.state !== "COMPLETE" || !t.values || !isNumber(t.values[i]) || !isNumber(t.values[j])) continue;
    (onFront.has(t.number) ? best : points).push([t.values[i], t.values[j], t.number]);
  }
  best.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { points, front: best };
}

function mount(host, ctx) {
  const store = ctx.store;
  const metrics = store.summary ? store.summary.metrics : ctx.details.objectives.map((o) => o.metric);
  if (metrics.length < 2) {
    host.appendChild(el("p", "This study has one objective (" + metrics[0] + "): a Pareto front needs two or more. See History.", "note"));
    return { render() { return undefined; }, destroy() {} };
  }
  let dirty = true;
  const bar = el("div", null, "toolbar");
  const pick = (id, chosen) => {
    const s = el("select");
    s.id = id;
    metrics.forEach((m, k) => { const o = el("option", m); o.value = String(k); s.appendChild(o); });
    s.value = String(chosen);
    s.addEventListener("change", () => { laidOut = false; dirty = true; ctx.schedule(); });
    return s;
  };
  const xs = pick("pareto-x", 0), ys = pick("pareto-y", 1);
  bar.append("x ", xs, " y ", ys);
  const box = el("div", null, "chart");
  box.id = "pareto-chart";
  host.append(bar, box);
  const c = chart(box);
  let laidOut = false;
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      const s = store.summary;
      const i = Number(xs.value), j = Number(ys.value);
      const d = paretoData(store.list(), s.pareto_front, i, j);
      const option = { series: [
        { id: "trials", name: "trials", type: "scatter", data: d.points, large: true, largeThreshold: 2000, symbolSize: 6, itemStyle: { color: "#9aa3b5" } },
        { id: "front", name: "Pareto front", type: "line", data: d.front, symbolSize: 9, itemStyle: { color: COLORS.FAILED }, lineStyle: { type: "dashed" } }
      ] };
      const opts = laidOut ? undefined : { notMerge: true };
      if (!laidOut) {
        laidOut = true;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: (p) => { const t = store.trials[p.data[2]]; return t ? trialTip(t) : ""; } },
          legend: { top: 8 }, grid: { left: 80, right: 40, top: 50, bottom: 50 },
          xAxis: { type: "value", scale: true, name: s.metrics[i] + " (" + s.directions[i] + ")", nameLocation: "middle", nameGap: 28 },
          yAxis: { type: "value", scale: true, name: s.metrics[j] + " (" + s.directions[j] + ")" }
        });
      }
      return paint(c, option, opts);
    },
    destroy() { disposeChart(c); }
  };
}

export default { key: "pareto", title: "Pareto", mount };
