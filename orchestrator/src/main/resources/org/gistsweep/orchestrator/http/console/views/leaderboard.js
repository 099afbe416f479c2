// Leaderboard: the plain leaderboard's table and stats, plus filters by state and by parameter
// value, and the parallel-coordinates view's brushed selection. Shows the first 500 rows of the
// sorted, filtered list (the rest on request), so an event never rebuilds 10,000 rows.
import { el, fmt, studyUrl } from "../dom.js";
import { bestSoFar } from "../store.js";

const COLUMNS = [
  { key: "rank", label: "Rank" }, { key: "number", label: "Trial" }, { key: "params", label: "Params" },
  { key: "best", label: "Best value" }, { key: "epoch", label: "Epoch" }, { key: "state", label: "State" },
  { key: "trainable", label: "Trainable params" }, { key: "worker", label: "Worker" }
];
const STATES = ["WAITING", "RUNNING", "SUSPENDED", "COMPLETE", "PRUNED", "FAILED"];
const PAGE = 500;

function sortValue(r, key) {
  switch (key) {
    case "rank": return r.rank === null ? Infinity : r.rank;
    case "number": return r.t.number;
    case "params": return JSON.stringify(r.t.params);
    case "best": return r.best === null ? -Infinity : r.best;
    case "epoch": return r.t.current_epoch;
    case "state": return r.t.state;
    case "trainable": return r.t.trainable_params === null ? -1 : r.t.trainable_params;
    case "worker": return r.t.worker || "";
    default: return 0;
  }
}

/** Whether {@code value} matches a filter text: "a..b" is a numeric range, anything else a substring. */
export function matchesValue(value, text) {
  if (text === "") return true;
  if (value === undefined || value === null) return false;
  const range = /^\s*(-?[\d.eE+-]*)\s*\.\.\s*(-?[\d.eE+-]*)\s*$/.exec(text);
  if (range && typeof value === "number") {
    const lo = range[1] === "" ? -Infinity : Number(range[1]);
    const hi = range[2] === "" ? Infinity : Number(range[2]);
    return value >= lo && value <= hi;
  }
  return String(value) === text || String(value).includes(text);
}

