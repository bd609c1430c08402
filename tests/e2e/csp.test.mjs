// Strict hosting: the built site served with the strictest
// Content-Security-Policy it can run under (the README documents it): no
// inline script, no inline style, nothing from another origin. A host's
// looser policy (with style-src 'unsafe-inline', say) allows all this and
// more. The page, the lab worker, the full app, the lesson, the course page
// and embed.js all run, and the browser reports no violation.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cannotStartMessage, launch, openPage, POLICY, ready, serve, value, waitForStatus } from "./harness.mjs";

const state = { server: null, browser: null, pages: [] };
before(async () => {
  state.server = await serve({}, { "content-security-policy": POLICY });
  state.browser = await launch();
});
after(async () => {
  await state.browser?.close();
  state.server?.close();
});

/** A page under the policy that records every violation it sees. */
async function open(path, viewport) {
  const opened = await openPage(state.browser, state.server.origin, viewport);
  state.pages.push(opened);
  opened.violations = [];
  await opened.page.exposeFunction("__reportViolation", (v) => opened.violations.push(v));
  await opened.page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__reportViolation(`${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  await opened.page.goto(state.server.base + path);
  return opened.page;
}

describe("under a strict Content-Security-Policy", () => {
  test("the policy is really sent", async () => {
    const response = await fetch(state.server.base);
    assert.equal(response.headers.get("content-security-policy"), POLICY);
  });

  test("the playground runs, with its lab worker", async () => {
    const page = await open("?tasks=5&amount=100&speed=14&autorun=1");
    await ready(page);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1100");
  });

  test("the full app runs: a 1000-task link, the grid, the deadlock, the help", async () => {
    const page = await open("?tasks=1000&speed=14&autorun=1");
    await ready(page);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1001");
    assert.ok(await page.locator('[data-testid="task-grid"]').isVisible());
    // Its stylesheet came too: the deadlock panel keeps its reserved height.
    const deadlock = await open("?strategy=opposite-order&tasks=2&delay=10&speed=14&autorun=1");
    await ready(deadlock);
    await waitForStatus(deadlock, "finished");
    const height = await deadlock.$eval(".deadlock-panel", (el) => parseFloat(getComputedStyle(el).minHeight));
    assert.ok(height >= 200, `min-height ${height}`);
    await deadlock.keyboard.press("?");
    await deadlock.waitForSelector("dialog[open]");
  });

  test("a tool opened in the playground swaps in the full app", async () => {
    const page = await open("?tasks=5&amount=100");
    await ready(page);
    await page.click('[data-testid="more-settings"]');
    await page.waitForSelector('html[data-app="full"] [data-testid="copy-link"]');
  });

  test("the explorer draws its bars, and a challenge opens", async () => {
    const page = await open("?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1");
    await ready(page);
    await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
    // Each bar as long as its share (1 of 6 end at 3, 3 of 6 at 1): drawn, not refused.
    // (Laid out once the panel settles; a refused width would stay 0.)
    const widths = await (await page.waitForFunction(() => {
      const fills = [...document.querySelectorAll('[data-testid="distribution"] .bar-fill')];
      const widths = fills.map((f) => Math.round(f.getBoundingClientRect().width));
      return widths.length >= 2 && widths.every((w) => w > 0) && widths;
    }, null, { timeout: 10000 })).jsonValue();
    assert.ok(Math.max(...widths) >= 2 * Math.min(...widths), `bars as long as their shares: ${widths}`);
    const level = await open("?challenge=1");
    await ready(level);
    await level.waitForSelector('[data-testid="picks"]');
  });

  test("the lesson runs", async () => {
    const page = await open("?lesson=2");
    await ready(page);
    await page.fill('[data-testid="prediction"]', "1100");
    await page.keyboard.press("Enter");
    await page.click("#lesson-title");
    for (let i = 0; i < 14; i++) await page.keyboard.press("+");
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    assert.equal(await value(page, "balance"), "1100");
  });

  test("the course page and embed.js run, and report their runs", async () => {
    const page = await open("course.html");
    for (const [count, id] of [[1, "bug"], [2, "bank"], [3, "deadlock"]]) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.waitForFunction((n) => (window.racecourseRuns ?? []).length >= n, count, { timeout: 60000 });
    }
    assert.equal(await page.locator("#runs > div").count(), 3, "course.js listed the three runs");
  });

  test("if the WebAssembly cannot load, the page still says so", async () => {
    const message = await cannotStartMessage(state.browser, state.server.origin, state.server.base);
    assert.match(message, /Racecourse could not start/);
  });

  test("no violation, no console error, no request to another origin", () => {
    assert.ok(state.pages.length >= 6);
    assert.deepEqual(state.pages.flatMap((p) => p.violations), []);
    assert.deepEqual(state.pages.flatMap((p) => p.problems), []);
    assert.deepEqual(state.pages.flatMap((p) => p.foreign), []);
  });
});
