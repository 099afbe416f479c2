// "/": every study, live from /api/events.
import { el, fmt, studyUrl } from "../dom.js";

const STATES = ["RUNNING", "WAITING", "COMPLETE", "PRUNED", "FAILED"];

function duration(s) {
  if (!s.created_at) return null;
  const end = s.finished_at ? Date.parse(s.finished_at) : Date.now();
  const seconds = Math.max(0, Math.round((end - Date.parse(s.created_at)) / 1000));
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), sec = seconds % 60;
  return (h ? h + "h " : "") + (h || m ? m + "m " : "") + sec + "s";
}

function mount(host, ctx) {
  const studies = new Map();
  const table = el("table");
  const head = el("tr");
  for (const c of ["Study", "State", "Trials by state", "Best value", "Sampler", "Pruner", "Started", "Duration"]) head.appendChild(el("th", c));
  table.appendChild(el("thead")).appendChild(head);
  const rows = el("tbody");
  table.appendChild(rows);
  const empty = el("div", "No studies yet. Start one with ./gist-sweep quickstart, ./gist-sweep run sweep.yaml or POST /api/studies.", "empty");
  host.append(table, empty);
  let version = 0;
  const source = new EventSource("/api/events");
  source.addEventListener("studies", (e) => {
    studies.clear();
    for (const s of JSON.parse(e.data).studies) studies.set(s.id, s);
    version++;
    ctx.setStatus("live");
    ctx.schedule();
  });
  source.addEventListener("study", (e) => {
    const s = JSON.parse(e.data);
    studies.set(s.id, s);
    version++;
    ctx.schedule();
  });
  source.onerror = () => ctx.setStatus("reconnecting\u2026");
  // durations of running studies move with the clock
  const tick = setInterval(() => ctx.schedule(), 1000);
  return {
    render() {
      rows.replaceChildren();
      const sorted = [...studies.values()].sort((a, b) => (b.created_at || "").localeCompare(a.created_at || "") || b.id.localeCompare(a.id));
      for (const s of sorted) {
        const tr = el("tr", null, "link");
        tr.dataset.study = s.id;
        const name = el("td");
        const a = el("a", s.name);
        a.href = studyUrl(s.id);
        a.title = s.id;
        name.appendChild(a);
        tr.appendChild(name);
        const state = el("td");
        state.appendChild(el("span", s.state, "state " + s.state));
        tr.appendChild(state);
        const counts = STATES.filter((k) => s.counts[k]).map((k) => s.counts[k] + " " + k.toLowerCase()).join(" \u00b7 ");
        tr.appendChild(el("td", counts || "none yet"));
        tr.appendChild(el("td", fmt(s.best_value) + (s.best_trial !== null ? " (#" + s.best_trial + ")" : ""), "num"));
        tr.appendChild(el("td", s.sampler.type + " (seed " + s.sampler.seed + ")"));
        tr.appendChild(el("td", s.pruner));
        tr.appendChild(el("td", s.created_at ? new Date(s.created_at).toLocaleString() : "\u2013"));
        tr.appendChild(el("td", fmt(duration(s)), "num"));
        tr.addEventListener("click", (e) => { if (e.target.tagName !== "A") location.href = studyUrl(s.id); });
        rows.appendChild(tr);
      }
      empty.style.display = studies.size ? "none" : "block";
      document.body.dataset.version = String(version);
    },
    destroy() {
      source.close();
      clearInterval(tick);
    }
  };
}

export default { key: "studies", title: "Studies", mount };
