// Zhangfang recorder: runs in every frame; reports what a person does to window.__zfRecord.
(() => {
  // per document: a popup's window object is reused when it leaves its first about:blank
  if (document.__zfRecorderInstalled) return;
  document.__zfRecorderInstalled = true;
  const textOf = (e) => (e.innerText || e.value || "").trim().replace(/\s+/g, " ").slice(0, 60);
  function framePath() {
    const path = [];
    let w = window;
    try {
      while (w.frameElement) {
        const el = w.frameElement;
        const siblings = Array.from(w.parent.document.querySelectorAll("frame,iframe"));
        path.unshift({ name: el.name || null, url: "*" + w.location.pathname,
                       index: siblings.indexOf(el) });
        w = w.parent;
      }
    } catch (err) { /* a cross-origin parent: keep what we have */ }
    return path;
  }
  function roleOf(e) {
    const tag = e.tagName.toLowerCase(), type = (e.getAttribute("type") || "").toLowerCase();
    if (e.getAttribute("role")) return e.getAttribute("role");
    if (tag === "button" || (tag === "input" && ["submit", "button", "reset"].includes(type))) return "button";
    if (tag === "a" && e.hasAttribute("href")) return "link";
    if (tag === "select") return "combobox";
    if (tag === "textarea" || (tag === "input" && ["", "text", "email", "tel", "number", "search"].includes(type))) return "textbox";
    if (tag === "input" && type === "checkbox") return "checkbox";
    if (tag === "input" && type === "radio") return "radio";
    return null;
  }
  function cssPath(e) {
    const parts = [];
    for (let n = e, depth = 0; n && n.nodeType === 1 && depth < 4; n = n.parentElement, depth++) {
      let part = n.tagName.toLowerCase();
      if (n.id) { parts.unshift(part + "#" + CSS.escape(n.id)); break; }
      const same = n.parentElement ? Array.from(n.parentElement.children).filter((c) => c.tagName === n.tagName) : [];
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(n) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  }
  function xpath(e) {
    const parts = [];
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const same = n.parentElement ? Array.from(n.parentElement.children).filter((c) => c.tagName === n.tagName) : [n];
      parts.unshift(n.tagName.toLowerCase() + "[" + (same.indexOf(n) + 1) + "]");
    }
    return "/" + parts.join("/");
  }
  function locators(e) {
    const out = [], fp = window.__zfDescribe(e), a = fp.attributes;
    const role = roleOf(e);
    const own = ["button", "link"].includes(role);  // named by their own caption
    const name = ((own ? a["aria-label"] || textOf(e) : fp.label || a["aria-label"] || textOf(e)) || "").slice(0, 40);
    if (a["data-testid"]) out.push({ kind: "testid", value: a["data-testid"] });
    if (role && name && ["button", "link", "checkbox", "radio"].includes(role)) out.push({ kind: "role", value: role, name });
    if (fp.label && !own && ["input", "select", "textarea"].includes(fp.tag)) out.push({ kind: "label", value: fp.label });
    if (a.placeholder) out.push({ kind: "placeholder", value: a.placeholder });
    if (a.name) out.push({ kind: "name", value: a.name });
    if (a.id) out.push({ kind: "id", value: a.id });
    if (["a", "button", "td", "span", "li", "div"].includes(fp.tag) && textOf(e) && textOf(e).length <= 20) out.push({ kind: "text", value: textOf(e) });
    out.push({ kind: "css", value: cssPath(e) });
    out.push({ kind: "xpath", value: xpath(e) });
    delete fp.visible;
    return { locators: out, fingerprint: fp, frame: framePath() };
  }
  const pending = new Set();
  const send = (payload) => {
    try {
      const done = Promise.resolve(window.__zfRecord(payload)).catch(() => {});
      pending.add(done);
      done.then(() => pending.delete(done));
    } catch (err) { /* page closing */ }
  };
  // a popup that closes itself right after a click: let the click reach the recorder first
  const closeWindow = window.close.bind(window);
  window.close = () => { Promise.allSettled(Array.from(pending)).then(closeWindow); };
  const isText = (e) => (e.tagName === "TEXTAREA") || (e.tagName === "INPUT" &&
    !["checkbox", "radio", "file", "submit", "button", "reset", "image"].includes((e.type || "").toLowerCase()));
  document.addEventListener("click", (ev) => {
    const e = ev.target.closest("a,button,input,select,textarea,td,li,span,div,img,label") || ev.target;
    if (!ev.isTrusted || e.tagName === "SELECT" || isText(e) || e.tagName === "LABEL") return;
    if (e.tagName === "INPUT" && ["checkbox", "radio", "file"].includes(e.type)) return;
    send({ action: "click", target: locators(e) });
  }, true);
  const CAPTCHA = /captcha|verify|vcode|yzm|checkcode|验证码|校验码/i;
  function captchaImage(e) {
    // a short text field named like a captcha, with an image beside it
    const words = [e.id, e.name, e.placeholder, window.__zfDescribe(e).label].join(" ");
    if (!CAPTCHA.test(words)) return null;
    for (let n = e.parentElement, depth = 0; n && depth < 3; n = n.parentElement, depth++) {
      const img = n.querySelector("img");
      if (img) return locators(img);
    }
    return null;
  }
  document.addEventListener("input", (ev) => {
    const e = ev.target;
    if (!isText(e)) return;
    send({ action: "fill", value: e.value, secret: e.type === "password", target: locators(e),
           captcha: e.type === "password" ? null : captchaImage(e) });
  }, true);
  document.addEventListener("change", (ev) => {
    const e = ev.target;
    if (e.tagName === "SELECT") {
      send({ action: "select", value: e.options[e.selectedIndex] ? e.options[e.selectedIndex].text : e.value, target: locators(e) });
    } else if (e.type === "checkbox" || e.type === "radio") {
      send({ action: e.checked ? "check" : "uncheck", target: locators(e) });
    } else if (e.type === "file") {
      send({ action: "upload", value: Array.from(e.files).map((f) => f.name).join(","), target: locators(e) });
    } else if (isText(e) && e.readOnly) {
      send({ action: "fill", value: e.value, target: locators(e) });  // set by a date picker
    }
  }, true);
  document.addEventListener("keydown", (ev) => {
    if (ev.isTrusted && ev.key === "Enter" && isText(ev.target) && ev.target.tagName !== "TEXTAREA") {
      send({ action: "press", value: "Enter", target: locators(ev.target) });
    }
  }, true);
})();
