"use strict";
// Study controls: pause, resume, stop, cancel (with a confirmation step), extend, enqueue, stop,
// suspend or resume one trial, archive and restore, as buttons. Self-contained: include this file and put
//   <div id="study-controls" data-study="STUDY-ID"></div>
// (or any element with the attribute data-study-controls) in the page. Changing data-study points
// the controls at another study. After every control that succeeded the element dispatches the
// CustomEvent "gist:controlled" (detail: the API's answer: {changed, state, ...the study summary}).
//
// Needs access.js (window.gistAccess) loaded before it: every call goes through gistAccess.send,
// which adds the JSON content type and the X-XSRF-Token header the server asks of browsers.
//
// Access: GET /api/access says whether changing calls need the API token and whether this browser
// has a session. Without a token (a loopback server) the buttons simply work. With one, the
// controls show a token form until a session is open (POST /api/session sets an HttpOnly cookie;
// the page never keeps the token); a 401 later (the session ended) shows the form again.
//
// Escaping rule, as in the console: server strings reach the page only through textContent or
// value, never as markup. Never use innerHTML, outerHTML, insertAdjacentHTML or document.write.
(function () {
  const gist = window.gistAccess;
  const checkAccess = () => gist.access().catch(() => ({ token_required: false }));
  let access = checkAccess();

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function button(label, cls, onClick) {
    const b = el("button", label, cls);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  /** "lr=0.001, gist=true" -> {lr: 0.001, gist: true}; null when malformed. */
  function parseParams(text) {
    const out = {};
    for (const part of text.split(",").map((p) => p.trim()).filter((p) => p.length > 0)) {
      const eq = part.indexOf("=");
      if (eq < 1) return null;
      const key = part.slice(0, eq).trim();
      const raw = part.slice(eq + 1).trim();
      let value = raw;
      if (raw === "true" || raw === "false") value = raw === "true";
      else if (raw !== "" && !isNaN(Number(raw))) value = Number(raw);
      out[key] = value;
    }
    return Object.keys(out).length > 0 ? out : null;
  }

  function mount(root) {
    if (root.dataset.controlsMounted) return;
    root.dataset.controlsMounted = "1";
    root.classList.add("study-controls");
    const state = { study: null, summary: null, confirming: false };
    const bar = el("div", null, "controls-bar");
    const message = el("div", "", "controls-message");
    message.setAttribute("role", "status");
    root.replaceChildren(bar, message);

    function say(text, isError) {
      message.textContent = text;
      message.className = "controls-message" + (isError ? " error" : "");
    }

    async function call(method, path, body) {
      const response = await gist.send(method, path, body);
      let reply = {};
      try { reply = await response.json(); } catch (e) { reply = {}; }
      if (response.status === 401) {
        access = checkAccess();
        say("The API token is needed: " + (reply.error || "HTTP 401"), true);
        render();
        return null;
      }
      if (!response.ok) {
        const field = reply.field ? " (field " + reply.field + ")" : "";
        say("Refused (HTTP " + response.status + "): " + (reply.error || "") + field, true);
        return null;
      }
      return reply;
    }

    async function control(label, method, suffix, body) {
      if (!state.study) return;
      const path = "/api/studies/" + encodeURIComponent(state.study) + suffix;
      const reply = await call(method, path, body);
      state.confirming = false;
      if (reply) {
        state.summary = reply;
        say(reply.changed ? label + ": done, the study is " + reply.state + "." : label + ": already in effect, nothing changed.", false);
        root.dispatchEvent(new CustomEvent("gist:controlled", { detail: reply, bubbles: true }));
      }
      render();
    }

    async function refresh() {
      if (!state.study) return;
      try {
        const r = await fetch("/api/studies/" + encodeURIComponent(state.study));
        if (r.ok) state.summary = await r.json();
      } catch (e) { /* keep the last summary */ }
      render();
    }

    function tokenForm() {
      return gist.tokenForm("Controls need the orchestrator's API token: ", () => {
        access = checkAccess();
        say("Signed in: this browser holds a session cookie for 12 hours or until the server restarts; the page keeps no token.", false);
        render();
      });
    }

    function render() {
      access.then((a) => {
        bar.replaceChildren();
        if (!state.study) return;
        if (a.token_required && !a.authenticated) {
          bar.append(tokenForm());
          return;
        }
        const s = state.summary || {};
        const st = s.state || "";
        const live = st === "running" || st === "paused" || st === "stopping";
        const finished = st === "complete" || st === "stopped" || st === "cancelled";
        if (st === "running") bar.append(button("Pause", "", () => control("Pause", "POST", "/pause")));
        if (st === "paused") bar.append(button("Resume", "", () => control("Resume", "POST", "/resume")));
        if (st === "running" || st === "paused") bar.append(button("Stop", "", () => control("Stop", "POST", "/stop")));
        if (live && !state.confirming) {
          bar.append(button("Cancel\u2026", "danger", () => { state.confirming = true; render(); }));
        }
        if (live && state.confirming) {
          bar.append(el("span", "Cancel now? Running trials stop and are recorded CANCELLED.", "confirm-text"),
            button("Confirm cancel", "danger confirm-cancel", () => control("Cancel", "POST", "/cancel")),
            button("Keep running", "", () => { state.confirming = false; render(); }));
        }
        if (st !== "stopping" && st !== "stopped" && st !== "cancelled" && st !== "") {
          const trials = el("input");
          trials.type = "number";
          trials.min = "1";
          trials.className = "extend-trials";
          trials.value = String((s.max_trials || 0) + 10);
          bar.append(el("span", "Budget", "label"), trials, button("Set trials", "", () => {
            const n = Number(trials.value);
            if (!Number.isInteger(n) || n < 1) { say("The budget must be a whole number >= 1.", true); return; }
            control("Set trials to " + n, "POST", "/budget", { trials: n });
          }));
          const params = el("input");
          params.type = "text";
          params.placeholder = "lr=0.001, gist=true";
          params.className = "enqueue-params";
          bar.append(params, button("Enqueue", "", () => {
            const p = parseParams(params.value);
            if (!p) { say("Write the params as name=value, separated by commas.", true); return; }
            control("Enqueue", "POST", "/enqueue", { params: p });
          }));
        }
        if (live) {
          const number = el("input");
          number.type = "number";
          number.min = "0";
          number.placeholder = "trial";
          number.className = "stop-trial-number";
          const as = el("select");
          for (const v of ["pruned", "cancelled"]) {
            const o = el("option", v);
            o.value = v;
            as.append(o);
          }
          bar.append(number, as, button("Stop trial", "", () => {
            const n = Number(number.value);
            if (number.value === "" || !Number.isInteger(n) || n < 0) { say("Give the trial number to stop.", true); return; }
            control("Stop trial " + n, "POST", "/trials/" + n + "/stop", { as: as.value });
          }));
          // suspend hands the trial back after its current epoch with a checkpoint; resume requeues it from there
          for (const [label, suffix] of [["Suspend trial", "/suspend"], ["Resume trial", "/resume"]]) {
            bar.append(button(label, label === "Suspend trial" ? "suspend-trial" : "resume-trial", () => {
              const n = Number(number.value);
              if (number.value === "" || !Number.isInteger(n) || n < 0) { say("Give the trial number to " + label.split(" ")[0].toLowerCase() + ".", true); return; }
              control(label + " " + n, "POST", "/trials/" + n + suffix, {});
            }));
          }
        }
        if (finished && !s.archived) bar.append(button("Archive", "", () => control("Archive", "DELETE", "")));
        if (s.archived) bar.append(button("Restore", "", () => control("Restore", "POST", "/restore")));
      });
    }

    function point(id) {
      if (id === state.study) return;
      state.study = id || null;
      state.summary = null;
      state.confirming = false;
      say("", false);
      refresh();
    }

    new MutationObserver(() => point(root.dataset.study)).observe(root, { attributes: true, attributeFilter: ["data-study"] });
    point(root.dataset.study);
    setInterval(refresh, 5000);
  }

  function mountAll() {
    document.querySelectorAll("#study-controls, [data-study-controls]").forEach(mount);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
