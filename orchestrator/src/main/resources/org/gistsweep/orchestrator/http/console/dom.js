// Escaping rule for every console file: strings from the server (study names, parameter names and
// values, worker ids, error messages) reach the page only through textContent, title, value or
// className, and reach ECharts tooltips only through escapeHtml (tip() below). Axis labels and
// legends are drawn on the canvas, as text. Never use innerHTML, outerHTML, insertAdjacentHTML or
// document.write: ConsoleScriptsTest fails on them.
export const $ = (id) => document.getElementById(id);

export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

export function fmt(v) {
  if (v === null || v === undefined) return "\u2013";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return String(v);
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Tooltip markup: every piece escaped, styled by class (the CSP allows no inline style). */
export function tip(title, rows) {
  return '<div class="tip"><b>' + escapeHtml(title) + "</b>" +
    rows.map(([k, v]) => "<div>" + escapeHtml(k) + ": " + escapeHtml(fmt(v)) + "</div>").join("") + "</div>";
}

/** A trial's tooltip: number, state, value and parameters. */
export function trialTip(t, extra) {
  const rows = [["state", t.state], ["value", t.value]];
  for (const [k, v] of Object.entries(t.params || {})) rows.push([k, v]);
  if (t.worker) rows.push(["worker", t.worker]);
  if (t.error) rows.push(["error", t.error.type + ": " + t.error.message]);
  return tip("trial " + t.number, extra ? extra.concat(rows) : rows);
}

export const COLORS = {
  COMPLETE: "#2f9e52", PRUNED: "#d49b1c", FAILED: "#c83a3a", RUNNING: "#2f6fde", WAITING: "#9aa3b5",
  LEASE_EXPIRED: "#8a2be2"
};

/** A chart in {@code container} that follows the container's size. */
export function chart(container) {
  const c = window.echarts.init(container, null, { renderer: "canvas" });
  const observer = new ResizeObserver(() => c.resize());
  observer.observe(container);
  c.__observer = observer;
  return c;
}

export function disposeChart(c) {
  if (!c) return;
  c.__observer.disconnect();
  c.dispose();
}

/**
 * Sets an option and resolves once ECharts has drawn it (its "finished" event; animation is off on
 * every console chart, so that is the end of drawing, progressive chunks included).
 */
export function paint(c, option, opts) {
  return new Promise((resolve) => {
    const done = () => { c.off("finished", done); resolve(); };
    c.on("finished", done);
    c.setOption(option, opts);
    // a setOption that changed nothing draws nothing and never says "finished"
    setTimeout(done, 1500);
  });
}

export const BASE = { animation: false, tooltip: { trigger: "item", confine: true, enterable: false } };

export function studyUrl(id, view) {
  return "/studies/" + encodeURIComponent(id) + (view ? "/" + view : "");
}

/** The objective per step of a trial: its epochs' metric, else its ask/tell reports. */
export function intermediate(t, metric) {
  if (t.epochs && t.epochs.length > 0 && metric) {
    return t.epochs.filter((e) => typeof e[metric] === "number").map((e) => [e.epoch, e[metric]]);
  }
  return Object.entries(t.intermediate_values || {}).filter(([, v]) => typeof v === "number").map(([k, v]) => [Number(k), v]);
}

/**
 * Rows of {@code width} numbers packed into one typed array: ECharts reads it without making an
 * object per point, which halves a redraw of tens of thousands of points. Give the series
 * {@code dimensions} of the same width.
 */
export function packed(rows, width) {
  const out = new Float64Array(rows.length * width);
  let i = 0;
  for (const r of rows) for (let k = 0; k < width; k++) out[i++] = r[k];
  return out;
}

export function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

/** Whether a store change can move a finished trial's point (a report on a running trial cannot). */
export function movesFinished(change) {
  if (change.type !== "trial") return true;
  const before = change.previous, after = change.trial;
  return !before || before.state !== after.state || before.value !== after.value || before.values !== after.values;
}