function mount(host, ctx) {
  const store = ctx.store;
  const view = { sortKey: "rank", sortDesc: false, states: new Set(STATES), param: "", value: "", limit: PAGE };
  const stats = el("div", null, "stats");
  const bar = el("div", null, "toolbar");
  for (const s of STATES) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.state = s;
    box.addEventListener("change", () => { box.checked ? view.states.add(s) : view.states.delete(s); ctx.schedule(); });
    label.append(box, " " + s.toLowerCase());
    bar.appendChild(label);
  }
  const paramSelect = el("select");
  paramSelect.id = "filter-param";
  paramSelect.appendChild(el("option", "any parameter")).value = "";
  for (const name of Object.keys(ctx.details.space || {})) paramSelect.appendChild(el("option", name)).value = name;
  const valueInput = el("input");
  valueInput.id = "filter-value";
  valueInput.placeholder = "value, or low..high";
  paramSelect.addEventListener("change", () => { view.param = paramSelect.value; ctx.schedule(); });
  valueInput.addEventListener("input", () => { view.value = valueInput.value; ctx.schedule(); });
  bar.append(paramSelect, valueInput);
  const selectionNote = el("div", null, "note");
  selectionNote.id = "selection-note";
  const table = el("table");
  const head = el("tr");
  table.appendChild(el("thead")).appendChild(head);
  const rows = el("tbody");
  rows.id = "rows";
  table.appendChild(rows);
  const more = el("button", "");
  more.addEventListener("click", () => { view.limit = Infinity; ctx.schedule(); });
  host.append(stats, bar, selectionNote, table, more);
  const onSelection = () => ctx.schedule();
  ctx.selection.listeners.add(onSelection);

  function renderHead() {
    head.replaceChildren();
    for (const c of COLUMNS) {
      const th = el("th", c.label, "sortable" + (c.key === view.sortKey ? " sorted" + (view.sortDesc ? " desc" : "") : ""));
      th.addEventListener("click", () => {
        view.sortDesc = view.sortKey === c.key ? !view.sortDesc : c.key === "best";
        view.sortKey = c.key;
        renderHead();
        ctx.schedule();
      });
      head.appendChild(th);
    }
  }

  function renderStats(s) {
    stats.replaceChildren();
    const add = (label, value) => {
      const box = el("div", null, "stat");
      box.append(el("b", value), el("span", label));
      stats.appendChild(box);
    };
    add("study", s.state);
    add("best " + s.metric + " (" + s.direction + ")", fmt(s.best_value));
    add("best trial", fmt(s.best_trial));
    for (const [state, n] of Object.entries(s.counts)) add(state.toLowerCase(), n);
    add("budget", s.max_trials + " trials, " + s.budget.parallel + " parallel");
    if (s.pruner && s.pruner !== "none") add("compute saved (" + s.pruner + ")", (s.pruned_epochs_saved || 0) + " epochs");
    if (s.directions && s.directions.length > 1) add("Pareto front", (s.pareto_front || []).map((n) => "#" + n).join(" ") || "-");
  }

  function ranked(s) {
    const minimize = s.direction === "minimize";
    const rows = store.list().map((t) => ({ t, best: bestSoFar(t, s), rank: null }));
    const scored = rows.filter((r) => r.best !== null && r.t.state !== "FAILED");
    scored.sort((a, b) => (minimize ? a.best - b.best : b.best - a.best) || a.t.number - b.t.number);
    scored.forEach((r, i) => { r.rank = i + 1; });
    return rows;
  }

  function visible(r) {
    if (!view.states.has(r.t.state)) return false;
    if (ctx.selection.test && !ctx.selection.test(r.t)) return false;
    if (view.value === "") return true;
    const params = r.t.params || {};
    const names = view.param ? [view.param] : Object.keys(params);
    return names.some((n) => matchesValue(params[n], view.value));
  }

  renderHead();
  return {
    render() {
      const s = store.summary;
      renderStats(s);
      const all = ranked(s).filter(visible);
      all.sort((a, b) => {
        const x = sortValue(a, view.sortKey), y = sortValue(b, view.sortKey);
        const c = x < y ? -1 : x > y ? 1 : a.t.number - b.t.number;
        return view.sortDesc ? -c : c;
      });
      rows.replaceChildren();
      for (const r of all.slice(0, view.limit)) {
        const t = r.t;
        const tr = el("tr", null, "link" + (s.best_trial === t.number ? " best" : ""));
        tr.dataset.trial = String(t.number);
        tr.appendChild(el("td", fmt(r.rank), "num"));
        tr.appendChild(el("td", t.number, "num"));
        tr.appendChild(el("td", Object.entries(t.params || {}).map(([k, v]) => k + "=" + fmt(v)).join("  "), "params"));
        tr.appendChild(el("td", fmt(r.best), "num"));
        tr.appendChild(el("td", t.current_epoch + "/" + t.total_epochs, "num"));
        const state = el("td");
        state.appendChild(el("span", t.state + (t.attempt > 1 ? " (attempt " + t.attempt + ")" : ""), "state " + t.state));
        if (t.error) state.title = t.error.type + ": " + t.error.message;
        if (t.resume_note) state.appendChild(el("div", t.resume_note, "resume-note"));
        tr.appendChild(state);
        tr.appendChild(el("td", t.trainable_params === null ? "\u2013" : t.trainable_params.toLocaleString(), "num"));
        tr.appendChild(el("td", t.worker || "\u2013"));
        tr.addEventListener("click", () => ctx.navigate(studyUrl(ctx.id, "trials/" + t.number)));
        rows.appendChild(tr);
      }
      more.textContent = "Show all " + all.length + " rows";
      more.style.display = all.length > view.limit ? "inline-block" : "none";
      selectionNote.replaceChildren();
      if (ctx.selection.test) {
        selectionNote.append("Filtered by the selection in " + ctx.selection.source + ". ");
        const clear = el("button", "Clear selection");
        clear.addEventListener("click", () => ctx.select(null, null));
        selectionNote.appendChild(clear);
      }
    },
    destroy() {
      ctx.selection.listeners.delete(onSelection);
    }
  };
}

export default { key: "leaderboard", title: "Leaderboard", mount };
