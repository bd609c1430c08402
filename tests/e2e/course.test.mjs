// Course material: the embed page, links that reproduce a run, and the lesson.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ready, session, SUB_PATH, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages;
const open = site.open;

/** The sharing tools: one click in the playground, already there in the full app. */
async function openSharing(page) {
  if (await page.locator('[data-testid="more-settings"]').count()) await page.click('[data-testid="more-settings"]');
  await page.waitForSelector('[data-testid="copy-link"]');
}

async function newestFingerprint(page) {
  return page.getAttribute('[data-testid="results"] tbody tr:first-child', "data-fingerprint");
}

describe("course material", () => {
  test("the course page's three playgrounds report their runs to the host", async () => {
    const page = await open("course.html");
    // Each playground runs when the reader scrolls to it, as a student would.
    for (const [count, id] of [[1, "bug"], [2, "bank"], [3, "deadlock"]]) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.waitForFunction((n) => (window.racecourseRuns ?? []).length >= n, count, { timeout: 60000 });
    }
    const runs = await page.evaluate(() => window.racecourseRuns);
    const byFrame = Object.fromEntries(runs.map((r) => [r.frame, r]));
    assert.deepEqual(
      [byFrame.bug.final, byFrame.bug.expected, byFrame.bug.lost, byFrame.bug.elapsed_ms],
      [1001, 2000, 999, 100],
    );
    assert.equal(byFrame.bug.strategy, "unsafe");
    assert.deepEqual(
      [byFrame.bank.final, byFrame.bank.expected, byFrame.bank.lost, byFrame.bank.elapsed_ms],
      [1500, 1500, 0, 500],
    );
    assert.equal(byFrame.deadlock.final, 1000);
    assert.match(byFrame.deadlock.ending, /^deadlock: T1 waits for lock_b held by T2/);
    // embed.js resized each iframe to its content from "resize" messages.
    const heights = await page.$$eval("iframe", (frames) => frames.map((f) => f.style.height));
    for (const height of heights) {
      assert.match(height, /^\d+px$/);
      // Compact: the page of three playgrounds is not three screens long.
      assert.ok(parseInt(height, 10) <= 600, `an iframe of ${height}`);
    }
  });

  test("a copied link reproduces the run event for event", async () => {
    const page = await open("?tasks=40&jitter=45&seed=31&speed=14&autorun=1");
    await ready(page);
    await waitForStatus(page, "finished");
    const fingerprint = await newestFingerprint(page);
    const balance = await value(page, "balance");
    await openSharing(page);
    await page.click('[data-testid="copy-link"]');
    const link = await page.inputValue('[data-testid="share-text"]');
    assert.ok(link.startsWith(site.server.base), link);
    assert.match(link, /seed=31/);
    const again = await open(link.slice(site.server.base.length));
    await ready(again);
    await waitForStatus(again, "finished");
    assert.equal(await newestFingerprint(again), fingerprint);
    assert.equal(await value(again, "balance"), balance);
    // A different seed is a different run.
    const other = await open("?tasks=40&jitter=45&seed=32&speed=14&autorun=1");
    await ready(other);
    await waitForStatus(other, "finished");
    assert.notEqual(await newestFingerprint(other), fingerprint);
  });

  test("the embed code is an iframe with a title, the settings, and the resize script", async () => {
    const page = await open("?strategy=lock&tasks=5&amount=100");
    await ready(page);
    await openSharing(page);
    await page.click('[data-testid="copy-embed"]');
    const code = await page.inputValue('[data-testid="share-text"]');
    assert.match(code, /^<iframe src="[^"]+strategy=lock&amp;tasks=5[^"]*embed=1[^"]*" title="Racecourse: [^"]+"/);
    assert.match(code, new RegExp(`<script src="${site.server.origin}${SUB_PATH}embed.js" async></script>`));
  });

  test("embed mode is compact and fits 480x360", async () => {
    const page = await open("?embed=1&tasks=5&amount=100", { width: 480, height: 360 });
    await ready(page);
    assert.equal(await page.locator("header.top").isVisible(), false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow}px too wide`);
    // The balance is in the first screenful, above the controls.
    const box = await page.locator('[data-testid="balance"]').boundingBox();
    assert.ok(box && box.y + box.height <= 360, `balance at y=${box?.y}`);
  });

  test("the lesson: predict, reveal, next, Back, and progress that survives a reload", async () => {
    const page = await open("?lesson=2");
    await ready(page);
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 2 of 15/);
    // No spoilers: the strategy's explanation waits for the reveal.
    assert.equal(await page.locator(".about").count(), 0);
    assert.doesNotMatch(await page.textContent('[data-testid="code"]'), /only the last write survives/);
    await page.fill('[data-testid="prediction"]', "1200");
    await page.keyboard.press("Enter");
    // Out of the field, then "+" up to instant, as a hurried learner would.
    await page.click("#lesson-title");
    for (let i = 0; i < 14; i++) await page.keyboard.press("+");
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    const reveal = await page.textContent('[data-testid="reveal"]');
    assert.match(reveal, /You predicted \$1,200\./);
    assert.match(reveal, /\$1,100/);
    // The run shown is the step's own: its two tasks end at what the reveal says.
    assert.equal(await value(page, "balance"), "1100");
    assert.equal(await page.locator(".about").count(), 1);
    await page.locator("body").press("]");
    await page.waitForFunction(() => location.search.includes("lesson=3"));
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 3 of 15/);
    await page.goBack();
    await page.waitForFunction(() => location.search.includes("lesson=2"));
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson"]')?.textContent.includes("step 2 of 15"));
    // Progress is in localStorage: a plain visit offers to continue.
    const fresh = await pages.at(-1).context.newPage();
    await fresh.goto(site.server.base);
    await ready(fresh);
    assert.match(await fresh.textContent('[data-testid="lesson-start"]'), /Continue the lesson \(2\/15\)/);
    await fresh.close();
  });

  test("no console errors and no request to another origin", () => {
    assert.ok(pages.length >= 6);
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
