// History: the objective per trial number, COMPLETE and PRUNED drawn differently, the best so far
// over COMPLETE trials, and a log-scale toggle (offered when every value is positive).
import { el, chart, disposeChart, paint, BASE, trialTip, COLORS, isNumber, movesFinished, packed } from "../dom.js";

/** The plotted data: [number, value] per COMPLETE and PRUNED trial, and the best-so-far steps. */
export function historyData(trials, direction) {
  const complete = [], pruned = [], best = [];
  let current = null;
  for (const t of trials) {
    if (!isNumber(t.value)) continue;
    if (t.state === "COMPLETE") {
      complete.push([t.number, t.value]);
      if (current === null || (direction === "minimize" ? t.value < current : t.value > current)) current = t.value;
      best.push([t.number, current]);
    } else if (t.state === "PRUNED") {
      pruned.push([t.number, t.value]);
    }
  }
  return { complete, pruned, best };
}

const XY = ["trial", "value"];

/**
 * The best-so-far points a step line needs to look the same: the first, each one that changes the
 * value, and the last (ECharts then draws hundreds of points instead of thousands).
 */
export function steps(best) {
  return best.filter((p, i) => i === 0 || i === best.length - 1 || p[1] !== best[i - 1][1]);
}

function mount(host, ctx) {
  const store = ctx.store;
  const bar = el("div", null, "toolbar");
  const label = el("label");
  const log = el("input");
  log.type = "checkbox";
  log.id = "log-scale";
  label.append(log, " log scale");
  bar.appendChild(label);
  const box = el("div", null, "chart");
  box.id = "history-chart";
  host.append(bar, box);
  const c = chart(box);
  let dirty = true;
  log.addEventListener("change", () => { dirty = true; ctx.schedule(); });
  let latest = { complete: [], pruned: [], best: [] };
  const tooltip = (p) => {
    const point = (latest[p.seriesId] || [])[p.dataIndex];
    const t = point && store.trials[point[0]];
    const best = p.seriesId === "complete" && latest.best[p.dataIndex];
    return t ? trialTip(t, best ? [["best so far", best[1]]] : null) : "";
  };
  let laidOut = false;
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      const s = store.summary;
      const d = historyData(store.list(), s.direction);
      latest = d;
      const values = d.complete.concat(d.pruned).map((p) => p[1]);
      const positive = values.length > 0 && values.every((v) => v > 0);
      log.disabled = !positive;
      label.title = positive ? "" : "a log scale needs every value above 0";
      const option = {
        series: [
          { id: "complete", name: "COMPLETE", type: "scatter", dimensions: XY, encode: { x: 0, y: 1 }, data: packed(d.complete, 2), large: true, largeThreshold: 2000, symbolSize: 6, itemStyle: { color: COLORS.COMPLETE } },
          { id: "pruned", name: "PRUNED", type: "scatter", dimensions: XY, encode: { x: 0, y: 1 }, data: packed(d.pruned, 2), large: true, largeThreshold: 2000, symbol: "triangle", symbolSize: 6, itemStyle: { color: COLORS.PRUNED, opacity: 0.6 } },
          // silent: the line runs through the best trials' points, and must not take their hover
          { id: "best", name: "best so far", type: "line", step: "end", dimensions: XY, encode: { x: 0, y: 1 }, data: packed(steps(d.best), 2), showSymbol: false, silent: true, z: 1, lineStyle: { color: "#1d2330", width: 2 }, sampling: undefined }
        ],
        yAxis: { type: log.checked && positive ? "log" : "value", name: s.metric, scale: true }
      };
      if (!laidOut) {
        laidOut = true;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: tooltip },
          legend: { top: 8 },
          grid: { left: 70, right: 30, top: 50, bottom: 60 },
          xAxis: { type: "value", name: "trial", nameLocation: "middle", nameGap: 30, minInterval: 1 },
          dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }]
        });
      }
      return paint(c, option);
    },
    destroy() { disposeChart(c); }
  };
}

export default { key: "history", title: "History", mount };
