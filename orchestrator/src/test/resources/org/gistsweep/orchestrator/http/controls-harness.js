// Runs access.js and controls.js headlessly in Node (20+: fetch, CustomEvent) against a minimal DOM,
// talking to a real orchestrator with a cookie jar as a browser would (so the server treats it as
// one: the X-XSRF-Token header is needed), and clicks its buttons the way a person would; prints
// what it sees, one fact per line, for ControlsPageTest to check.
// Usage: node controls-harness.js access.js controls.js BASE_URL STUDY_ID open|token [TOKEN]
"use strict";
const fs = require("fs");
const vm = require("vm");
const [accessFile, scriptFile, base, study, scenario, token] = process.argv.slice(2);

const observers = [];
class Element {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.kids = [];
    this.text = "";
    this.dataset = {};
    this.listeners = {};
    this.className = "";
    this.value = "";
    this.type = "";
    const self = this;
    this.classList = { add(c) { self.className = (self.className + " " + c).trim(); } };
  }
  get textContent() { return this.text + this.kids.map((k) => k.textContent).join(""); }
  set textContent(v) { this.text = String(v); this.kids = []; }
  append(...c) { this.kids.push(...c); }
  appendChild(c) { this.kids.push(c); return c; }
  replaceChildren(...c) { this.kids = c; }
  addEventListener(type, f) { (this.listeners[type] = this.listeners[type] || []).push(f); }
  dispatchEvent(e) { (this.listeners[e.type] || []).forEach((f) => f(e)); return true; }
  setAttribute(name, value) {
    if (name.startsWith("data-")) {
      this.dataset[name.slice(5).replace(/-([a-z])/g, (m, c) => c.toUpperCase())] = String(value);
      observers.forEach((o) => o.notify(this, name));
    } else {
      this[name] = String(value);
    }
  }
  click() { (this.listeners.click || []).forEach((f) => f({ type: "click" })); }
  walk(out = []) { out.push(this); this.kids.forEach((k) => k.walk(out)); return out; }
}

class MutationObserver {
  constructor(callback) { this.callback = callback; this.target = null; this.filter = []; observers.push(this); }
  observe(target, options) { this.target = target; this.filter = options.attributeFilter || []; }
  notify(target, name) { if (target === this.target && this.filter.includes(name)) this.callback([]); }
}

const root = new Element("div");
root.id = "study-controls";
const storage = new Map();
const controlled = [];
root.addEventListener("gist:controlled", (e) => controlled.push(e.detail.state));
// the browser's cookies for this server: name -> {value, httpOnly}
const jar = new Map();
globalThis.document = {
  readyState: "complete",
  get cookie() { return [...jar].filter(([, c]) => !c.httpOnly).map(([n, c]) => n + "=" + c.value).join("; "); },
  querySelectorAll: () => [root],
  createElement: (tag) => new Element(tag),
  addEventListener() {}
};
globalThis.MutationObserver = MutationObserver;
globalThis.sessionStorage = {
  getItem: (k) => (storage.has(k) ? storage.get(k) : null),
  setItem: (k, v) => storage.set(k, String(v)),
  removeItem: (k) => storage.delete(k)
};
const realFetch = globalThis.fetch;
const requests = [];
globalThis.fetch = async (path, options = {}) => {
  const headers = { ...(options.headers || {}) };
  if (jar.size > 0) headers.Cookie = [...jar].map(([n, c]) => n + "=" + c.value).join("; ");
  requests.push({ method: options.method || "GET", path, xsrf: headers["X-XSRF-Token"] });
  const response = await realFetch(base + path, { ...options, headers });
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === "" || attributes.some((a) => a.trim().toLowerCase() === "max-age=0")) jar.delete(name);
    else jar.set(name, { value, httpOnly: attributes.some((a) => a.trim().toLowerCase() === "httponly") });
  }
  return response;
};
globalThis.window = globalThis;
globalThis.setInterval = () => 0;

const settle = async () => { for (let i = 0; i < 15; i++) await new Promise((r) => setTimeout(r, 20)); };
const buttons = () => root.walk().filter((e) => e.tagName === "BUTTON").map((e) => e.textContent);
const find = (label) => root.walk().find((e) => e.tagName === "BUTTON" && e.textContent === label);
const state = async () => (await (await realFetch(base + "/api/studies/" + study)).json()).state;
const message = () => root.walk().find((e) => String(e.className).startsWith("controls-message")).textContent;
async function click(label) {
  const b = find(label);
  if (!b) throw new Error("no button '" + label + "' among " + JSON.stringify(buttons()));
  b.click();
  await settle();
}

(async () => {
  vm.runInThisContext(fs.readFileSync(accessFile, "utf8"), { filename: "access.js" });
  vm.runInThisContext(fs.readFileSync(scriptFile, "utf8"), { filename: "controls.js" });
  await settle();
  console.log("before study: " + JSON.stringify(buttons()));
  root.setAttribute("data-study", study);
  await settle();
  if (scenario === "token") {
    console.log("without token: " + JSON.stringify(buttons()) + " text: " + root.textContent);
    const input = root.walk().find((e) => e.tagName === "INPUT" && e.type === "password");
    input.value = token;
    await click("Use token");
    console.log("session: " + (jar.has("gist_session") && jar.get("gist_session").httpOnly) + " page keeps the token: "
        + [...storage.values()].includes(token));
  }
  console.log("running: " + JSON.stringify(buttons()));
  await click("Pause");
  console.log("after pause: " + (await state()) + " buttons: " + JSON.stringify(buttons()) + " message: " + message());
  await click("Cancel\u2026");
  console.log("asking: " + (await state()) + " buttons: " + JSON.stringify(buttons()));
  await click("Keep running");
  console.log("kept: " + (await state()));
  await click("Cancel\u2026");
  await click("Confirm cancel");
  console.log("after cancel: " + (await state()) + " buttons: " + JSON.stringify(buttons()));
  await click("Resume").catch((e) => console.log("no resume: " + e.message.split(" among")[0]));
  console.log("events: " + JSON.stringify(controlled));
  const changes = requests.filter((r) => r.method !== "GET");
  console.log("every change sent the XSRF cookie's value: " + (changes.length > 0 && changes.every((r) => jar.has("gist_xsrf") && r.xsrf === jar.get("gist_xsrf").value)));
  // a restart makes a new XSRF token: the page's is stale, the call is refused once and retried with a fresh cookie
  jar.set("gist_xsrf", { value: "stale", httpOnly: false });
  const before = requests.length;
  const restore = await gistAccess.send("POST", "/api/studies/" + study + "/resume");
  console.log("stale token: " + restore.status + " after " + requests.slice(before).map((r) => r.method + " " + r.path).join(", "));
})().catch((e) => { console.error(e); process.exit(1); });
