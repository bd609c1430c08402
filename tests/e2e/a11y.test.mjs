// Accessibility: axe-core over the page's states, in light and dark, with
// reduced motion, and once while a run plays. Zero violations of WCAG 2.0,
// 2.1 and 2.2 A and AA, and of axe's best practices.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { codeLink, openPage, ready, session, waitForStatus } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const site = session();

const DESKTOP = { width: 1280, height: 800 };
const PROGRAM = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\n    print('wrote', balance)\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";
/** [name, viewport, link, what to do before checking] */
const STATES = [
  ["first view", DESKTOP, "", null],
  ["bank finished", DESKTOP, "?tasks=5&amount=100&speed=14&autorun=1", "finished"],
  ["1000 finished", DESKTOP, "?tasks=1000&speed=14&autorun=1", "finished"],
  ["deadlock", DESKTOP, "?strategy=opposite-order&tasks=2&delay=10&speed=14&autorun=1", "finished"],
  ["lesson step 3", DESKTOP, "?lesson=3", null],
  ["bad link", DESKTOP, "?tasks=1000000000000&strategy=mutex", null],
  ["phone", { width: 375, height: 700 }, "?tasks=5&amount=100&speed=14&autorun=1", "finished"],
  ["embed 800", { width: 800, height: 600 }, "?embed=1&strategy=lock&tasks=5&amount=100&speed=14&autorun=1", "finished"],
  ["embed 800, opened", { width: 800, height: 600 }, "?embed=1&strategy=lock&tasks=5&amount=100&speed=14&autorun=1", "embed-more"],
  ["embed 480", { width: 480, height: 360 }, "?embed=1&tasks=5&amount=100&speed=14&autorun=1", "finished"],
  ["help open", DESKTOP, "?tasks=5", "help"],
  ["all outcomes", DESKTOP, "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1", "explored"],
  ["all outcomes, phone", { width: 375, height: 700 }, "?explore=1&tasks=2&strategy=opposite-order", "explored"],
  // Counts shortened to a power of ten, and a sample that grows with a progress bar.
  ["all outcomes, big counts", DESKTOP, "?explore=1&tasks=12&strategy=lock&initial=0&amount=1", "explored"],
  ["all outcomes, sampling", DESKTOP, "?explore=1&tasks=1000&strategy=optimistic", "explored"],
  ["challenge playing", DESKTOP, "?challenge=5&order=12", "challenge"],
  ["challenge won, phone", { width: 375, height: 700 }, "?challenge=1&order=1212", "challenge"],
  ["challenge impossible", DESKTOP, "?challenge=8", "give-up"],
  ["scheduler, a lock's queue", DESKTOP, "?scheduler=1&strategy=lock&tasks=3&order=12", "challenge"],
  // The link's theme against either system scheme (the display and sharing tools in view).
  ["theme=dark", DESKTOP, "?tasks=5&amount=100&speed=14&autorun=1&theme=dark", "finished"],
  ["theme=light", DESKTOP, "?strategy=lock&tasks=5&amount=100&speed=14&autorun=1&theme=light", "finished"],
  ["theme=dark, a lesson step", DESKTOP, "?lesson=3&theme=dark", null],
  ["your program, finished", DESKTOP, `?speed=14&autorun=1&code=${codeLink(PROGRAM)}`, "finished"],
  ["your program, phone", { width: 375, height: 700 }, `?speed=14&autorun=1&code=${codeLink(PROGRAM)}`, "finished"],
  ["your program, all outcomes", DESKTOP, `?explore=1&code=${codeLink(PROGRAM)}`, "explored"],
  ["your program, all outcomes, phone", { width: 375, height: 700 }, `?explore=1&code=${codeLink(PROGRAM)}`, "explored"],
  // A "Fix it" exercise: the goal, its counterexample, a hint.
  ["an exercise, counterexample", DESKTOP, "?exercise=unsafe-credit", "explored"],
  ["an exercise, phone", { width: 375, height: 700 }, "?exercise=counter-class", "explored"],
  // The learner as the scheduler of their own program: offers, a task waiting, the end.
  ["your program, scheduled", DESKTOP, `?scheduler=1&picks=0&code=${codeLink(PROGRAM)}`, "scheduled"],
  ["your program, scheduled to its end, phone", { width: 375, height: 700 }, `?scheduler=1&picks=0.0.0&code=${codeLink(PROGRAM)}`, "scheduled-end"],
  ["your program, a syntax error", DESKTOP, `?code=${codeLink("def f(:\n    pass\n")}`, "program-error"],
  ["presentation mode", { width: 1920, height: 1080 }, "?tasks=5&amount=100&speed=14&autorun=1&present=1", "finished"],
];

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, TAGS);
}

