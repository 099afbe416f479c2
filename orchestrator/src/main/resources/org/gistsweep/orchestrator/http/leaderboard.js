"use strict";
// Escaping rule: every string that comes from the server (study ids, parameter names and values,
// worker ids, error messages, metric and pruner names) reaches the page only through textContent,
// title, value or className, never as markup, so the browser shows it as text. Never use innerHTML,
// outerHTML, insertAdjacentHTML or document.write here: LeaderboardEscapingTest fails on them.
const COLUMNS = [
  { key: "rank", label: "Rank", num: true },
  { key: "number", label: "Trial", num: true },
  { key: "params", label: "Params" },
  { key: "best", label: "Best value", num: true },
  { key: "epoch", label: "Epoch", num: true },
  { key: "state", label: "State" },
  { key: "trainable", label: "Trainable params", num: true },
  { key: "worker", label: "Worker" }
];
const view = { study: null, trials: new Map(), sortKey: "rank", sortDesc: false, source: null };
const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fmt(v) {
  if (v === null || v === undefined) return "\u2013";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return String(v);
}

function bestSoFar(t) {
  if (t.value !== null && t.value !== undefined) return t.value;
  const metric = view.study ? view.study.metric : "val_top1";
  const values = (t.epochs || []).map((e) => e[metric]).filter((v) => typeof v === "number");
  if (values.length === 0) return null;
  return view.study && view.study.direction === "minimize" ? Math.min(...values) : Math.max(...values);
}

function ranked() {
  const minimize = view.study && view.study.direction === "minimize";
  const rows = [...view.trials.values()].map((t) => ({ t, best: bestSoFar(t), rank: null }));
  const scored = rows.filter((r) => r.best !== null && r.t.state !== "FAILED");
  scored.sort((a, b) => (minimize ? a.best - b.best : b.best - a.best) || a.t.number - b.t.number);
  scored.forEach((r, i) => { r.rank = i + 1; });
  return rows;
}

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

function renderHead() {
  const head = $("head");
  head.replaceChildren();
  for (const c of COLUMNS) {
    const th = el("th", c.label);
    if (c.key === view.sortKey) th.className = "sorted" + (view.sortDesc ? " desc" : "");
    th.addEventListener("click", () => {
      view.sortDesc = view.sortKey === c.key ? !view.sortDesc : c.key === "best";
      view.sortKey = c.key;
      renderHead();
      renderRows();
    });
    head.appendChild(th);
  }
}

function renderRows() {
  const rows = ranked();
  rows.sort((a, b) => {
    const x = sortValue(a, view.sortKey), y = sortValue(b, view.sortKey);
    const c = x < y ? -1 : x > y ? 1 : a.t.number - b.t.number;
    return view.sortDesc ? -c : c;
  });
  const body = $("rows");
  body.replaceChildren();
  for (const r of rows) {
    const t = r.t;
    const tr = el("tr", null, view.study && view.study.best_trial === t.number ? "best" : "");
    tr.appendChild(el("td", fmt(r.rank), "num"));
    tr.appendChild(el("td", t.number, "num"));
    const params = Object.entries(t.params || {}).map(([k, v]) => k + "=" + fmt(v)).join("  ");
    tr.appendChild(el("td", params, "params"));
    tr.appendChild(el("td", fmt(r.best), "num"));
    tr.appendChild(el("td", t.current_epoch + "/" + t.total_epochs, "num"));
    const state = el("td");
    state.appendChild(el("span", t.state + (t.attempt > 1 ? " (attempt " + t.attempt + ")" : ""), "state " + t.state));
    if (t.error) state.title = t.error.type + ": " + t.error.message;
    if (t.resume_note) state.appendChild(el("div", t.resume_note, "resume-note"));
    tr.appendChild(state);
    tr.appendChild(el("td", t.trainable_params === null ? "\u2013" : t.trainable_params.toLocaleString(), "num"));
    tr.appendChild(el("td", t.worker || "\u2013"));
    body.appendChild(tr);
  }
  $("empty").style.display = view.study ? "none" : "block";
}

function renderStats() {
  const s = view.study;
  const stats = $("stats");
  stats.replaceChildren();
  if (!s) return;
  const add = (label, value) => {
    const box = el("div", null, "stat");
    box.appendChild(el("b", value));
    box.appendChild(el("span", label));
    stats.appendChild(box);
  };
  add("study", s.state);
  add("best " + s.metric + " (" + s.direction + ")", fmt(s.best_value));
  add("best trial", fmt(s.best_trial));
  for (const [state, n] of Object.entries(s.counts)) add(state.toLowerCase(), n);
  add("budget", s.max_trials + " trials, " + s.budget.parallel + " parallel");
  if (s.pruner && s.pruner !== "none") {
    add("compute saved (" + s.pruner + ")", (s.pruned_epochs_saved || 0) + " epochs");
  }
  if (s.directions && s.directions.length > 1) {
    add("Pareto front", (s.pareto_front || []).map((n) => "#" + n).join(" ") || "-");
  }
}

function applySummary(summary) {
  view.study = summary;
  renderStats();
}

function connect(id) {
  const controls = $("study-controls");
  if (controls) controls.setAttribute("data-study", id);
  if (view.source) view.source.close();
  view.trials.clear();
  view.study = null;
  const source = new EventSource("/api/studies/" + encodeURIComponent(id) + "/events");
  view.source = source;
  source.addEventListener("snapshot", (e) => {
    const study = JSON.parse(e.data);
    view.trials = new Map(study.trials.map((t) => [t.number, t]));
    applySummary(study);
    renderRows();
    $("status").textContent = "live";
  });
  source.addEventListener("trial", (e) => {
    const t = JSON.parse(e.data);
    view.trials.set(t.number, t);
    renderRows();
  });
  source.addEventListener("study", (e) => {
    applySummary(JSON.parse(e.data));
    renderRows();
  });
  source.onerror = () => { $("status").textContent = "reconnecting\u2026"; };
}

/** With --read-token, reads need a session: a token form (access.js) opens one, then the page reloads. */
function signIn() {
  $("status").textContent = "sign in";
  if (typeof gistAccess !== "object" || $("empty").dataset.signIn) return;
  $("empty").dataset.signIn = "1";
  $("empty").replaceChildren(gistAccess.tokenForm("This server needs its API token to show studies: ", () => location.reload()));
}

async function loadStudies(selectNewest) {
  const response = await fetch("/api/studies");
  if (response.status === 401) {
    signIn();
    return;
  }
  const { studies } = await response.json();
  const select = $("study");
  const current = select.value;
  select.replaceChildren();
  for (const s of studies) {
    const option = el("option", s.id + " (" + s.state + ")");
    option.value = s.id;
    select.appendChild(option);
  }
  if (studies.length === 0) {
    $("status").textContent = "waiting for a study";
    renderRows();
    return;
  }
  const wanted = !selectNewest && studies.some((s) => s.id === current) ? current : studies[0].id;
  select.value = wanted;
  if (wanted !== current || !view.source) connect(wanted);
}

$("study").addEventListener("change", (e) => connect(e.target.value));
renderHead();
loadStudies(true).catch((err) => { $("status").textContent = "cannot load studies: " + err; });
setInterval(() => loadStudies(false).catch(() => {}), 5000);
