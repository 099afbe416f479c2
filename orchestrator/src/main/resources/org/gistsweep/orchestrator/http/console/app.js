// The console's entry point: reads the URL, shows the study list or one study's view, keeps the
// view current from the event stream, and reports on <body> what tests and bench-ui wait on:
// data-version (events applied and drawn), data-seq (last event id), data-snapshots, data-gaps,
// data-duplicates, data-render-ms (first complete drawing after navigation), data-snapshot-ms (when
// the study's snapshot was applied, from the page's start), data-repaint-ms (the last
// event-to-drawn time).
import { $, el, studyUrl } from "./dom.js";
import { StudyStore } from "./store.js";
import { StudyStream } from "./live.js";
import { VIEWS, TRIAL_VIEW, STUDIES_VIEW } from "./views/index.js";

const body = document.body;

function route(path) {
  const parts = path.split("/").filter((p) => p).map(decodeURIComponent);
  if (parts[0] !== "studies" || parts.length < 2) return { view: STUDIES_VIEW };
  if (parts[2] === "trials" && parts.length >= 4) return { study: parts[1], view: TRIAL_VIEW, trial: Number(parts[3]) };
  const view = VIEWS.find((v) => v.key === (parts[2] || "leaderboard"));
  return { study: parts[1], view: view || VIEWS[0], unknown: view ? null : parts[2] };
}

const page = { store: null, stream: null, details: null, current: null, pendingSince: null, scheduled: false,
  firstDrawn: false, shownAt: 0, selection: { test: null, source: null, listeners: new Set() } };

function setStatus(text) {
  $("status").textContent = text;
}

/**
 * Views call this to share a brushed selection: a predicate over trials (kept, so trials that
 * arrive later are judged too), or null for none.
 */
function select(test, source) {
  page.selection.test = test;
  page.selection.source = source;
  for (const f of page.selection.listeners) f();
}

function schedule() {
  if (page.pendingSince === null) page.pendingSince = performance.now();
  if (page.scheduled) return;
  page.scheduled = true;
  requestAnimationFrame(draw);
}

// User Timing entries (the browser's performance panel shows them; bench-ui reads them): the latest
// of each name only, so a page left open for days keeps no history.
function timing(name, start, end) {
  performance.clearMeasures(name);
  performance.measure(name, { start, end });
}

async function draw() {
  page.scheduled = false;
  const since = page.pendingSince;
  page.pendingSince = null;
  const version = page.store ? page.store.version : 0;
  const view = page.current;
  if (!view || (page.store && !page.store.summary)) return;
  try {
    await Promise.all([].concat(view.render() || []));
  } catch (e) {
    body.dataset.error = String(e && e.stack ? e.stack : e);
    setStatus("cannot draw this view: " + e);
    throw e;
  }
  const now = performance.now();
  // a view that loads more than the stream gives (importance, ablation) says when it is complete
  if (!page.firstDrawn && (!view.ready || view.ready())) {
    page.firstDrawn = true;
    timing("gist:first-render", page.shownAt, now);
  } else if (since !== null) {
    timing("gist:repaint", since, now);
  }
  if (page.store && Number(body.dataset.version) < version) body.dataset.version = String(version);
  if (page.stream) {
    body.dataset.seq = page.stream.lastId();
    body.dataset.gaps = String(page.stream.gaps);
    body.dataset.duplicates = String(page.stream.duplicates);
    body.dataset.snapshots = String(page.store.snapshots);
  }
}

function navigate(url) {
  history.pushState(null, "", url);
  page.shownAt = performance.now();
  show(route(location.pathname));
}

function renderNav(r) {
  const nav = $("views");
  nav.replaceChildren();
  if (!r.study) return;
  for (const v of VIEWS) {
    const a = el("a", v.title, r.view === v ? "active" : "");
    a.href = studyUrl(r.study, v.key) + (v.key === "compare" ? location.search : "");
    a.dataset.view = v.key;
    a.addEventListener("click", (e) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      navigate(studyUrl(r.study, v.key));
    });
    nav.appendChild(a);
  }
}

function show(r) {
  if (page.current) page.current.destroy();
  page.current = null;
  renderNav(r);
  const root = $("view");
  root.replaceChildren();
  root.dataset.view = r.view.key;
  if (r.unknown) root.appendChild(el("p", "No view named '" + r.unknown + "'; showing the leaderboard.", "note"));
  const host = el("div");
  root.appendChild(host);
  const ctx = { id: r.study, store: page.store, details: page.details, trial: r.trial, navigate, select,
    selection: page.selection, schedule, setStatus, query: new URLSearchParams(location.search) };
  page.current = r.view.mount(host, ctx);
  page.firstDrawn = false;
  schedule();
}

/**
 * With --read-token the API answers only a browser that holds a session: until it does, the page
 * shows a token form (access.js) instead of views that would fail; signing in reloads the page.
 */
async function signedIn() {
  const access = await window.gistAccess.access().catch(() => ({}));
  if (!access.read_token_required || access.authenticated) return true;
  $("study-controls").hidden = true;
  setStatus("sign in");
  const form = window.gistAccess.tokenForm("This server needs its API token to show studies: ", () => location.reload());
  form.id = "sign-in";
  $("view").replaceChildren(form);
  return false;
}

/** A stream that closed for good may have lost its session (a restart, or 12 hours): ask again. */
function statusOrSignIn(text) {
  setStatus(text);
  if (text === "disconnected") signedIn();
}

async function start() {
  if (!(await signedIn())) return;
  const r = route(location.pathname);
  const controls = $("study-controls");
  controls.dataset.study = r.study || "";
  controls.hidden = !r.study;
  if (!r.study) {
    $("study-title").textContent = "";
    show(r);
    return;
  }
  $("study-title").textContent = r.study;
  const response = await fetch("/api/studies/" + encodeURIComponent(r.study));
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ error: response.statusText }));
    setStatus("");
    $("view").replaceChildren(el("p", problem.error, "error"));
    return;
  }
  page.details = await response.json();
  $("study-title").textContent = page.details.name + " \u00b7 " + page.details.state;
  page.store = new StudyStore(r.study);
  page.store.subscribe((change) => {
    if (change.type === "snapshot" && !performance.getEntriesByName("gist:snapshot", "mark").length) performance.mark("gist:snapshot");
    if (change.type !== "trial" && page.store.summary) {
      $("study-title").textContent = page.store.summary.name + " \u00b7 " + page.store.summary.state;
    }
    if (page.current && page.current.changed) page.current.changed(change);
    schedule();
  });
  page.stream = new StudyStream(page.store, statusOrSignIn);
  window.addEventListener("popstate", () => {
    page.shownAt = performance.now();
    show(route(location.pathname));
  });
  show(r);
}

// A page kept in the back/forward cache would keep its event streams open, and six open connections
// to one server stall every later page: close them on the way out, start afresh on the way back.
window.addEventListener("pagehide", () => {
  if (page.current) page.current.destroy();
  page.current = null;
  if (page.stream) page.stream.close();
});
window.addEventListener("pageshow", (e) => { if (e.persisted) location.reload(); });

// the page's state, for a test or a script that imports this module (the same instance the page runs)
export { page };
start().catch((e) => setStatus("cannot start: " + e));
