// Shared by the end-to-end tests and the browser benchmark: serves dist/ on
// loopback under a sub-path (as a course site would host it) and drives
// Debian's Chromium through playwright-core. Nothing is downloaded.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

// RACECOURSE_DIST serves another build (one per person when several work in one tree).
const DIST = process.env.RACECOURSE_DIST
  ? `${process.env.RACECOURSE_DIST.replace(/\/$/, "")}/`
  : fileURLToPath(new URL("../../dist/", import.meta.url));
export const SUB_PATH = "/courses/async/racecourse/";
/** The strictest Content-Security-Policy the site runs under (the README documents it). */
export const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
};

/**
 * Serves dist/ at SUB_PATH, and `extra` (path -> html) for host pages.
 * `headers` go with every response (a Content-Security-Policy, say).
 */
export async function serve(extra = {}, headers = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (extra[url.pathname]) {
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end(extra[url.pathname]);
      return;
    }
    if (!url.pathname.startsWith(SUB_PATH)) {
      res.writeHead(404).end("not here");
      return;
    }
    let path = decodeURIComponent(url.pathname.slice(SUB_PATH.length)) || "index.html";
    path = normalize(path).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(DIST, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, base: `http://127.0.0.1:${port}${SUB_PATH}`, close: () => server.close() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/**
 * A page that records console errors, page errors and every request that
 * leaves `origin`. `options`: more of the browser context's (colour scheme,
 * reduced motion).
 */
export async function openPage(browser, origin, viewport = { width: 1280, height: 800 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("about:")) foreign.push(url);
  });
  return { page, context, problems, foreign };
}

/**
 * Opens the site with its WebAssembly refused (404) and returns the message
 * the page shows instead of going blank. The page's errors are the point, so
 * it is not recorded with the others.
 */
export async function cannotStartMessage(browser, origin, base) {
  const { page, context } = await openPage(browser, origin);
  await page.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto(base);
  await page.waitForSelector("#fatal:not([hidden])");
  const message = await page.textContent("#fatal");
  await context.close();
  return message;
}

/** "+" until the speed reads "instant": the keyboard path a learner would use. */
export async function instant(page) {
  for (let i = 0; i < 20 && (await page.textContent('[data-testid="speed"]')) !== "instant"; i++) {
    await page.keyboard.press("+");
  }
}

/** Waits for the app to have rendered (the loading screen replaced). */
export async function ready(page) {
  await page.waitForSelector('[data-testid="balance"]');
}

export async function value(page, testid) {
  return page.getAttribute(`[data-testid="${testid}"]`, "data-value");
}

export async function status(page) {
  return page.getAttribute('[data-testid="status"]', "data-status");
}

export async function waitForStatus(page, wanted, timeout = 20000) {
  await page.waitForFunction(
    (w) => document.querySelector('[data-testid="status"]')?.getAttribute("data-status") === w,
    wanted,
    { timeout },
  );
}

/**
 * One server and one browser for a test file (started before its tests,
 * closed after). `open(path)` opens a page of the site and records its
 * problems in `pages`, for a final "no errors, no foreign requests" check.
 */
export function session() {
  const state = { server: null, browser: null, pages: [] };
  before(async () => {
    state.server = await serve();
    state.browser = await launch();
  });
  after(async () => {
    await state.browser?.close();
    state.server?.close();
  });
  state.open = async (path = "", viewport) => {
    const opened = await openPage(state.browser, state.server.origin, viewport);
    state.pages.push(opened);
    await opened.page.goto(state.server.base + path);
    return opened.page;
  };
  /** `open`, then wait for the app to have rendered. */
  state.openReady = async (path = "", viewport) => {
    const page = await state.open(path, viewport);
    await ready(page);
    return page;
  };
  return state;
}

/**
 * The `code=` value for a learner's program, made by python3 as the README
 * says any tool may make it (raw DEFLATE, base64url without padding).
 */
export function codeLink(text) {
  return execFileSync(
    "python3",
    ["-c", "import base64,sys,zlib; print(base64.urlsafe_b64encode(zlib.compress(sys.stdin.buffer.read(), 9)[2:-4]).decode().rstrip('='))"],
    { input: text },
  ).toString().trim();
}
