// handbook serve: live reload and build-error overlay. Added by the dev server only;
// `handbook build` output never contains it.
(() => {
  "use strict";
  const me = document.currentScript;
  const base = me.dataset.base;
  const page = me.dataset.page;
  let known = me.dataset.build;
  const scrollKey = "handbook-serve-scroll:" + location.pathname;
  let delay = 250;
  let overlay = null;

  // Put the reader back where they were before the reload, also after late layout (fonts, diagrams).
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    restore();
    addEventListener("DOMContentLoaded", restore);
    addEventListener("load", restore);
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  // A page needs reloading when its own file changed or when a shared asset did.
  function affected(changed) {
    return known === "none" || changed.some((p) => p === page || !p.endsWith(".html"));
  }

  function hideOverlay() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function showOverlay(report) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "handbook-build-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;" +
      "box-shadow:0 -4px 24px rgba(0,0,0,.4);border-top:4px solid #e5484d;white-space:pre-wrap";
    const title = document.createElement("strong");
    title.textContent = "Build failed — still showing the last good build. Fix the error and save:";
    overlay.append(title);
    for (const line of report.diagnostics) {
      const row = document.createElement("div");
      row.textContent = line;
      overlay.append(row);
    }
    const close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.style.cssText = "position:absolute;top:8px;right:12px;background:none;border:0;color:inherit;font-size:20px;cursor:pointer";
    close.onclick = hideOverlay;
    overlay.append(close);
    document.body.append(overlay);
  }

  function connect() {
    const source = new EventSource(base + "__handbook/events");
    source.addEventListener("hello", (e) => {
      delay = 250;
      window.__handbookLive = { connected: true }; // for tests and the curious
      const state = JSON.parse(e.data);
      if (state.error) showOverlay(state.error);
      else hideOverlay();
      // A build happened while we were loading or disconnected (or the server restarted).
      if (state.build !== "none" && state.build !== known) reload();
    });
    source.addEventListener("reload", (e) => {
      const event = JSON.parse(e.data);
      hideOverlay();
      if (affected(event.changed)) reload();
      else known = event.build;
    });
    source.addEventListener("build-error", (e) => showOverlay(JSON.parse(e.data)));
    source.onerror = () => {
      window.__handbookLive = { connected: false };
      // Reconnect ourselves with back-off: the browser's own retry gives up on some errors.
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }
  // Connect once the page has loaded: an open event stream must not hold up the load event.
  if (document.readyState === "complete") connect();
  else addEventListener("load", () => setTimeout(connect, 0), { once: true });
})();
