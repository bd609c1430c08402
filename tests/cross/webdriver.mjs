// A small W3C WebDriver client over fetch: one suite drives Chromium
// (chromedriver), Firefox (geckodriver) and WebKit (WebKitWebDriver, which
// drives MiniBrowser). playwright-core cannot drive stock Firefox or
// WebKitGTK; plain WebDriver can, and needs nothing downloaded.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

/** A free loopback port (for a driver to listen on). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `check()` is truthy (polled), or rejects after `timeout` ms saying `what`. */
export async function until(check, what, timeout = 20000, every = 50) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ""}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The engines: how to start each one's driver and what to ask it for. */
export const ENGINES = {
  chromium: {
    driver: () => process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver",
    args: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      },
    }),
  },
  firefox: {
    driver: () => process.env.GECKODRIVER ?? "geckodriver",
    args: (port) => ["--port", String(port), "--host", "127.0.0.1"],
    capabilities: () => ({
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
        args: ["-headless", "--width=1366", "--height=900"],
        // No first-run pages, no network of its own.
        prefs: { "browser.shell.checkDefaultBrowser": false, "app.update.enabled": false, "datareporting.policy.dataSubmissionEnabled": false },
      },
    }),
  },
  webkit: {
    // MiniBrowser under xvfb-run: WebKitGTK's driver has no headless flag
    // (an unknown one hangs the session with no error, hence the timeout).
    driver: () => process.env.WEBKIT_DRIVER ?? "WebKitWebDriver",
    args: (port) => [`--port=${port}`],
    capabilities: () => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": {
        binary: process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        args: ["--automation"],
      },
    }),
  },
};

/** Starts `engine`'s driver; `.session()` opens a browser, `.stop()` ends the driver. */
export async function startDriver(engine) {
  const spec = ENGINES[engine];
  const port = await freePort();
  const child = spawn(spec.driver(), spec.args(port), { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  let failed = null;
  child.once("error", (error) => {
    failed = error;
  });
  child.stderr.on("data", (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => {
    child.once("exit", resolve);
    child.once("error", resolve);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(
      async () => {
        if (failed) throw Object.assign(failed, { fatal: true });
        return (await fetch(`${url}/status`)).ok;
      },
      `${engine}'s driver to listen`,
      30000,
      100,
    );
  } catch (error) {
    // Not left running when it did not start listening.
    child.kill();
    throw new Error(`${engine}'s driver (${spec.driver()}) did not start: ${failed?.message ?? error.message}\n${log}`);
  }
  return {
    engine,
    async session() {
      const body = { capabilities: { alwaysMatch: spec.capabilities() } };
      const answer = await call(url, "POST", "/session", body, 90000, () => log);
      return new Session(url, answer.sessionId, engine, answer.capabilities, () => log);
    },
    async stop() {
      child.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}

async function call(base, method, path, body, timeout = 60000, log = () => "") {
  const response = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  }).catch((error) => {
    throw new Error(`${method} ${path}: ${error.message}\n${log()}`);
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
  }
  return json.value;
}

export class Session {
  constructor(base, id, engine, capabilities, log) {
    this.base = `${base}/session/${id}`;
    this.engine = engine;
    this.capabilities = capabilities;
    this.log = log;
  }
  cmd(method, path, body) {
    return call(this.base, method, path, body, 60000, this.log);
  }
  async end() {
    await this.cmd("DELETE", "").catch(() => {});
  }
  go(url) {
    return this.cmd("POST", "/url", { url });
  }
  /** Runs `script` (a function's source, called with `args`) in the page; returns its value. */
  run(fn, ...args) {
    return this.cmd("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments)`, args });
  }
  async find(css) {
    const found = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return found[ELEMENT];
  }
  async has(css) {
    return this.run((css) => !!document.querySelector(css), css);
  }
  waitFor(css, timeout = 20000) {
    return until(() => this.has(css), css, timeout);
  }
  /** Finds and clicks `css`, again if the page redrew it in between (a stale element). */
  async click(css) {
    await until(async () => {
      const id = await this.find(css);
      await this.cmd("POST", `/element/${id}/click`, {});
      return true;
    }, `a click on ${css}`);
  }
  /** Types `text` into the element `css` (WebDriver's own key events). */
  async type(css, text) {
    const id = await until(() => this.find(css), css);
    return this.cmd("POST", `/element/${id}/value`, { text });
  }
  /** Presses keys (one string per key: "ArrowRight" is "\uE014") at whatever has the focus. */
  async keys(...keys) {
    const actions = keys.flatMap((key) => [{ type: "keyDown", value: key }, { type: "keyUp", value: key }]);
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.cmd("DELETE", "/actions");
  }
  value(testid) {
    return this.run((t) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute("data-value"), testid);
  }
  status() {
    return this.run(() => document.querySelector('[data-testid="status"]')?.getAttribute("data-status"));
  }
  waitForStatus(wanted, timeout = 30000) {
    return until(async () => (await this.status()) === wanted, `status ${wanted}`, timeout);
  }
  async screenshot() {
    return Buffer.from(await this.cmd("GET", "/screenshot"), "base64");
  }
  setWindow(width, height) {
    return this.cmd("POST", "/window/rect", { width, height }).catch(() => {});
  }
}

export const KEY = { ArrowRight: "\uE014", Enter: "\uE007", Tab: "\uE004", Space: " " };
