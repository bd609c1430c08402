// "All outcomes": the schedule explorer counts every interleaving in a worker,
// draws the distribution, and replays a chosen schedule in the lanes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { session, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages;

async function distribution(page) {
  await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
  return JSON.parse(await value(page, "distribution"));
}

describe("schedule explorer", () => {
  test("a link opens the explorer and counts every order of three unsafe tasks", async () => {
    const page = await site.openReady("?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1");
    assert.deepEqual(await distribution(page), { 1: "48", 2: "36", 3: "6" });
    assert.equal(await value(page, "schedules"), "90");
    assert.match(await page.textContent('[data-testid="schedules"]'), /^6 of 90 schedules give the right balance \(\$3\)/);
    // asyncio's own order (equal delays: every read before any write) ends at $1.
    const marked = page.locator('[data-testid="asyncio-mark"]');
    assert.equal(await marked.count(), 1);
    // On its bar, not beside it: the button it is in is the $1 bar's.
    assert.equal(await marked.evaluate((mark) => mark.closest("button.bar")?.dataset.ending), "1");
  });

  test("two tasks and opposite lock orders: 2 complete, 4 deadlock; every fix is always right", async () => {
    const page = await site.openReady("?explore=1&tasks=2&strategy=opposite-order&initial=0&amount=1");
    assert.deepEqual(await distribution(page), { 2: "2", deadlock: "4" });
    const lock = await site.openReady("?explore=1&tasks=3&strategy=lock&initial=0&amount=1");
    const counts = await distribution(lock);
    assert.deepEqual(Object.keys(counts), ["3"], "one outcome, the right one");
    assert.equal(counts["3"], await value(lock, "schedules"));
  });

  test("choosing a bar replays a schedule with that outcome, and the link reproduces it", async () => {
    const page = await site.openReady("?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1&speed=10");
    await distribution(page);
    // By keyboard: focus the correct bar and press Enter.
    await page.focus('[data-ending="3"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="explore-replaying"]');
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "3");
    const link = new URL(page.url());
    const order = link.searchParams.get("order");
    assert.match(order, /^[123]{6}$/);
    // The same link in a fresh page replays the same run.
    const again = await site.openReady(`${link.search}&autorun=1`);
    await waitForStatus(again, "finished");
    assert.equal(await value(again, "balance"), "3");
    // "another" draws a different order with the same outcome, sometimes the same; it always ends at $1.
    await page.click('[data-ending="1"] ~ button');
    await page.waitForFunction((o) => new URL(location.href).searchParams.get("order") !== o, order);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1");
  });

  test("a long sample shows its bars as it grows, reports progress and can be cancelled; the page stays responsive", async () => {
    // 10,000 tasks retrying compare-and-swap: too many to count, and each
    // draw takes a good part of a second (1,000 tasks now sample whole in
    // about one: too soon to cancel).
    const page = await site.openReady("?explore=1&tasks=10000&strategy=optimistic&initial=0&amount=1");
    await page.waitForSelector('[data-testid="distribution"]', { timeout: 10000 });
    assert.match(await page.textContent('[data-testid="explore-progress"]'), /Drawing orders at random: [\d,]+ drawn; the sample stops at 1,000 orders or 3,000,000 steps/);
    // The page answers the keyboard while the worker samples.
    const speed = await page.textContent('[data-testid="speed"]');
    await page.keyboard.press("-");
    await page.waitForFunction((s) => document.querySelector('[data-testid="speed"]').textContent !== s, speed);
    await page.click('[data-testid="explore-cancel"]');
    const stopped = await page.textContent('[data-testid="explore-cancelled"]');
    const drawn = Number(stopped.match(/Stopped at ([\d,]+) orders? drawn/)[1].replace(/,/g, ""));
    // The bars stay, and count exactly the draws made.
    const counts = await distribution(page);
    assert.equal(Object.values(counts).reduce((sum, n) => sum + Number(n), 0), drawn);
    assert.equal(await value(page, "schedules"), String(drawn));
    assert.equal(await page.locator('[data-testid="explore-progress"]').count(), 0);
  });

  test("cancelling the samples after the exact counts keeps the counts, and offers no dead \"another\"", async () => {
    // Twenty tasks with a lock: counted at once, then sampled. Cancel is
    // pressed as it is drawn beside the exact counts, in the same task
    // (before the worker can say the sample is complete).
    const page = await site.open("");
    await page.addInitScript(() => {
      addEventListener("DOMContentLoaded", () => {
        new MutationObserver((_, observer) => {
          const cancel = document.querySelector('[data-testid="explore-cancel"]');
          if (cancel && document.querySelector('[data-testid="schedules"]')) {
            observer.disconnect();
            cancel.click();
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
    });
    await page.goto(page.url().replace(/\?.*$/, "") + "?explore=1&tasks=20&strategy=lock&initial=0&amount=1");
    await page.waitForSelector('[data-testid="explore-cancelled"]', { timeout: 30000 });
    assert.match(await page.textContent('[data-testid="explore-cancelled"]'), /Sampling stopped; the exact counts are whole/);
    assert.equal(await page.locator('.bar-row button:has-text("another")').count(), 0, "no button that cannot draw");
    // Every schedule of the locked program ends right: one bar, all the schedules.
    assert.deepEqual(await distribution(page), { 20: await value(page, "schedules") });
    await page.click('.bar[data-ending="20"]');
    await page.waitForSelector('[data-testid="explore-replaying"]');
  });

  test("big counts are grouped, shortened with the exact count at hand, and no share rounds an outcome away", async () => {
    const page = await site.openReady("?explore=1&tasks=8&strategy=unsafe&initial=0&amount=1");
    const counts = await distribution(page);
    assert.equal(counts["8"], "40320", "data-value keeps exact counts");
    assert.equal(await value(page, "schedules"), "81729648000");
    assert.match(await page.textContent('[data-testid="schedules"]'), /^40,320 of 81,729,648,000 schedules give the right balance \(\$8\): < 0\.1%\.$/);
    const panel = () => page.textContent('[data-testid="explorer"]');
    assert.doesNotMatch(await panel(), /\b0\.0%|100\.0%/);
    assert.match(await page.textContent('[data-ending="8"]'), /40,320 · < 0\.1%/);
    // The words the panel uses, each said once in plain words.
    assert.match(await panel(), /A merged state is one situation/);
    assert.match(await panel(), /A uniform sample draws orders at random from all of them, every order equally likely/);
    assert.match(await panel(), /A random scheduler picks, at each step, one of the tasks that can run/);

    // 12 tasks with a lock: 6,941,856,921,753,600 schedules, every one right.
    const lock = await site.openReady("?explore=1&tasks=12&strategy=lock&initial=0&amount=1");
    assert.deepEqual(await distribution(lock), { 12: "6941856921753600" });
    const headline = lock.locator('[data-testid="schedules"]');
    // Screen readers hear the power said; the eye sees it raised.
    assert.equal(await headline.textContent(), "6.9 × 10 to the power 15 of 6.9 × 10 to the power 15 schedules give the right balance ($12): 100%.");
    assert.equal(await headline.locator("sup").first().textContent(), "15");
    assert.equal(await headline.locator(".big-count").first().getAttribute("title"), "6,941,856,921,753,600");
    assert.equal(await lock.textContent('[data-testid="schedules-exact"]'), "Exactly 6,941,856,921,753,600 schedules.");
    assert.match(await lock.textContent('[data-testid="exact-counts"]'), /\$12 · correct: 6,941,856,921,753,600/);
    assert.doesNotMatch(await lock.textContent('[data-testid="explorer"]'), /100\.0%|0\.0%/);
  });

  test("no dead end: from 12 to 1000 tasks, bars come at once, counted exactly only where counting fits", async () => {
    for (const [tasks, exact] of [[11, true], [12, false], [14, false], [20, false], [35, false], [1000, false]]) {
      const page = await site.openReady(`?explore=1&tasks=${tasks}&strategy=unsafe&initial=0&amount=1`);
      // Before, 14 to 35 tasks counted for 20-30 s until 400,000 states, then sampled.
      await page.waitForSelector('[data-testid="distribution"]', { timeout: 8000 });
      assert.equal(await page.locator('[data-testid="explore-why"]').count(), exact ? 0 : 1, `${tasks} tasks`);
      if (!exact && tasks <= 35) {
        assert.match(await page.textContent('[data-testid="explore-why"]'), /counting every order would follow about [\d,.]+( \w+illion)? merged states/);
      }
    }
  });

  test("the lesson's last steps: predict how many orders are right, then the explorer answers", async () => {
    const page = await site.openReady("?lesson=14");
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 14 of 15.*in 90 different orders/s);
    assert.equal(await page.locator('[data-testid="explorer"]').count(), 0, "the bars wait for the guess");
    await page.fill('[data-testid="prediction"]', "6");
    await page.keyboard.press("Enter");
    // The guess opens "All outcomes", whose counts are the answer.
    assert.deepEqual(await distribution(page), { 1: "48", 2: "36", 3: "6" });
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    assert.match(await page.textContent('[data-testid="reveal"]'), /You predicted 6 orders\. Right\.\s*6 of 90/);
    // Can any order break Solution 1? A yes is wrong, and the bars say why.
    await page.click('[data-testid="lesson-next"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="lesson"]')?.textContent.includes("step 15 of 15"));
    assert.equal(await page.locator('[data-testid="explorer"]').count(), 0, "closed again for the new question");
    await page.click('[data-testid="predict-yes"]');
    const counts = await distribution(page);
    assert.deepEqual(Object.keys(counts), ["3"]);
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    const reveal = await page.textContent('[data-testid="reveal"]');
    assert.match(reveal, /You predicted some order breaks it\./);
    assert.doesNotMatch(reveal, /Right\./);
    assert.match(reveal, new RegExp(`No: all ${counts["3"]} orders end at \\$3`));
  });

  test("no console errors and no request to another origin", () => {
    assert.ok(pages.length >= 4);
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
