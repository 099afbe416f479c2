// Trial (/studies/{id}/trials/{n}): params, every attempt with its worker, times and outcome or
// reason, its files in the artifact store with download links, the epoch table, and small charts of
// the GIST loss parts and of the objective.
import { el, fmt, chart, disposeChart, paint, BASE, tip, intermediate } from "../dom.js";

const LOSSES = ["train_loss", "ce_cls", "ce_gist", "kl_cls_gist", "kl_gist_cls"];
const EPOCH_COLUMNS = ["epoch", "val_top1", "train_loss", "ce_cls", "ce_gist", "kl_cls_gist", "kl_gist_cls", "lr", "epoch_seconds", "images_per_second"];

function table(id, headers, rows) {
  const t = el("table");
  t.id = id;
  const head = el("tr");
  for (const h of headers) head.appendChild(el("th", h));
  t.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const r of rows) {
    const tr = el("tr");
    for (const cell of r) tr.appendChild(cell instanceof Node ? cell : el("td", fmt(cell)));
    body.appendChild(tr);
  }
  t.appendChild(body);
  return t;
}

/** The download path of a trial's artifact (the names are a-z 0-9 . _ -; encoded anyway). */
function artifactUrl(id, n, name) {
  return "/api/studies/" + encodeURIComponent(id) + "/trials/" + n + "/artifacts/" + encodeURIComponent(name);
}

/** One row per file: its name as a download link (unless deleted), kind, attempt, epoch, size, sha256 prefix, state. */
function artifactRows(id, t) {
  return (t.artifacts || []).map((a) => {
    const name = el("td");
    if (a.deleted) {
      name.textContent = a.name;
    } else {
      const link = el("a", a.name);
      link.href = artifactUrl(id, t.number, a.name);
      link.setAttribute("download", "");
      link.dataset.artifact = a.name;
      name.appendChild(link);
    }
    const state = a.deleted ? "deleted (" + (a.deleted_reason === "study_deleted" ? "with the study" : "retention") + ")" : "kept";
    return [name, a.kind, a.attempt, a.epoch, a.size, a.sha256 ? a.sha256.slice(0, 12) : null, state];
  });
}

function seconds(a, b) {
  if (!a) return null;
  return Math.round(((b ? Date.parse(b) : Date.now()) - Date.parse(a)) / 100) / 10;
}

function mount(host, ctx) {
  const store = ctx.store;
  const n = ctx.trial;
  const title = el("h2");
  const facts = el("div", null, "stats");
  const tables = el("div");
  const charts = el("div", null, "charts");
  const lossBox = el("div", null, "chart small");
  lossBox.id = "trial-losses";
  const valueBox = el("div", null, "chart small");
  valueBox.id = "trial-objective";
  charts.append(lossBox, valueBox);
  host.append(title, facts, tables, charts);
  const lossChart = chart(lossBox);
  const valueChart = chart(valueBox);
  const tooltip = { ...BASE.tooltip, trigger: "axis", formatter: (ps) => tip("epoch " + ps[0].data[0], ps.map((p) => [p.seriesName, p.data[1]])) };
  let drawn = null;
  return {
    render() {
      const t = store.trials[n];
      if (!t) {
        title.textContent = "Trial " + n + " does not exist (yet).";
        return undefined;
      }
      if (drawn === t) return undefined;
      drawn = t;
      title.textContent = "Trial " + t.number;
      facts.replaceChildren();
      const fact = (label, value) => { const b = el("div", null, "stat"); b.append(el("b", fmt(value)), el("span", label)); facts.appendChild(b); };
      fact("state", t.state);
      fact("value", t.value);
      fact("epoch", t.current_epoch + "/" + t.total_epochs);
      fact("trainable params", t.trainable_params);
      fact("attempt", t.attempt);
      const params = Object.entries(t.params || {}).map(([k, v]) => [k, v]);
      const attempts = (t.attempts || []).map((a) => {
        const outcome = el("td");
        outcome.appendChild(el("span", a.outcome, "state " + a.outcome));
        const resumed = a.resumed_from ? "epoch " + (a.resumed_from.epoch + 1) + " (checkpoint of attempt " + a.resumed_from.attempt + ")"
          + (a.resume_refused ? ", refused: " + a.resume_refused : "") : "\u2013";
        return [a.attempt, a.worker || "\u2013", a.started_at || "\u2013", a.ended_at || "\u2013", seconds(a.started_at, a.ended_at), outcome,
          resumed, a.reason || ""];
      });
      const epochs = (t.epochs || []).map((e) => EPOCH_COLUMNS.map((k) => e[k]));
      const files = artifactRows(ctx.id, t);
      const reports = Object.entries(t.intermediate_values || {}).map(([k, v]) => [Number(k), v]);
      tables.replaceChildren(
        el("h2", "Parameters"), table("trial-params", ["parameter", "value"], params),
        el("h2", "Attempts"), table("trial-attempts", ["attempt", "worker", "started", "ended", "seconds", "outcome", "resumed at", "reason"], attempts),
        el("h2", "Artifacts"), table("trial-artifacts", ["file", "kind", "attempt", "epoch", "bytes", "sha256", "state"], files),
        el("h2", epochs.length ? "Epochs" : "Reported values"),
        epochs.length ? table("trial-epochs", EPOCH_COLUMNS, epochs) : table("trial-epochs", ["step", "value"], reports));
      if (t.resume_note) tables.appendChild(el("p", t.resume_note, "resume-note"));
      if (t.state === "SUSPENDED") tables.appendChild(el("p", t.suspend_reason === "rung"
        ? "paused at a promotion-ASHA rung after epoch " + t.current_epoch + ": waits for a promotion"
        : "suspended after epoch " + t.current_epoch + ": resume it from the study controls", "resume-note"));
      else if (t.suspend_requested) tables.appendChild(el("p", "suspend asked: the worker hands the trial back after this epoch", "resume-note"));
      if (t.error) tables.appendChild(el("p", t.error.type + ": " + t.error.message, "error"));
      if (t.artifact_error) tables.appendChild(el("p", "weights not stored: " + t.artifact_error, "error"));
      // an ask/tell trial has reported values but no GIST loss parts
      lossBox.style.display = epochs.length ? "block" : "none";
      const lossSeries = LOSSES.map((k) => ({ id: k, name: k, type: "line", data: intermediate(t, k), showSymbol: true }));
      const objective = epochs.length ? "val_top1" : "reported objective";
      const valueSeries = [{ id: "objective", name: objective, type: "line", data: intermediate(t, epochs.length ? "val_top1" : null) }];
      const base = (name) => ({ ...BASE, tooltip, title: { text: name, left: 10, top: 6, textStyle: { fontSize: 13 } },
        legend: { top: 6, right: 10 }, grid: { left: 60, right: 20, top: 50, bottom: 30 },
        xAxis: { type: "value", minInterval: 1, name: "epoch" }, yAxis: { type: "value", scale: true } });
      return [
        paint(lossChart, { ...base("GIST loss parts"), series: lossSeries }, { notMerge: true }),
        paint(valueChart, { ...base(objective), series: valueSeries }, { notMerge: true })
      ];
    },
    destroy() { disposeChart(lossChart); disposeChart(valueChart); }
  };
}

export default { key: "trial", title: "Trial", mount };
