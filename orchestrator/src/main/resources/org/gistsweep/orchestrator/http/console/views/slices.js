// Slices: the objective against each parameter, one small grid per parameter in one chart. Points
// go to ECharts packed in typed arrays (a categorical value as its choice's index on the category
// axis), so a live update at 10,000 trials stays well within 100 ms.
import { el, chart, disposeChart, paint, BASE, trialTip, COLORS, isNumber, movesFinished, packed } from "../dom.js";
import { parameters, axisType, plotted } from "./space.js";

const COLUMNS = 3, HEIGHT = 260;

/** Per parameter, [x, objective, trial number] of every COMPLETE trial that has that parameter. */
export function sliceData(trials, params) {
  const out = params.map(() => []);
  for (const t of trials) {
    if (t.state !== "COMPLETE" || !isNumber(t.value)) continue;
    params.forEach((p, i) => {
      const x = plotted(p, t.params[p.name]);
      if (x !== null) out[i].push([x, t.value, t.number]);
    });
  }
  return out;
}

function mount(host, ctx) {
  const store = ctx.store;
  const params = parameters(ctx.details);
  const box = el("div", null, "chart");
  box.id = "slices-chart";
  const rows = Math.max(1, Math.ceil(params.length / COLUMNS));
  box.style.height = rows * HEIGHT + 20 + "px";
  host.append(box);
  const c = chart(box);
  let laidOut = false;
  let dirty = true;
  let data = params.map(() => []);
  const onAxis = (p, x) => (p.categorical ? p.choices.indexOf(x) : x);
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    /** What is drawn, for tests: per parameter, [x, objective, trial number] points. */
    plotted() { return data; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      data = sliceData(store.list(), params);
      const option = { series: params.map((p, i) => ({ id: "slice-" + i, type: "scatter", xAxisIndex: i, yAxisIndex: i,
        dimensions: ["x", "value", "trial"], encode: { x: 0, y: 1 }, data: packed(data[i].map(([x, y, n]) => [onAxis(p, x), y, n]), 3),
        large: true, largeThreshold: 2000, symbolSize: 5, itemStyle: { color: COLORS.COMPLETE, opacity: 0.6 } })) };
      if (!laidOut) {
        laidOut = true;
        const w = 100 / COLUMNS;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: (p) => { const point = data[p.seriesIndex][p.dataIndex]; const t = point && store.trials[point[2]]; return t ? trialTip(t) : ""; } },
          grid: params.map((p, i) => ({ left: (i % COLUMNS) * w + 5 + "%", width: w - 8 + "%", top: Math.floor(i / COLUMNS) * HEIGHT + 40, height: HEIGHT - 90 })),
          xAxis: params.map((p, i) => ({ gridIndex: i, type: axisType(p), data: p.choices || undefined, name: p.name, nameLocation: "middle", nameGap: 26, scale: !p.categorical })),
          yAxis: params.map((p, i) => ({ gridIndex: i, type: "value", scale: true, name: i % COLUMNS === 0 ? store.summary.metric : "" }))
        });
      }
      return paint(c, option);
    },
    destroy() { disposeChart(c); }
  };
}

export default { key: "slices", title: "Slices", mount };
