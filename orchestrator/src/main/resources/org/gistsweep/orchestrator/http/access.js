"use strict";
// What a page of this server needs to call its API from a browser, as window.gistAccess. A classic
// script: include it before the page's own scripts (the console, controls.js, the
// API docs).
//
//   send(method, path, body)  a call that changes state: Content-Type: application/json and the
//                             X-XSRF-Token header (the value of the gist_xsrf cookie the server set on
//                             the page). After a 403 naming that header (the server restarted and made
//                             a new token) it gets a fresh cookie from GET /api/access and tries once more.
//   access()                  GET /api/access: {token_required, read_token_required, authenticated}
//   xsrf()                    the XSRF token the page holds
//   tokenForm(text, onSignedIn)  a password field and a "Use token" button that open a session
//                             (POST /api/session): the server answers with an HttpOnly cookie, so the
//                             page never keeps the token; event streams and fetches carry the cookie.
//
// Escaping rule, as in the console: server strings reach the page only through textContent, never
// as markup. Never use innerHTML, outerHTML, insertAdjacentHTML or document.write.
(function () {
  const COOKIE = "gist_xsrf";
  const HEADER = "X-XSRF-Token";

  function xsrf() {
    for (const part of String(document.cookie || "").split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
    }
    return "";
  }

  async function access() {
    const response = await fetch("/api/access", { cache: "no-store" });
    return response.json();
  }

  async function send(method, path, body) {
    const attempt = () => fetch(path, {
      method,
      headers: { "Content-Type": "application/json", [HEADER]: xsrf() },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const response = await attempt();
    if (response.status !== 403) return response;
    const reply = await response.clone().json().catch(() => ({}));
    if (reply.field !== HEADER) return response;
    await access();
    return attempt();
  }

  function tokenForm(text, onSignedIn) {
    const form = document.createElement("span");
    form.className = "controls-token";
    const label = document.createElement("span");
    label.textContent = text;
    const input = document.createElement("input");
    input.type = "password";
    input.placeholder = "API token";
    input.autocomplete = "off";
    const problem = document.createElement("span");
    problem.className = "controls-message error";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Use token";
    button.addEventListener("click", async () => {
      const token = input.value.trim();
      if (token.length === 0) return;
      const response = await send("POST", "/api/session", { token });
      if (response.ok) {
        input.value = "";
        problem.textContent = "";
        onSignedIn();
        return;
      }
      const reply = await response.json().catch(() => ({}));
      problem.textContent = "Refused (HTTP " + response.status + "): " + (reply.error || "");
    });
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") button.click(); });
    form.append(label, input, button, problem);
    return form;
  }

  window.gistAccess = { send, access, xsrf, tokenForm };
})();