async function openIn(scheme, viewport, link) {
  const opened = await openPage(site.browser, site.server.origin, viewport, { colorScheme: scheme, reducedMotion: "reduce" });
  site.pages.push(opened);
  await opened.page.goto(site.server.base + link);
  await ready(opened.page);
  return opened.page;
}

describe("accessibility (axe-core)", () => {
  for (const scheme of ["light", "dark"]) {
    for (const [name, viewport, link, before] of STATES) {
      test(`${name}, ${scheme}: no violations`, async () => {
        const page = await openIn(scheme, viewport, link);
        if (before === "finished" || before === "embed-more") await waitForStatus(page, "finished", 30000);
        if (before === "embed-more") await page.click('[data-testid="embed-more"]');
        if (before === "explored") await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
        if (before === "challenge" || before === "give-up") await page.waitForSelector('[data-testid="scheduler"]');
        if (before === "give-up") {
          await page.click('[data-testid="give-up"]');
          await page.click('[data-testid="hint"]');
          await page.waitForSelector('[data-testid="challenge-proof"]');
        }
        if (before === "scheduled") await page.waitForSelector('[data-testid="scheduler"] [data-testid="pick-T1"]');
        if (before === "scheduled-end") await page.waitForSelector('[data-testid="scheduler-ended"]');
        if (before === "program-error") {
          await page.click('[data-testid="program-run"]');
          await page.waitForSelector('[data-testid="program-error"]');
        }
        if (before === "help") {
          await page.keyboard.press("?");
          await page.waitForSelector("dialog[open]");
        }
        assert.deepEqual(await violations(page), []);
        await page.close();
      });
    }
  }

  test("while 1000 tasks play: no violations", async () => {
    const page = await openIn("light", DESKTOP, "?tasks=1000&speed=8&autorun=1");
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status === "playing");
    assert.deepEqual(await violations(page), []);
    assert.equal(await page.getAttribute('[data-testid="status"]', "data-status"), "playing", "checked while playing");
    await page.close();
  });

  test("a screen reader hears a summary about once a second, then the outcome", async () => {
    const page = await openIn("light", DESKTOP, "?tasks=1000&speed=9&autorun=1");
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status === "playing");
    // Every text the live region takes is an announcement.
    await page.evaluate(() => {
      const region = document.querySelector('[data-testid="live-summary"]');
      window.__said = [region.textContent];
      new MutationObserver(() => {
        if (window.__said.at(-1) !== region.textContent) window.__said.push(region.textContent);
      }).observe(region, { childList: true, subtree: true, characterData: true });
    });
    const started = Date.now();
    await page.waitForTimeout(4000);
    const said = await page.evaluate(() => window.__said);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(said.length <= seconds + 2, `${said.length} announcements in ${seconds.toFixed(1)} s: ${said.join(" | ")}`);
    assert.equal(await page.getAttribute('[data-testid="status"]', "data-status"), "playing");
    await waitForStatus(page, "finished", 60000);
    assert.match(await page.textContent('[data-testid="live-summary"]'), /^Run finished\. .*999 writes/);
    await page.close();
  });

  test("the lesson by keyboard alone: open, predict, see the answer, go on", async () => {
    const page = await openIn("light", DESKTOP, "");
    await page.focus('[data-testid="lesson-start"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "lesson-title");
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 1 of 15/);
    // The question is the next Tab stop.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "prediction");
    await page.keyboard.type("1001");
    await page.keyboard.press("Enter");
    // The answer is announced (a status region), and the keyboard waits on Next.
    await page.waitForSelector('[data-testid="reveal"][role="status"]', { timeout: 60000 });
    assert.match(await page.textContent('[data-testid="reveal"]'), /You predicted \$1,001\. Right\./);
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "lesson-next");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "lesson-title" && location.search.includes("lesson=2"));
    assert.match(await page.textContent('[data-testid="lesson"]'), /step 2 of 15/);
    await page.close();
  });

  test("no console errors and no request to another origin", () => {
    assert.deepEqual(site.pages.flatMap((p) => p.problems), []);
    assert.deepEqual(site.pages.flatMap((p) => p.foreign), []);
  });
});
