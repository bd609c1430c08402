// Starts Racecourse. The page's first load is the playground: the article's
// story at up to 12 tasks with one lock. The full app (the grid for bigger
// runs, the two-lock programs, the keyboard help, the guided lesson,
// detailed settings, real timers, sharing) loads when the playground asks
// for it (window.racecourseUpgrade, called with what the playground hands
// over), or at once when the link needs it. Trunk puts this file where its own inline loader would go
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
// What went wrong is also kept, for checking in any browser (the
// cross-browser tests read it: not every engine's driver reports errors).
const problems = (window.racecourseProblems = []);
addEventListener("error", (e) => {
  problems.push(`error: ${e.message}`);
  cannotStart(e.message || "error");
});
// A Content-Security-Policy refusal is a problem too (say, an inline style).
document.addEventListener("securitypolicyviolation", (e) => problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
addEventListener("unhandledrejection", (e) => {
  const reason = String(e.reason?.message ?? e.reason ?? "error");
  problems.push(`unhandled rejection: ${reason}`);
  cannotStart(reason);
});

// The full app's own styles come with it, before it draws anything.
function loadStyles(href) {
  return new Promise((resolve, reject) => {
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
    link.onload = resolve;
    link.onerror = () => reject(new Error(`could not load ${href}`));
    document.head.append(link);
  });
}

let full = null;
function loadFull() {
  full ??= (() => {
    // The wasm downloads while the glue and the styles do.
    const wasm = fetch(at("full_bg.wasm"));
    return Promise.all([import(at("full.js")), loadStyles(at("full.css"))]).then(async ([app]) => {
      await app.default({ module_or_path: wasm });
      return app;
    });
  })();
  return full;
}

// The interpreter of the learner's programs: the program lab's module, on
// this thread too (src/app/interpreter.rs), loaded when the full app first
// has a program of the learner's to run.
let interpreter = null;
window.racecourseInterpreter = () =>
  (interpreter ??= import(at("pylab.js")).then(async (module) => {
    await module.default({ module_or_path: at("pylab_bg.wasm") });
    return module;
  }));

const root = document.documentElement;
// The playback clock's beats (src/app/clock.rs): while a run plays (the app
// marks <html data-playing>), one every animation frame and, from a timer,
// five a second: a browser may stop the frames of a page it does not show,
// and a run must not wait to be drawn.
let frame = 0;
let timer = 0;
const beat = () => dispatchEvent(new Event("racecourse-beat"));
const onFrame = () => {
  beat();
  frame = requestAnimationFrame(onFrame);
};
new MutationObserver(() => {
  cancelAnimationFrame(frame);
  clearInterval(timer);
  if (root.hasAttribute("data-playing")) {
    frame = requestAnimationFrame(onFrame);
    timer = setInterval(beat, 200);
  }
}).observe(root, { attributes: true, attributeFilter: ["data-playing"] });
let playground = null;
let upgrading = null;
// Once: the playground may ask again while the full app is on its way.
window.racecourseUpgrade = (handoff, notices) => (upgrading ??= (async () => {
  root.classList.add("loading-tools");
  try {
    const app = await loadFull();
    playground?.stop();
    playground = null;
    app.mount(handoff, notices ?? []);
    root.dataset.app = "full";
  } catch (error) {
    full = null;
    upgrading = null;
    const fatal = document.getElementById("fatal");
    fatal.textContent = `Racecourse could not load its tools (${error?.message ?? error}). Try again, or reload the page.`;
    fatal.hidden = false;
  } finally {
    root.classList.remove("loading-tools");
  }
})());

// What the link asks for, read as the app reads it (src/view/link.rs): a
// link naming any part of the program starts from the article's 1000 tasks.
// Where this guesses wrong, the playground hands over by itself. The theme,
// presentation mode and an embed's code pane are the full app's (src/app/display.rs), and so
// are real timers.
function needsFullApp(query) {
  if (["lesson", "explore", "order", "scheduler", "challenge", "theme", "present", "code", "real", "exercise", "goal"].some((key) => query.has(key))) return true;
  if (/^(opposite|consistent)-order$/.test(query.get("strategy") ?? "")) return true;
  const program = ["tasks", "strategy", "lock", "initial", "amount", "delay", "jitter", "seed", "delays", "starts"];
  const tasks = query.has("tasks") ? Number(query.get("tasks")) : program.some((k) => query.has(k)) ? 1000 : 5;
  return !(tasks <= 12);
}

const query = new URLSearchParams(location.search);
// The link's theme, before anything is drawn: no flash of the other one.
// The styles know only light and dark; the full app checks the value.
if (query.has("theme")) root.dataset.theme = query.get("theme");
const startsFull = needsFullApp(query);
let fullMounted = null;
// The host page's requests about the learner's program (README: the host
// API) are the full app's, which hears them itself once it runs. Before:
// the playground hands over to it (opening the editor), or the full app
// finishes starting, and the request is posted again for it to hear.
addEventListener("message", (event) => {
  if (event.source !== parent || parent === window || event.data?.source !== "racecourse-host") return;
  if (root.dataset.app === "full") return;
  // The playground runs a built-in program: no text of the learner's.
  if (!startsFull && event.data.type === "get-program") {
    parent.postMessage({ source: "racecourse", type: "program", program: null }, "*");
    return;
  }
  const handedOver = startsFull ? fullMounted : window.racecourseUpgrade(new Float64Array([5]), []);
  handedOver?.then(() => postMessage(event.data, location.origin));
});
if (startsFull) {
  fullMounted = loadFull().then((app) => {
    app.mount(new Float64Array(), []);
    root.dataset.app = "full";
  });
  await fullMounted;
} else {
  // Checked against the hashes the build put on this script's tag: the glue
  // through a modulepreload (which import() then uses), the wasm by fetch.
  const { jsIntegrity, wasmIntegrity } = boot.dataset;
  const download = fetch(boot.dataset.wasm, wasmIntegrity ? { integrity: wasmIntegrity } : {});
  if (jsIntegrity) {
    document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href: boot.dataset.js, integrity: jsIntegrity }));
  }
  playground = await import(boot.dataset.js);
  const wasm = await playground.default({ module_or_path: download });
  // For the benchmark's memory check: how much memory the playground's wasm holds.
  window.racecourseWasmBytes = () => wasm.memory.buffer.byteLength;
  root.dataset.app ??= "playground";
}
dispatchEvent(new CustomEvent("TrunkApplicationStarted"));
