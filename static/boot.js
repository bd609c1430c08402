// Starts Racecourse. The page's first load is the playground; its tools
// (the guided lesson, detailed settings, real timers, sharing) come with the
// full app, loaded when the playground asks for it (window.racecourseUpgrade,
// called with what the playground hands over) or at once when the link asks
// for a tool. Trunk puts this file where its own inline loader would go
// (Trunk.toml, pattern_script), so the page runs under a strict
// Content-Security-Policy with no inline script at all.
const boot = document.getElementById("boot");
const at = (path) => new URL(path, document.baseURI).href;

// If the WebAssembly cannot start, say so instead of leaving a loading screen.
function cannotStart(reason) {
  const fatal = document.getElementById("fatal");
  if (fatal && fatal.hidden && document.querySelector("#app .boot")) {
    fatal.textContent = `Racecourse could not start (${reason}). It needs a browser with WebAssembly; try reloading the page.`;
    fatal.hidden = false;
  }
}
addEventListener("error", (e) => cannotStart(e.message || "error"));
addEventListener("unhandledrejection", (e) => cannotStart(String(e.reason?.message ?? e.reason ?? "error")));

let full = null;
function loadFull() {
  full ??= import(at("full.js")).then(async (app) => {
    await app.default({ module_or_path: at("full_bg.wasm") });
    return app;
  });
  return full;
}

let playground = null;
window.racecourseUpgrade = async (handoff) => {
  const root = document.documentElement;
  root.classList.add("loading-tools");
  try {
    const app = await loadFull();
    playground?.stop();
    playground = null;
    app.mount(handoff);
  } catch (error) {
    full = null;
    const fatal = document.getElementById("fatal");
    fatal.textContent = `Racecourse could not load its tools (${error?.message ?? error}). Try again, or reload the page.`;
    fatal.hidden = false;
  } finally {
    root.classList.remove("loading-tools");
  }
};

// A link into the lesson opens the full app at once.
if (new URLSearchParams(location.search).has("lesson")) {
  (await loadFull()).mount(new Float64Array());
} else {
  playground = await import(boot.dataset.js);
  const wasm = await playground.default({ module_or_path: boot.dataset.wasm });
  // For the benchmark's memory check: how much memory the playground's wasm holds.
  window.racecourseWasmBytes = () => wasm.memory.buffer.byteLength;
}
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
