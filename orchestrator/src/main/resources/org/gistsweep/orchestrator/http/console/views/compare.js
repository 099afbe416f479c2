// Compare: the history and best-so-far of several studies overlaid. This study plus up to three
// others (?with=ID,ID), each kept live by its own event stream.
import { el, chart, disposeChart, paint, BASE, trialTip, tip } from "../dom.js";
import { StudyStore } from "../store.js";
import { StudyStream } from "../live.js";
import { historyData } from "./history.js";

const MAX_OTHERS = 3;

function mount(host, ctx) {
  const others = new Map();
  const wanted = (ctx.query.get("with") || "").split(",").filter((s) => s && s !== ctx.id).slice(0, MAX_OTHERS);
  const picker = el("div", null, "toolbar");
  picker.id = "compare-picker";
  const box = el("div", null, "chart");
  box.id = "compare-chart";
  host.append(el("div", "Overlay up to " + MAX_OTHERS + " other studies:", "note"), picker, box);
  const c = chart(box);
  function follow(id) {
    const store = new StudyStore(id);
    store.subscribe(() => ctx.schedule());
    others.set(id, { store, stream: new StudyStream(store) });
  }
  function unfollow(id) {
    others.get(id).stream.close();
    others.delete(id);
  }
  function syncUrl() {
    const ids = [...others.keys()];
    history.replaceState(null, "", location.pathname + (ids.length ? "?with=" + ids.map(encodeURIComponent).join(",") : ""));
  }
  wanted.forEach(follow);
  fetch("/api/studies").then((r) => r.json()).then(({ studies }) => {
    for (const s of studies) {
      if (s.id === ctx.id) continue;
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.value = s.id;
      box.checked = others.has(s.id);
      box.addEventListener("change", () => {
        if (box.checked && others.size >= MAX_OTHERS) { box.checked = false; return; }
        box.checked ? follow(s.id) : unfollow(s.id);
        syncUrl();
        ctx.schedule();
      });
      label.append(box, " " + s.name);
      label.title = s.id;
      picker.appendChild(label);
    }
  });
  return {
    render() {
      const stores = [ctx.store, ...[...others.values()].map((o) => o.store)].filter((s) => s.summary);
      const series = [];
      stores.forEach((store, k) => {
        const d = historyData(store.list(), store.summary.direction);
        const name = store.summary.name + (stores.filter((o) => o.summary.name === store.summary.name).length > 1 ? " (" + store.id + ")" : "");
        series.push({ id: "points-" + k, name, type: "scatter", data: d.complete.map((p) => [p[0], p[1], k]), large: true, largeThreshold: 2000, symbolSize: 5 });
        series.push({ id: "best-" + k, name: name + " best", type: "line", step: "end", data: d.best.map((p) => [p[0], p[1], k]), showSymbol: false });
      });
      return paint(c, { ...BASE,
        tooltip: { ...BASE.tooltip, formatter: (p) => {
          const store = stores[p.data[2]];
          const t = store && store.trials[p.data[0]];
          return t ? trialTip(t, [["study", store.summary.name]]) : tip(p.seriesName, [["value", p.data[1]]]);
        } },
        legend: { top: 8, type: "scroll" }, grid: { left: 70, right: 30, top: 50, bottom: 40 },
        xAxis: { type: "value", name: "trial", minInterval: 1 }, yAxis: { type: "value", scale: true, name: ctx.store.summary.metric },
        series }, { replaceMerge: ["series"] });
    },
    destroy() {
      for (const id of [...others.keys()]) unfollow(id);
      disposeChart(c);
    }
  };
}

export default { key: "compare", title: "Compare", mount };
