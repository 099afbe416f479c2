"use strict";
// A page on another origin than the orchestrator's (CrossOriginBrowserTest serves it), trying every
// way a page can send a call without the server's consent: to create a study at ?target= and to
// cancel the study ?study=. It records what it could observe in data-seen and sets data-done.
(async function () {
  const params = new URLSearchParams(location.search);
  const target = params.get("target");
  const create = target + "/api/studies";
  const cancel = target + "/api/studies/" + encodeURIComponent(params.get("study")) + "/cancel";
  const spec = JSON.stringify({ name: "evil", directions: ["maximize"], space: { x: { type: "float", low: 0, high: 1 } } });
  // cookies ignore ports: a page on the orchestrator's host (another port) can read its XSRF cookie
  const stolen = (document.cookie.match(/(?:^|; )gist_xsrf=([^;]*)/) || [])[1] || "";
  const seen = { stolen: stolen.length > 0 };

  async function attempt(name, send) {
    try {
      const r = await send();
      seen[name] = r.type === "opaque" ? "opaque" : String(r.status);
    } catch (e) {
      seen[name] = "refused: " + e.name;
    }
  }

  const noCors = (url, headers, body) => fetch(url, { method: "POST", mode: "no-cors", credentials: "include", headers, body });
  await attempt("no-cors text/plain create", () => noCors(create, { "Content-Type": "text/plain" }, spec));
  await attempt("no-cors text/plain cancel", () => noCors(cancel, {}, "{}"));
  await attempt("no-cors urlencoded cancel", () => noCors(cancel, {}, new URLSearchParams({ a: "b" })));
  // in no-cors mode the browser drops a JSON content type and sends text/plain
  await attempt("no-cors json cancel", () => noCors(cancel, { "Content-Type": "application/json" }, "{}"));
  const cors = (url, body) => fetch(url, { method: "POST", credentials: "include",
    headers: { "Content-Type": "application/json", "X-XSRF-Token": stolen }, body });
  await attempt("cors json create", () => cors(create, spec));
  await attempt("cors json cancel", () => cors(cancel, "{}"));
  await attempt("cors read", () => fetch(target + "/api/studies").then((r) => r.json()));

  seen["beacon text create"] = navigator.sendBeacon(create, spec);
  seen["beacon text cancel"] = navigator.sendBeacon(cancel, "{}");
  try {
    seen["beacon json cancel"] = navigator.sendBeacon(cancel, new Blob(["{}"], { type: "application/json" }));
  } catch (e) {
    seen["beacon json cancel"] = "refused: " + e.name;
  }

  // forms: text/plain carrying a JSON body (the name holds the JSON, the value closes it), urlencoded, multipart
  const forms = [
    { action: create, enctype: "text/plain", name: spec.slice(0, -1) + ',"pad":"', value: '"}' },
    { action: cancel, enctype: "application/x-www-form-urlencoded", name: "confirm", value: "yes" },
    { action: cancel, enctype: "multipart/form-data", name: "confirm", value: "yes" }
  ];
  await Promise.all(forms.map((f, i) => new Promise((resolve) => {
    const frame = document.createElement("iframe");
    frame.name = "sink" + i;
    const form = document.createElement("form");
    form.method = "POST";
    form.action = f.action;
    form.enctype = f.enctype;
    form.target = frame.name;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = f.name;
    input.value = f.value;
    form.append(input);
    document.body.append(frame, form);
    frame.addEventListener("load", () => {
      try {
        if (frame.contentWindow.location.href === "about:blank") return; // the empty frame, not the answer yet
      } catch (e) {
        // another origin's answer: loaded
      }
      resolve();
    });
    setTimeout(resolve, 10000);
    form.submit();
  })));
  seen.forms = forms.length;

  document.body.dataset.seen = JSON.stringify(seen);
  document.body.dataset.done = "1";
})();
