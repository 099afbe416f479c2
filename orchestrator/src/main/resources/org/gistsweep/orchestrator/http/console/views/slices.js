// Slices: the objective against each parameter, one small grid per parameter in one chart.
import { el, chart, disposeChart, paint, BASE, trialTip, COLORS, isNumber, movesFinished } from "../dom.js";
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
  return {
    changed(change) { if (movesFinished(change)) dirty = true; },
    render() {
      if (!dirty) return undefined;
      dirty = false;
      const data = sliceData(store.list(), params);
      const option = { series: params.map((p, i) => ({ id: "slice-" + i, type: "scatter", xAxisIndex: i, yAxisIndex: i, data: data[i],
        large: true, largeThreshold: 2000, symbolSize: 5, itemStyle: { color: COLORS.COMPLETE, opacity: 0.6 } })) };
      if (!laidOut) {
        laidOut = true;
        const w = 100 / COLUMNS;
        Object.assign(option, BASE, {
          tooltip: { ...BASE.tooltip, formatter: (p) => { const t = store.trials[p.data[2]]; return t ? trialTip(t) : ""; } },
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
