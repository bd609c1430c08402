// "You are the scheduler": the learner picks each step, by keyboard or by
// mouse, in the challenges' levels and on any program.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { session, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages;

const challengeStatus = (page) => page.getAttribute('[data-testid="challenge-status"]', "data-status");
/** Waits for the level's status; on a timeout, says where the page stood. */
async function waitForChallenge(page, wanted) {
  try {
    await page.waitForFunction(
      (w) => document.querySelector('[data-testid="challenge-status"]')?.dataset.status === w,
      wanted,
    );
  } catch (error) {
    const stood = await page
      .evaluate(() => ({
        order: new URL(location.href).searchParams.get("order"),
        status: document.querySelector('[data-testid="challenge-status"]')?.dataset.status,
        focused: document.activeElement?.id || document.activeElement?.tagName,
      }))
      .catch((why) => `the page did not answer: ${why.message}`);
    throw new Error(`waiting for "${wanted}": ${JSON.stringify(stood)}; ${error.message}`);
  }
}
const order = (page) => new URL(page.url()).searchParams.get("order") ?? "";
const waitForOrder = (page, wanted) =>
  page.waitForFunction((w) => (new URL(location.href).searchParams.get("order") ?? "") === w, wanted);
const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.id);

describe("you are the scheduler", () => {
  test("level 1 by keyboard alone: T1, T2, T1, T2 loses an update and ends at $1,100", async () => {
    const page = await site.openReady("?challenge=1");
    assert.equal(await page.textContent('[data-testid="challenge"]'), "Lose an update");
    assert.match(await page.textContent('[data-testid="challenge-goal"]'), /final balance \$1,100/);
    assert.equal(await challengeStatus(page), "playing");
    // The level's heading has the keyboard; Tab reaches the first offer.
    await page.waitForFunction(() => document.activeElement?.id === "challenge-title");
    await page.keyboard.press("Tab");
    assert.equal(await focused(page), "pick-T1");
    await page.keyboard.press("Enter");
    await waitForOrder(page, "1");
    assert.match(await page.textContent('[data-testid="scheduler-said"]'), /T1 ran: read \$1,000; now waiting for I\/O/);
    // Arrows move along the offers; Enter runs the one reached.
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(page), "pick-T2");
    await page.keyboard.press("Enter");
    await waitForOrder(page, "12");
    // A task's number runs it.
    await page.keyboard.press("1");
    await waitForOrder(page, "121");
    assert.equal(await challengeStatus(page), "playing", "not before the last write");
    await page.keyboard.press("2");
    await waitForChallenge(page, "won");
    assert.equal(await value(page, "balance"), "1100");
    const won = await page.textContent('[data-testid="challenge-won"]');
    assert.match(won, /T1's write of \$1,100 was erased by T2/);
    assert.match(await page.textContent('[data-testid="challenge-rarity"]'), /produced by 4 of the 6 schedules/);
    assert.match(await page.textContent('[data-testid="scheduler-said"]'), /Goal reached!/);
    assert.equal(await page.locator('[data-testid^="pick-"]').count(), 0, "no task can run");
    // The address and the stored progress name the level, not its number.
    assert.equal(new URL(page.url()).searchParams.get("challenge"), "lose-an-update");
    assert.equal(await page.evaluate(() => localStorage.getItem("racecourse.challenges")), "lose-an-update");
    // Kept: the page opened again lists level 1 as done.
    await page.goto(page.url().replace(/\?.*$/, "?challenge=2"));
    await page.waitForSelector('[data-testid="challenge"]');
    assert.equal(await page.textContent('[data-testid="challenge"]'), "Lose two at once");
    assert.match(await page.textContent(".levels summary"), /1 of 13 done/);
    assert.match(await page.textContent('[data-testid="levels"] li:first-child'), /done/);
  });

  test("each key means one thing: from the heading, → moves along the tasks as the panel says", async () => {
    const page = await site.openReady("?challenge=2");
    await page.waitForFunction(() => document.activeElement?.id === "challenge-title");
    // The panel says each key once; → is the tasks', not asyncio's.
    const keys = await page.textContent('[data-testid="scheduler-keys"]');
    assert.equal(keys.split("→").length - 1, 1, keys);
    assert.match(keys, /← → move along the tasks that can run/);
    assert.match(keys, /A let asyncio choose/);
    // From the heading: → goes to the first task, and runs nothing.
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(page), "pick-T1");
    assert.equal(order(page), "", "→ ran nothing");
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(page), "pick-T2");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await focused(page), "pick-T3", "round the ends");
    await page.keyboard.press("Enter");
    await waitForOrder(page, "3");
    // Space on the page (not on a task) runs nothing either.
    await page.focus("#challenge-title");
    await page.keyboard.press(" ");
    await page.keyboard.press("a");
    await waitForOrder(page, "31");
    // One undo takes back the one step A took: Space had taken none.
    await page.keyboard.press("u");
    await waitForOrder(page, "3");
    // The help dialog lists the keys of this page, each once.
    await page.keyboard.press("?");
    await page.waitForSelector("dialog[open]");
    const help = await page.$$eval('[data-testid="help"] dt', (dts) => dts.map((dt) => dt.textContent));
    assert.equal(help.filter((key) => key.includes("→")).length, 1, help.join(" | "));
    assert.ok(help.includes("A") && !help.includes("Space"), help.join(" | "));
    await page.keyboard.press("Escape");
  });

  test("undo goes back to the start, redo forward again, and the page's keys do not run the program", async () => {
    const page = await site.openReady("?challenge=2");
    for (const key of ["1", "2", "3", "1"]) await page.keyboard.press(key);
    await waitForOrder(page, "1231");
    // A lets asyncio choose: the front of its queue, T2.
    await page.keyboard.press("a");
    await waitForOrder(page, "12312");
    for (let i = 0; i < 4; i++) await page.keyboard.press("u");
    await waitForOrder(page, "1");
    await page.click('[data-testid="undo"]');
    await waitForOrder(page, "");
    assert.equal(await value(page, "balance"), "1000");
    assert.ok(await page.isDisabled('[data-testid="undo"]'), "nothing left to undo");
    assert.equal(await page.locator('[data-testid="run"]').count(), 0, "no Run button: nothing plays by itself");
    await page.keyboard.press("Shift+U");
    await waitForOrder(page, "1");
    await page.click('[data-testid="redo"]');
    await waitForOrder(page, "12");
    // R is back to the start, not a restart of a run.
    await page.keyboard.press("r");
    await waitForOrder(page, "");
    assert.equal(await challengeStatus(page), "playing");
    // A step off the remembered schedule forgets what lay ahead.
    await page.keyboard.press("2");
    await waitForOrder(page, "2");
    assert.ok(await page.isDisabled('[data-testid="redo"]'));
    // The button pressed disappears under the keyboard: it goes to the first offer.
    await page.focus('[data-testid="back-to-start"]');
    await page.keyboard.press("Enter");
    await waitForOrder(page, "");
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "pick-T1");
    // Keys typed in the help dialog are not picks.
    await page.keyboard.press("?");
    await page.waitForSelector("dialog[open]");
    await page.keyboard.press("1");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog[open]", { state: "detached" });
    assert.equal(order(page), "");
  });

  test("a link carrying a schedule reproduces the run; a bad one says why and starts again", async () => {
    const page = await site.openReady("?challenge=1&order=1212");
    await waitForChallenge(page, "won");
    assert.equal(await value(page, "balance"), "1100");
    // Any program, with the learner as the scheduler: the lock's queue.
    const lock = await site.openReady("?scheduler=1&strategy=lock&tasks=3&amount=100&order=12");
    await lock.waitForSelector('[data-testid="pick-T1"]');
    assert.equal(await lock.locator('[data-testid="pick-T2"]').count(), 0, "T2 waits for the lock");
    assert.match(await lock.textContent(".blocked"), /T2 · waiting for lock, which T1 holds/);
    assert.match(await lock.textContent('[data-testid="pick-T3"]'), /queue for lock/);
    const bad = await site.openReady("?challenge=1&order=9");
    await bad.waitForSelector('[data-testid="scheduler-error"]');
    assert.match(await bad.textContent('[data-testid="scheduler-error"]'), /step 1 names T9, which could not run then/);
    await bad.click('[data-testid="scheduler-error"] button');
    await waitForOrder(bad, "");
    await bad.waitForSelector('[data-testid="pick-T1"]');
  });

  test("the deadlock level is won by mouse, clicking the lanes", async () => {
    const page = await site.openReady("?challenge=10");
    const lane = async (task) => {
      await page.locator(".lanes-box svg").scrollIntoViewIfNeeded();
      const box = await page.locator(".lanes-box svg").boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + 44 * task + 22);
    };
    await lane(0);
    await waitForOrder(page, "1");
    await lane(1);
    await waitForOrder(page, "12");
    await page.click('[data-testid="pick-T1"]');
    await page.click('[data-testid="pick-T2"]');
    await waitForChallenge(page, "won");
    assert.match(await page.textContent('[data-testid="challenge-won"]'), /T1 waits for lock_b, which T2 holds, and T2 waits for lock_a, which T1 holds/);
    assert.match(await page.textContent('[data-testid="challenge-rarity"]'), /a deadlock, is produced by 4 of the 6 schedules/);
  });

  test("a level that cannot be won ends with why, and the explorer's count of every schedule", async () => {
    const page = await site.openReady("?challenge=5");
    await page.click('[data-testid="give-up"]');
    await waitForChallenge(page, "impossible");
    assert.match(await page.textContent('[data-testid="challenge-impossible"]'), /It cannot be done/);
    assert.match(await page.textContent('[data-testid="challenge-proof"]'), /counted all 36 schedules: every one ends in \$1,300, the right balance/);
    // A level that can be won says so instead.
    const possible = await site.openReady("?challenge=1");
    await possible.click('[data-testid="give-up"]');
    await possible.waitForFunction(() => document.querySelector('[data-testid="challenge-status"]')?.textContent.includes("It can be done"));
    assert.equal(await challengeStatus(possible), "playing");
    // A run that ends without the goal: stuck, with Undo offered.
    for (const key of ["1", "1", "2", "2"]) await possible.keyboard.press(key);
    await waitForChallenge(possible, "stuck");
    assert.ok(!(await possible.isDisabled('[data-testid="undo"]')));
  });

  test("starvation is named when it is reached; the lesson links to the levels", async () => {
    const page = await site.openReady("?challenge=13");
    await page.waitForFunction(() => document.activeElement?.id === "challenge-title");
    // Typed as fast as a keyboard can: each key is a pick, none is lost to
    // the link catching up with the ones before.
    await page.keyboard.type("1221331441551");
    await waitForOrder(page, "1221331441551");
    await waitForChallenge(page, "won");
    assert.match(await page.textContent('[data-testid="challenge-won"]'), /T1 redid its I\/O 4 times.*Starvation/s);
    const lesson = await site.openReady("?lesson=2");
    await lesson.fill('[data-testid="prediction"]', "1100");
    await lesson.keyboard.press("Enter");
    await lesson.waitForSelector('[data-testid="lesson-challenge"]', { timeout: 30000 });
    // The lesson links to its level by name.
    assert.equal(await lesson.getAttribute('[data-testid="lesson-challenge"]', "href"), "?challenge=lose-an-update");
    await lesson.click('[data-testid="lesson-challenge"]');
    await lesson.waitForFunction(() => document.querySelector('[data-testid="challenge"]')?.textContent === "Lose an update");
  });

  test("the learner's picks are played on the page, never sent to the lab to be run again", async () => {
    // The full app (20 tasks), its lab started by a run.
    const page = await site.openReady("?tasks=20&amount=100&speed=14");
    await page.evaluate(() => {
      window.labMessages = 0;
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (...args) {
        window.labMessages += 1;
        return post.apply(this, args);
      };
    });
    await page.click('[data-testid="run"]');
    await waitForStatus(page, "finished");
    const before = await page.evaluate(() => window.labMessages);
    assert.ok(before > 0, "the run was computed by the lab");
    await page.click('[data-testid="challenges-open"]');
    await page.waitForSelector('[data-testid="challenge"]');
    for (const [key, picks] of [["1", "1"], ["2", "12"], ["1", "121"], ["2", "1212"]]) {
      await page.keyboard.press(key);
      await waitForOrder(page, picks);
    }
    await waitForChallenge(page, "won");
    assert.equal(await value(page, "balance"), "1100");
    assert.equal(await page.evaluate(() => window.labMessages), before, "no message to the lab since");
  });

  test("levels have names: in links, in stored progress, in the lesson; old numbers still work", async () => {
    const page = await site.openReady("?challenge=right-by-luck");
    assert.equal(await page.textContent('[data-testid="challenge"]'), "Right by luck");
    assert.match(await page.textContent(".lesson-progress"), /level 3 of 13/);
    assert.equal(
      await page.getAttribute('[data-testid="levels"] li:nth-child(2) a', "href"),
      "?challenge=lose-two-at-once",
    );
    // Progress stored as numbers, before levels had names, still reads.
    await page.evaluate(() => localStorage.setItem("racecourse.challenges", "2"));
    await page.goto(page.url().replace(/\?.*$/, "?challenge=lose-an-update"));
    await page.waitForSelector('[data-testid="challenge"]');
    assert.equal(await page.textContent('[data-testid="challenge"]'), "Lose an update");
    assert.match(await page.textContent(".levels summary"), /1 of 13 done/);
    assert.match(await page.textContent('[data-testid="levels"] li:nth-child(2)'), /done/);
  });

  test("no console errors and no request to another origin", () => {
    assert.ok(pages.length >= 8);
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
