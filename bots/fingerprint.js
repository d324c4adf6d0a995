// Describe elements the same way when recording (one element) and when healing (all
// candidates of a tag): attributes, text, the label a person sees beside it, and position.
(() => {
  const KEEP = ["id", "name", "class", "type", "placeholder", "value", "href", "title",
                "aria-label", "role", "data-testid", "for"];
  function labelOf(e) {
    if (e.labels && e.labels.length) return e.labels[0].innerText.trim();
    const wrapping = e.closest("label");
    if (wrapping) return wrapping.innerText.trim();
    const aria = e.getAttribute("aria-label");
    if (aria) return aria.trim();
    if (e.type === "radio" || e.type === "checkbox") {  // its caption follows it
      let next = e.nextSibling;
      while (next && !(next.textContent || "").trim()) next = next.nextSibling;
      if (next && next.nodeType === 3) return next.textContent.trim().slice(0, 40);
    }
    const cell = e.closest("td");
    if (cell && cell.previousElementSibling) return cell.previousElementSibling.innerText.trim();
    let prev = e.previousSibling;
    while (prev && !(prev.textContent || "").trim()) prev = prev.previousSibling;
    return prev ? (prev.textContent || "").trim().slice(0, 40) : "";
  }
  function describe(e) {
    const r = e.getBoundingClientRect();
    const attributes = {};
    for (const name of KEEP) {
      const v = e.getAttribute(name);
      if (v !== null && v !== "" && !(name === "value" && e.type === "password")) attributes[name] = v;
    }
    const text = (e.type === "password") ? "" : (e.innerText || e.value || "").trim().slice(0, 80);
    return { tag: e.tagName.toLowerCase(), attributes, text, label: labelOf(e).slice(0, 40),
             position: [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)],
             visible: r.width > 0 && r.height > 0 };
  }
  window.__zfDescribe = describe;
  window.__zfCandidates = (tag) => Array.from(document.querySelectorAll(tag)).map(describe);
})();
