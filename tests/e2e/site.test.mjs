// The playground in real Chromium: dist/ served on loopback under a sub-path.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cannotStartMessage, instant, openPage, session, status, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages; // every page opened, with its console errors and foreign requests

const open = site.openReady;

describe("the playground", () => {
  test("the article's 1000 tasks lose 999 updates, and the lock fixes it", async () => {
    const page = await open("?tasks=1000");
    assert.equal(await value(page, "expected"), "2000");
    assert.equal(await value(page, "balance"), "1000");
    await instant(page);
    await page.keyboard.press("Space");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1001");
    assert.equal(await value(page, "lost"), "999");
    // As python3 runs it: the tasks write T1 to T1000 in turn, and the last stands.
    assert.equal(await page.textContent('[data-testid="survivors"]'), "Only T1000's write survived.");
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "2000");
    assert.equal(await value(page, "lost"), "0");
    // The lock ran the I/O one task at a time: 1000 x 100 ms.
    assert.equal(await value(page, "elapsed"), "100000");
    const rows = await page.locator('[data-testid="results"] tbody tr').count();
    assert.equal(rows, 2);
    await page.close();
  });

  test("the bank preset shows 1100 without the lock and 1500 after pressing L", async () => {
    const page = await open();
    await page.click('[data-testid="preset-bank"]');
    await instant(page);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1100");
    // The article's bank program prints "[T5] Wrote balance: 1100.0" last.
    assert.equal(await page.textContent('[data-testid="survivors"]'), "Only T5's write survived.");
    assert.match(
      await page.textContent('[data-testid="narration"]'),
      /T5 wrote \$1,100 .*erasing T4's \+\$100 \(its write of \$1,100\)\. That credit is lost\./,
    );
    assert.equal(await page.getAttribute('[data-testid="lock-toggle"]', "aria-checked"), "false");
    await page.keyboard.press("L");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1500");
    assert.equal(await page.getAttribute('[data-testid="lock-toggle"]', "aria-checked"), "true");
    // The log speaks the article's words.
    const log = await page.textContent('[data-testid="log"]');
    assert.match(log, /\[T5\] Wrote balance: 1500/);
    await page.close();
  });

  test("keyboard: run, pause, step, restart, help", async () => {
    const page = await open("?tasks=5&amount=100&speed=1");
    assert.equal(await status(page), "ready");
    await page.keyboard.press("Space");
    assert.equal(await status(page), "playing");
    await page.keyboard.press("Space");
    assert.equal(await status(page), "paused");
    const before = await page.locator('[data-testid="log"] li').count();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    // The steps show once the lab has computed the run.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="log"] li').length > n, before);
    assert.equal(await status(page), "paused");
    await page.keyboard.press("r");
    assert.equal(await status(page), "playing");
    assert.equal(await page.locator('[data-testid="log"] li').count(), 0);
    await page.keyboard.press("?");
    await page.waitForSelector('dialog[data-testid="help"][open]');
    // The editor's keys are listed too, apart from the page's.
    assert.match(await page.textContent('[data-testid="help-editor"]'), /Ctrl\+Enter.*run the program.*Esc, then Tab.*leave the editor/);
    // A modal: keys do nothing behind it, and Tab stays inside it.
    await page.keyboard.press("l");
    assert.equal(await page.getAttribute('[data-testid="lock-toggle"]', "aria-checked"), "false");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest("dialog")), "focus stays in the dialog");
    await page.keyboard.press("Escape");
    await page.waitForSelector('dialog[data-testid="help"]:not([open])', { state: "attached" });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-testid")),
      "help-button",
      "focus returns to the button that opened the help",
    );
    // Tab reaches the lock switch with a visible focus ring.
    await page.focus('[data-testid="lock-toggle"]');
    const outline = await page.$eval('[data-testid="lock-toggle"]', (el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, "none");
    await page.close();
  });

  test("the deadlock preset draws the cycle", async () => {
    const page = await open();
    await page.keyboard.press("3");
    // Two locks are drawn by the full app, which the playground hands the run to.
    await page.waitForSelector('html[data-app="full"] [data-testid="deadlock"], html[data-app="full"] .deadlock-panel');
    await instant(page);
    await waitForStatus(page, "finished");
    const text = await page.textContent('[data-testid="deadlock"]');
    assert.match(text, /T1 waits for lock_b held by T2, T2 waits for lock_a held by T1/);
    await page.close();
  });

  test("real timers: the race happens on the browser's event loop too", async () => {
    const page = await open("?tasks=5&amount=100&delay=40&real=1");
    await page.keyboard.press("Space");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1100");
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1500");
    const rows = await page.textContent('[data-testid="results"]');
    assert.match(rows, /real timers/);
    await page.close();
  });

  test("ready means ready: Space in the first frame that says Ready starts the run", async () => {
    // Yew may hand the browser a frame between drawing "Ready: press Run (or
    // Space)" and running its effects; on a slow machine (a CPU slowed four
    // times) that frame is nearly always there. Every load must take the key.
    for (let i = 0; i < 6; i++) {
      const opened = await openPage(site.browser, site.server.origin);
      site.pages.push(opened);
      const { page } = opened;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await page.goto(site.server.base + "?tasks=5&amount=100");
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status === "ready",
        null, { polling: "raf" });
      await page.keyboard.press("Space");
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status !== "ready",
        null, { timeout: 5000 }).catch(() => {});
      assert.notEqual(await status(page), "ready", `load ${i + 1}: the Space was lost`);
      await page.close();
    }
  });

  test("real timers: every time shown is the measured one (the lock's N-fold slowdown is real)", async () => {
    // Three tasks, 300 ms of I/O each, one at a time under the lock: about 900 ms of wall time.
    const delay = 300;
    const page = await open(`?strategy=lock&tasks=3&delay=${delay}&real=1`);
    await page.keyboard.press("Space");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), await value(page, "expected"));
    // setTimeout never fires early, and a loopback test machine is not seconds late.
    const elapsed = Number(await value(page, "elapsed"));
    assert.ok(elapsed >= 3 * delay - 2 && elapsed < 3 * delay + 1500, `elapsed ${elapsed} ms`);
    const log = await page.textContent('[data-testid="log"]');
    const waits = [...log.matchAll(/Acquired lock after waiting ([\d,]+) ms/g)].map((m) => Number(m[1].replace(/,/g, "")))
      .sort((a, b) => a - b);
    assert.equal(waits.length, 2, log);
    assert.ok(waits[0] >= delay - 2 && waits[1] >= 2 * delay - 2, `waits ${waits}`);
    const rows = await page.textContent('[data-testid="results"]');
    assert.doesNotMatch(rows, /\b0 ms\b/, "the runs table shows the measured time");
    await page.close();
  });

  test("real timers: a deadlock is noticed and its cycle named", async () => {
    const page = await open("?strategy=opposite-order&tasks=2&delay=10&real=1");
    await page.keyboard.press("Space");
    await waitForStatus(page, "finished");
    assert.match(await page.textContent('[data-testid="deadlock"]'), /T1 waits for lock_b held by T2/);
    await page.close();
  });

  test("bad link parameters give visible notices and a working page", async () => {
    const page = await open("?tasks=1000000000000&strategy=mutex&delay=soon&starts=1,2");
    const notices = await page.textContent('[data-testid="notices"]');
    for (const name of ["tasks", "strategy", "delay", "starts"]) assert.match(notices, new RegExp(name));
    assert.match(notices, /1 to 10000/);
    assert.equal(await value(page, "expected"), "2000", "fell back to the article's 1000 tasks");
    await page.close();
  });

  for (const [name, viewport] of [
    ["phone", { width: 375, height: 700 }],
    ["embed", { width: 800, height: 600 }],
  ]) {
    test(`no sideways scrolling on a ${name}`, async () => {
      const page = await open("", viewport);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${name} viewport`);
      await page.close();
    });
  }

  test("if the WebAssembly cannot load, the page says so instead of going blank", async () => {
    const message = await cannotStartMessage(site.browser, site.server.origin, site.server.base);
    assert.match(message, /Racecourse could not start/);
  });

  test("no console errors and no request to another origin", () => {
    assert.ok(pages.length >= 9, "every test above opened a page");
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
