// Ablation: the table of GET /api/studies/{id}/ablation with its selectors (by, over, rows,
// levels, value, avg) and buttons that download its Markdown, LaTeX and CSV. First asked while the
// study's trials load, then again when the number of COMPLETE trials changes, at most every 3 s.
// Fetches and shows the first 200 lines (the rest on request): a random search over continuous
// parameters makes a line per trial.
import { el, fmt } from "../dom.js";

const MIN_INTERVAL_MS = 3000;
const PAGE = 200;
const FORMATS = [["md", "Markdown"], ["tex", "LaTeX"], ["csv", "CSV"]];

export function ablationUrl(id, query, format) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== "") q.set(k, v);
  if (format) q.set("format", format);
  const s = q.toString();
  return "/api/studies/" + encodeURIComponent(id) + "/ablation" + (s ? "?" + s : "");
}

function cellText(c) {
  if (!c || c.mean === null || c.mean === undefined) return "\u2013";
  return fmt(c.mean) + " \u00b1 " + (c.std === null ? "-" : fmt(c.std)) + " (n=" + c.n + ")";
}

function differenceText(d) {
  if (!d) return "";
  const ci = d.ci_low === null ? "" : " [" + fmt(d.ci_low) + ", " + fmt(d.ci_high) + "]";
  return fmt(d.mean) + ci + " n=" + d.n + (d.p === null ? "" : " p=" + fmt(d.p));
}

function mount(host, ctx) {
  const store = ctx.store;
  const names = Object.keys(ctx.details.space || {});
  const query = { by: "", over: "", rows: "", levels: "", value: "", avg: "" };
  const bar = el("div", null, "toolbar");
  const choice = (key, options) => {
    const s = el("select");
    s.id = "ablation-" + key;
    s.appendChild(el("option", "(default)")).value = "";
    for (const o of options) s.appendChild(el("option", o)).value = o;
    s.addEventListener("change", () => { query[key] = s.value; refresh(); });
    bar.append(key + " ", s);
  };
  choice("by", names);
  choice("over", names);
  choice("rows", names);
  const levels = el("input");
  levels.id = "ablation-levels";
  levels.placeholder = "a,b";
  levels.addEventListener("change", () => { query.levels = levels.value; refresh(); });
  bar.append("levels ", levels);
  choice("value", ["best", "last"]);
  choice("avg", ["groups", "tasks"]);
  const exports = el("div", null, "toolbar");
  const links = FORMATS.map(([format, label]) => {
    const a = el("a", "Download " + label);
    a.id = "ablation-download-" + format;
    a.className = "button";
    a.download = store.id + "-ablation." + format;
    exports.appendChild(a);
    return [format, a];
  });
  const table = el("table");
  table.id = "ablation-table";
  const caption = el("p", "", "note");
  caption.id = "ablation-caption";
  const more = el("button", "");
  more.id = "ablation-more";
  more.hidden = true;
  let limit = PAGE;
  more.addEventListener("click", () => { limit = Infinity; refresh(); });
  host.append(bar, exports, table, more, caption);
  let fetchedFor = -1, lastFetch = 0, timer = null, serial = 0, result = null, drawn = null;

  async function refresh() {
    for (const [format, a] of links) a.href = ablationUrl(ctx.id, query, format);
    const mine = ++serial;
    lastFetch = Date.now();
    fetchedFor = (store.summary || ctx.details).counts.COMPLETE;
    const r = await fetch(ablationUrl(ctx.id, limit === Infinity ? query : { ...query, limit: PAGE }, "json"));
    const body = await r.json().catch(() => ({ error: r.statusText }));
    if (mine !== serial) return;
    result = r.ok ? body : { error: body.error + (body.field ? " (field " + body.field + ")" : "") };
    ctx.schedule();
  }

  // asked at once, while the page still loads the study's trials: the two take the same time
  refresh();
  return {
    ready() { return drawn !== null; },
    render() {
      if (store.summary.counts.COMPLETE !== fetchedFor && !timer) {
        const wait = Math.max(0, lastFetch + MIN_INTERVAL_MS - Date.now());
        timer = setTimeout(() => { timer = null; refresh(); }, wait);
      }
      if (!result || drawn === result) return undefined;
      drawn = result;
      table.replaceChildren();
      if (result.error) {
        more.hidden = true;
        caption.textContent = result.error;
        caption.className = "error";
        return undefined;
      }
      caption.className = "note";
      caption.textContent = result.caption;
      const hasDifference = result.lines.some((l) => l.difference) || result.overall;
      const head = el("tr");
      head.appendChild(el("th", result.rows || ""));
      for (const level of result.levels) head.appendChild(el("th", result.by + "=" + level));
      if (hasDifference) head.appendChild(el("th", "difference (95% CI)"));
      table.appendChild(el("thead")).appendChild(head);
      const body = el("tbody");
      more.hidden = result.lines.length >= result.lines_total;
      more.textContent = "Show all " + result.lines_total + " lines";
      for (const line of result.lines) {
        const tr = el("tr", null, line.kind);
        tr.appendChild(el("td", line.label));
        for (const level of result.levels) tr.appendChild(el("td", cellText(line.cells[level]), "num"));
        if (hasDifference) tr.appendChild(el("td", differenceText(line.difference), "num"));
        body.appendChild(tr);
      }
      if (result.overall) {
        const tr = el("tr", null, "overall");
        tr.appendChild(el("td", "overall"));
        for (let k = 0; k < result.levels.length; k++) tr.appendChild(el("td", ""));
        tr.appendChild(el("td", differenceText(result.overall), "num"));
        body.appendChild(tr);
      }
      table.appendChild(body);
      return undefined;
    },
    destroy() { if (timer) clearTimeout(timer); serial++; }
  };
}

export default { key: "ablation", title: "Ablation", mount };
