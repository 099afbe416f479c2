// Runs leaderboard.js headlessly in Node against a minimal DOM, feeds it a study list and an SSE
// snapshot, and prints the resulting markup the way a browser serialises it: text nodes and
// attribute values escaped, markup written through innerHTML/insertAdjacentHTML/document.write
// verbatim (so a page that inserted user strings as HTML would print them unescaped).
// Usage: node dom-shim.js leaderboard.js studies.json snapshot.json
"use strict";
const fs = require("fs");
const vm = require("vm");
const [pageFile, studiesFile, snapshotFile] = process.argv.slice(2);

const escText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (s) => escText(s).replace(/"/g, "&quot;");
const INTERNAL = new Set(["tagName", "kids", "listeners", "style"]);

class Element {
  constructor(tag) {
    this.tagName = tag.toLowerCase();
    this.kids = [];
    this.listeners = {};
    this.style = {};
  }
  get textContent() {
    return this.kids.map((k) => (typeof k === "string" ? k : k.raw !== undefined ? k.raw : k.textContent)).join("");
  }
  set textContent(v) { this.kids = [String(v)]; }
  get innerHTML() { return this.kids.map(serialize).join(""); }
  set innerHTML(v) { this.kids = [{ raw: String(v) }]; }
  set outerHTML(v) { this.kids = [{ raw: String(v) }]; }
  insertAdjacentHTML(where, html) { this.kids.push({ raw: String(html) }); }
  appendChild(c) { this.kids.push(c); return c; }
  replaceChildren(...c) { this.kids = c; }
  addEventListener(type, f) { this.listeners[type] = f; }
  setAttribute(name, value) { this[name === "class" ? "className" : name] = String(value); }
}

function serialize(node) {
  if (typeof node === "string") return escText(node);
  if (node.raw !== undefined) return node.raw;
  let attrs = "";
  for (const [k, v] of Object.entries(node)) {
    if (INTERNAL.has(k) || v === "" || v === undefined || v === null || typeof v === "object" || typeof v === "function") continue;
    attrs += " " + (k === "className" ? "class" : k) + '="' + escAttr(String(v)) + '"';
  }
  return "<" + node.tagName + attrs + ">" + node.kids.map(serialize).join("") + "</" + node.tagName + ">";
}

const byId = {};
const written = [];
const sources = [];
class EventSource {
  constructor(url) { this.url = url; this.handlers = {}; sources.push(this); }
  addEventListener(type, f) { this.handlers[type] = f; }
  close() {}
}
const context = {
  console,
  document: {
    getElementById: (id) => byId[id] || (byId[id] = new Element("div")),
    createElement: (tag) => new Element(tag),
    write: (html) => written.push(String(html)),
  },
  EventSource,
  fetch: async () => ({ json: async () => JSON.parse(fs.readFileSync(studiesFile, "utf8")) }),
  setInterval: () => 0,
};

(async () => {
  vm.runInNewContext(fs.readFileSync(pageFile, "utf8"), context, { filename: pageFile });
  await new Promise((r) => setImmediate(r));
  if (sources.length !== 1) throw new Error("the page opened " + sources.length + " event streams, expected 1");
  const snapshot = fs.readFileSync(snapshotFile, "utf8");
  sources[0].handlers.snapshot({ data: snapshot });
  sources[0].handlers.trial({ data: JSON.stringify(JSON.parse(snapshot).trials[0]) });
  console.log("events: " + sources[0].url);
  for (const id of ["study", "status", "stats", "rows"]) console.log(id + ": " + byId[id].innerHTML);
  console.log("written: " + written.join(""));
})().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
