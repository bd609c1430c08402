// What the page loads, and when: the playground first; the lab (the engine,
// a Web Worker) with the first run; the full app (the tools) when one is
// opened, taking over with the runs so far.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, ready, session, value, waitForStatus } from "./harness.mjs";

const site = session();
const fetched = (page) => page.__urls.map((u) => u.split("/").pop());

async function open(query = "") {
  const page = await site.open(query);
  await ready(page);
  return page;
}

function recordRequests(page) {
  page.__urls = [];
  page.on("request", (r) => page.__urls.push(r.url()));
}

describe("loading", () => {
  test("the first load is the playground alone; the lab comes with the first run", async () => {
    const opened = await site.open("?tasks=5&amount=100&speed=14");
    recordRequests(opened);
    await opened.reload();
    await ready(opened);
    assert.equal(await value(opened, "balance"), "1000", "the ready view needs no engine");
    const first = fetched(opened);
    assert.ok(first.some((f) => /^racecourse-.*_bg\.wasm$/.test(f)), first.join(" "));
    assert.ok(!first.some((f) => f.startsWith("lab") || f.startsWith("full")), `loaded early: ${first.join(" ")}`);
    await opened.keyboard.press("Space");
    await waitForStatus(opened, "finished");
    assert.equal(await value(opened, "balance"), "1100");
    assert.ok(fetched(opened).includes("lab_bg.wasm"), "the lab computed the run");
    assert.ok(!fetched(opened).some((f) => f.startsWith("full")), "no tool was opened");
  });

  test("opening a tool loads the full app, which keeps the runs table", async () => {
    const page = await open("?tasks=5&amount=100&speed=14");
    recordRequests(page);
    await page.keyboard.press("Space");
    await waitForStatus(page, "finished");
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    const rows = () => page.$$eval('[data-testid="results"] tbody tr', (r) => r.map((x) => x.dataset.fingerprint));
    const before = await rows();
    assert.equal(before.length, 2);
    await page.click('[data-testid="more-settings"]');
    await page.waitForSelector('[data-testid="copy-link"]');
    assert.ok(fetched(page).includes("full_bg.wasm"));
    assert.deepEqual(await rows(), before, "the runs so far came along");
    assert.equal(await page.locator("details.more[open]").count(), 1, "the settings it was opened for are open");
    // The full app carries on: the lock is still one keystroke away.
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    assert.equal((await rows()).length, 3);
  });

  test("the guided lesson button loads the lesson at the learner's step", async () => {
    const page = await open();
    await page.click('[data-testid="lesson-start"]');
    await page.waitForSelector('[data-testid="lesson"]');
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 1 of 15/);
    await page.waitForFunction(() => location.search.includes("lesson=1"));
  });

  test("the playground's files are checked against the hashes the build recorded", async () => {
    const page = await open("?tasks=5&amount=100");
    const tag = await page.$eval("#boot", (el) => ({ js: el.dataset.jsIntegrity, wasm: el.dataset.wasmIntegrity }));
    assert.match(tag.js ?? "", /^sha384-/);
    assert.match(tag.wasm ?? "", /^sha384-/);
    // A wasm changed on the way (a broken cache, a meddling proxy) is refused:
    // the page says it could not start instead of running it.
    const { page: tampered, context } = await openPage(site.browser, site.server.origin);
    await tampered.route(/racecourse-.*_bg\.wasm$/, async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[body.length - 1] ^= 0xff;
      await route.fulfill({ response, body });
    });
    await tampered.goto(site.server.base + "?tasks=5&amount=100");
    await tampered.waitForSelector("#fatal:not([hidden])");
    assert.match(await tampered.textContent("#fatal"), /Racecourse could not start/);
    await context.close();
  });

  test("no console errors and no request to another origin", () => {
    assert.deepEqual(site.pages.flatMap((p) => p.problems), []);
    assert.deepEqual(site.pages.flatMap((p) => p.foreign), []);
  });
});
