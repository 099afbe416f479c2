// Runs controls.js headlessly in Node (20+: fetch, CustomEvent) against a minimal DOM, talking to a
// real orchestrator, and clicks its buttons the way a person would; prints what it sees, one fact
// per line, for ControlsPageTest to check.
// Usage: node controls-harness.js controls.js BASE_URL STUDY_ID open|token [TOKEN]
"use strict";
const fs = require("fs");
const vm = require("vm");
const [scriptFile, base, study, scenario, token] = process.argv.slice(2);

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
globalThis.document = {
  readyState: "complete",
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
globalThis.fetch = (path, options) => realFetch(base + path, options);
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
    console.log("stored: " + (storage.get("gist.apiToken") === token));
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
})().catch((e) => { console.error(e); process.exit(1); });
