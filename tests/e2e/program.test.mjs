// The learner's own program in real Chromium: a `code=` link made as any
// tool would make it, the editor (Tab, Shift+Tab, Escape then Tab, Run),
// errors on their line with the text kept, and CPython as the reference
// for what a program prints.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { SUB_PATH, codeLink, instant, launch, openPage, ready, serve, session, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages;

/** What python3 prints for `text`, run for real. */
function cpython(text) {
  return execFileSync("python3", ["-c", text]).toString();
}

const CREDITS = `import asyncio

balance = 100

async def credit(amount):
    global balance
    current = balance
    await asyncio.sleep(0.05)
    balance = current + amount
    print(f"credited {amount}: {balance}")

async def main():
    await asyncio.gather(*[credit(n) for n in (10, 20, 30)])
    print("final", balance)

asyncio.run(main())
`;

async function editorText(page) {
  return page.inputValue('[data-testid="program-editor"]');
}

/** The explorer's counts, once it has them. */
async function explored(page) {
  await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
  return JSON.parse(await value(page, "distribution"));
}

async function output(page) {
  return page.textContent('[data-testid="output"]');
}

describe("the learner's program", () => {
  test("a code= link made by Python runs its program and prints what CPython prints", async () => {
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(CREDITS)}`);
    await waitForStatus(page, "finished");
    assert.equal(await editorText(page), CREDITS);
    assert.equal(await output(page), cpython(CREDITS));
    // All three read 100 before any wrote: the last write stands, two are lost.
    assert.equal(await value(page, "balance"), "130");
    assert.equal(await value(page, "expected"), "160");
    assert.equal(await value(page, "lost"), "2");
    assert.equal(await value(page, "elapsed"), "50");
    assert.equal(await page.$('[data-testid="program-error"]'), null);
    assert.match(await page.textContent('[data-testid="results"] tbody tr:first-child'), /^1Your program3\$130\$160/);
    // The address keeps the program: opening it again gives the same run.
    const fingerprint = await page.getAttribute('[data-testid="results"] tbody tr:first-child', "data-fingerprint");
    // Without autorun, which would race the Space that plays it.
    const link = new URL(page.url());
    assert.equal(link.searchParams.get("autorun"), "1");
    link.searchParams.delete("autorun");
    const again = await site.openReady(link.search);
    await instant(again);
    await again.keyboard.press("Space");
    await waitForStatus(again, "finished");
    assert.equal(
      await again.getAttribute('[data-testid="results"] tbody tr:first-child', "data-fingerprint"),
      fingerprint,
    );
    await page.close();
    await again.close();
  });

  test("a program asked to play while the interpreter loads plays once it has, once", async () => {
    const opened = await openPage(site.browser, site.server.origin);
    site.pages.push(opened);
    const page = opened.page;
    // The interpreter's module held back until Play has been pressed.
    await page.route("**/pylab_bg.wasm", async (route) => {
      await page.waitForFunction(() => window.__pressed === true);
      await route.continue();
    });
    await page.goto(`${site.server.base}?code=${codeLink(CREDITS)}`);
    await ready(page);
    await page.waitForSelector('[data-testid="program-waiting"]');
    await instant(page);
    await page.keyboard.press("Space");
    await page.evaluate(() => { window.__pressed = true; });
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "130");
    assert.equal(await output(page), cpython(CREDITS));
    assert.equal(await page.$('[data-testid="program-waiting"]'), null);
    assert.equal(await page.$$eval('[data-testid="results"] tbody tr', (rows) => rows.length), 1);
    await page.close();
  });

  test("Edit in the playground opens the editor on the program shown, and Run runs the edit", async () => {
    const page = await site.openReady("?tasks=3&amount=100");
    await instant(page);
    await page.click('[data-testid="program-edit"]');
    await page.waitForSelector('[data-testid="program-editor"]');
    const text = await editorText(page);
    assert.match(text, /^import asyncio/);
    assert.match(text, /range\(3\)/);
    // Put the credit in one line with no await between read and write.
    const safe = text.replace(/^\s+current = balance.*\n/m, "").replace("balance = current + amount", "balance = balance + amount");
    assert.notEqual(safe, text, "the built-in program has the read, the await and the write");
    await page.fill('[data-testid="program-editor"]', safe);
    await page.click('[data-testid="program-run"]');
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "lost"), "0");
    assert.equal(await value(page, "balance"), await value(page, "expected"));
    assert.equal(await editorText(page), safe);
    await page.close();
  });

  test("the learner picks which shared integer the page shows as the balance", async () => {
    const program = "import asyncio\nbalance = 0\nhits = 0\nasync def f():\n    global balance, hits\n    seen = hits\n    await asyncio.sleep(0.1)\n    hits = seen + 1\n    balance += 5\nasync def main():\n    await asyncio.gather(f(), f(), f())\nasyncio.run(main())\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(program)}`);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "15");
    assert.equal(await value(page, "lost"), "0");
    await page.selectOption('[data-testid="program-watch"]', "hits");
    await page.waitForFunction(() => document.querySelector('[data-testid="balance"]')?.dataset.value === "1");
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "expected"), "3");
    assert.equal(await value(page, "lost"), "2");
    // The link keeps the pick: opened again, it shows the same variable.
    assert.equal(new URL(page.url()).searchParams.get("watch"), "hits");
    const again = await site.openReady(`${new URL(page.url()).search}&autorun=1`);
    await waitForStatus(again, "finished");
    assert.equal(await value(again, "balance"), "1");
    assert.equal(await again.inputValue('[data-testid="program-watch"]'), "hits");
    await again.close();
    await page.close();
  });

  test("the learner's locks are drawn and told by their own names; back to the article's after", async () => {
    const program = "import asyncio\nbalance = 0\nmutex = asyncio.Lock()\nasync def f():\n    global balance\n    async with mutex:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\nasync def main():\n    await asyncio.gather(f(), f(), f())\nasyncio.run(main())\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(program)}`);
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "lost"), "0");
    assert.equal(await value(page, "elapsed"), "300");
    // One row, for the one lock the program took, under its name.
    assert.deepEqual(await page.$$eval(".lock-name", (names) => names.map((n) => n.textContent)), ["mutex"]);
    const log = await page.textContent('[data-testid="log"]');
    assert.match(log, /\[T3\] Acquired mutex/);
    assert.doesNotMatch(log, /Acquired lock\b/);
    // The built-in lock program names its own lock again.
    // Close plays the built-in program; a strategy chosen after a run has
    // ended waits for Play (one chosen mid-run would keep playing), so the
    // test waits for the end first rather than race it.
    await page.click('[data-testid="program-close"]');
    await waitForStatus(page, "finished");
    await page.selectOption('[data-testid="strategy"]', "lock");
    await waitForStatus(page, "ready");
    await page.click('[data-testid="run"]');
    await waitForStatus(page, "finished");
    assert.deepEqual(await page.$$eval(".lock-name", (names) => names.map((n) => n.textContent)), ["lock"]);
    await page.close();
  });

  test("the learner's two locks taken in opposite orders: a deadlock, its cycle drawn under their names", async () => {
    const program = "import asyncio\nleft = asyncio.Lock()\nright = asyncio.Lock()\nasync def one():\n    async with left:\n        await asyncio.sleep(0.01)\n        async with right:\n            pass\nasync def two():\n    async with right:\n        await asyncio.sleep(0.01)\n        async with left:\n            pass\nasync def main():\n    await asyncio.gather(one(), two())\nasyncio.run(main())\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(program)}`);
    await waitForStatus(page, "finished");
    assert.match(await page.textContent('[data-testid="status"]'), /deadlock/i);
    const cycle = await page.textContent('[data-testid="deadlock"]');
    assert.match(cycle, /T1 .*right.*T2 .*left/, cycle);
    await page.close();
  });

  test("All outcomes counts every schedule of the learner's program, as the engine counts its own, and replays one", async () => {
    const article = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(*[credit() for _ in range(4)])\nasyncio.run(main())\n";
    const page = await site.openReady(`?explore=1&code=${codeLink(article)}`);
    const counted = await explored(page);
    // The engine's own explorer on the built-in program with the same setup.
    const engine = await site.openReady("?explore=1&tasks=4&initial=0&amount=1");
    assert.deepEqual(counted, await explored(engine));
    await engine.close();
    // (2n)!/2^n schedules of n tasks with two steps each; n! of them serial.
    assert.equal(Object.values(counted).reduce((sum, n) => sum + Number(n), 0), 2520);
    assert.equal(counted[4], "24");
    assert.match(await page.textContent('[data-testid="schedules"]'), /^24 of 2,520 schedules end with balance = 4, as when the tasks run one at a time/);
    assert.equal(await page.$('[data-testid="distribution-before"]'), null);
    // A bar replays its shortest schedule in the lanes, and the link keeps it.
    await page.click('[data-testid="distribution"] button[data-ending="1"]');
    await page.waitForSelector('[data-testid="explore-replaying"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.has("picks"));
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1");
    const replayed = await site.openReady(`${new URL(page.url()).search}&autorun=1`);
    await waitForStatus(replayed, "finished");
    assert.equal(await value(replayed, "balance"), "1");
    await replayed.close();
    // Back to asyncio's own order.
    await page.click('[data-testid="explore-replaying"] button');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("picks"));
    await page.close();
  });

  test("after a change, the counts before it stay beside the new ones", async () => {
    const program = "import asyncio\nbalance = 0\nmutex = asyncio.Lock()\nasync def f():\n    global balance\n    async with mutex:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\nasync def main():\n    await asyncio.gather(f(), f(), f())\nasyncio.run(main())\n";
    const page = await site.openReady(`?explore=1&code=${codeLink(program)}`);
    assert.deepEqual(await explored(page), { 3: "36" });
    await page.focus("body");
    await page.keyboard.press("l");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("locks") === "off");
    await page.waitForSelector('[data-testid="explore-before"]', { timeout: 60000 });
    assert.equal(await page.textContent('[data-testid="explore-before"]'), "Before your change: 36 of 36 right. Now: 6 of 90 right.");
    assert.deepEqual(JSON.parse(await value(page, "distribution")), { 1: "48", 2: "36", 3: "6" });
    assert.deepEqual(JSON.parse(await value(page, "distribution-before")), { 3: "36" });
    // Only the program on screen replays.
    assert.equal(await page.$$eval('[data-testid="distribution-before"] button', (b) => b.length), 0);
    await page.close();
  });

  test("a deadlock and an exception are outcomes; a program that does not parse says why", async () => {
    const program = "import asyncio\na = asyncio.Lock()\nb = asyncio.Lock()\nasync def one():\n    async with a:\n        await asyncio.sleep(0)\n        async with b:\n            pass\nasync def two():\n    async with b:\n        await asyncio.sleep(0)\n        async with a:\n            raise ValueError('no')\nasync def main():\n    await asyncio.gather(one(), two())\nasyncio.run(main())\n";
    const page = await site.openReady(`?explore=1&code=${codeLink(program)}`);
    const counted = await explored(page);
    assert.deepEqual(Object.keys(counted).sort(), ["deadlock", "exception"]);
    assert.match(await page.textContent('[data-testid="distribution"]'), /Line 13: ValueError: no/);
    const broken = await site.openReady(`?explore=1&code=${codeLink("x = (\n")}`);
    await broken.waitForSelector('[data-testid="explore-failed"]', { timeout: 60000 });
    assert.match(await broken.textContent('[data-testid="explore-failed"]'), /line 1/);
    await broken.close();
    await page.close();
  });

  test("Tab and Shift+Tab indent by four spaces; Escape then Tab leaves the editor", async () => {
    const page = await site.openReady(`?code=${codeLink("x = 1\n")}`);
    const editor = page.locator('[data-testid="program-editor"]');
    await editor.focus();
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("Tab");
    assert.equal(await editorText(page), "    x = 1\n");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await editorText(page), "x = 1\n");
    // Enter keeps the indentation of a block it opens.
    await page.keyboard.press("Control+End");
    await page.keyboard.type("if x:");
    await page.keyboard.press("Enter");
    assert.equal(await editorText(page), "x = 1\nif x:\n    ");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.equal(await editorText(page), "x = 1\nif x:\n    ", "the Tab after Escape is not typed");
    assert.notEqual(await page.evaluate(() => document.activeElement?.dataset.testid), "program-editor");
    await page.close();
  });

  test("a syntax error is marked on its line, the text stays, and a fix runs", async () => {
    const broken = "import asyncio\n\nasync def main():\n    print('hi'\n\nasyncio.run(main())\n";
    const page = await site.openReady(`?code=${codeLink(broken)}`);
    await instant(page);
    await page.click('[data-testid="program-run"]');
    const error = page.locator('[data-testid="program-error"]');
    await error.waitFor();
    assert.equal(await error.getAttribute("data-line"), "4");
    assert.match(await error.textContent(), /SyntaxError: '\(' was never closed/);
    assert.equal(await editorText(page), broken);
    await page.fill('[data-testid="program-editor"]', broken.replace("print('hi'", "print('hi')"));
    await page.keyboard.press("Control+Enter");
    await waitForStatus(page, "finished");
    assert.equal(await page.$('[data-testid="program-error"]'), null);
    assert.equal(await output(page), "hi\n");
    await page.close();
  });

  test("an exception reads as Python's last traceback line, on its line; an endless loop is stopped", async () => {
    const raising = "import asyncio\nasync def main():\n    await asyncio.sleep(0)\n    return {}['missing']\nasyncio.run(main())\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(raising)}`);
    await waitForStatus(page, "finished");
    const error = page.locator('[data-testid="program-error"]');
    assert.equal(await error.getAttribute("data-line"), "4");
    assert.match(await error.textContent(), /KeyError: 'missing'/);
    // The result says it stopped, and where: not "Finished: correct".
    assert.equal(await page.textContent('[data-testid="status"]'), "Stopped on line 4: KeyError: 'missing'");
    const endless = "import asyncio\nasync def spin():\n    while True:\n        pass\nasync def main():\n    await asyncio.gather(spin())\nasyncio.run(main())\n";
    await page.fill('[data-testid="program-editor"]', endless);
    await page.click('[data-testid="program-run"]');
    await page.waitForFunction(() => /has not awaited for 100,000 steps/.test(document.querySelector('[data-testid="program-error"]')?.textContent ?? ""));
    // Stopped inside the loop (its body's line, where the count ran out).
    assert.match(await error.getAttribute("data-line"), /^[34]$/);
    await page.close();
  });

  test("a code= link that cannot be read says why and leaves the playground as it was", async () => {
    const page = await site.openReady("?tasks=3&code=not-a-program!");
    const notices = await page.textContent('[data-testid="notices"]');
    assert.match(notices, /code/);
    assert.match(notices, /base64url/);
    assert.equal(await page.$('[data-testid="program-editor"]'), null);
    assert.equal(await value(page, "expected"), "1003");
    await page.close();
  });

  test("Close goes back to the built-in program and Edit brings the text back; a strategy leaves it too", async () => {
    const mine = "import asyncio\nbalance = 7\nprint(balance)\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(mine)}`);
    await waitForStatus(page, "finished");
    assert.equal(await page.isVisible('[data-testid="program-note"]'), true);
    // Only main() ran: the lanes say so instead of "0 tasks", and the
    // switch has no lock to act on.
    assert.match(await page.textContent('[data-testid="no-tasks"]'), /Only main\(\) runs/);
    assert.equal(await page.textContent(".lock-switch-text"), "No lock in your program");
    assert.equal(await page.inputValue('[data-testid="program-tasks"]'), "0");
    await page.click('[data-testid="program-close"]');
    await page.waitForSelector('[data-testid="code"]');
    assert.equal(await page.$('[data-testid="program-editor"]'), null);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "program-edit");
    assert.doesNotMatch(page.url(), /code=/);
    await page.click('[data-testid="program-edit"]');
    assert.equal(await editorText(page), mine);
    await page.selectOption('[data-testid="strategy"]', "lock");
    await page.waitForSelector('[data-testid="code"]');
    assert.equal(await page.getAttribute('[data-testid="lock-toggle"]', "aria-checked"), "true");
    await page.click('[data-testid="program-edit"]');
    assert.equal(await editorText(page), mine);
    await page.close();
  });

  test("the lock switch (L) runs the learner's program with its locks off, struck out, and the link keeps it", async () => {
    const program = "import asyncio\nbalance = 0\nmutex = asyncio.Lock()\nasync def f():\n    global balance\n    async with mutex:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\nasync def main():\n    await asyncio.gather(f(), f(), f())\nasyncio.run(main())\n";
    const page = await site.openReady(`?speed=14&autorun=1&code=${codeLink(program)}`);
    await waitForStatus(page, "finished");
    const toggle = '[data-testid="lock-toggle"]';
    assert.equal(await page.getAttribute(toggle, "aria-checked"), "true");
    assert.equal(await page.textContent(".lock-switch-text"), "Lock on");
    assert.equal(await value(page, "lost"), "0");
    // The controls show the program's own setup, not the built-in one's.
    assert.equal(await page.inputValue('[data-testid="strategy"]'), "program");
    assert.equal(await page.inputValue('[data-testid="program-tasks"]'), "3");

    // One keystroke: the same program, its lock letting every task through.
    await page.focus("body");
    await page.keyboard.press("l");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("locks") === "off");
    await waitForStatus(page, "finished");
    assert.equal(await page.getAttribute(toggle, "aria-checked"), "false");
    assert.equal(await page.textContent(".lock-switch-text"), "Lock off");
    assert.equal(await editorText(page), program);
    assert.equal(await value(page, "balance"), "1");
    assert.equal(await value(page, "expected"), "3");
    assert.equal(await value(page, "lost"), "2");
    assert.equal(await value(page, "elapsed"), "100");
    assert.equal((await page.$$(".lock-name")).length, 0);
    assert.match(await page.textContent('[data-testid="locks-off-note"]'), /Lock off: tasks pass line 6 as if it were not there/);
    assert.deepEqual(await page.$$eval(".editor-text.lock-ignored", (lines) => lines.map((l) => l.textContent.trim())), ["async with mutex:"]);
    assert.match(await page.textContent('[data-testid="results"] tbody tr:first-child'), /^2Your program3\$1\$3/);

    // The link reproduces it; the switch turns the lock back on.
    const again = await site.openReady(`${new URL(page.url()).search}&autorun=1`);
    await waitForStatus(again, "finished");
    assert.equal(await value(again, "lost"), "2");
    assert.equal(await again.getAttribute(toggle, "aria-checked"), "false");
    await again.click(toggle);
    await waitForStatus(again, "finished");
    assert.equal(await value(again, "lost"), "0");
    assert.equal(await value(again, "balance"), "3");
    assert.equal(await again.$('[data-testid="locks-off-note"]'), null);
    assert.equal(new URL(again.url()).searchParams.get("locks"), null);
    await again.close();
    await page.close();
  });

  test("a host page sets the program of an embedded playground and reads it back", async () => {
    // Cross-origin, as a course site would embed it.
    const playground = `http://localhost:${new URL(site.server.origin).port}${SUB_PATH}`;
    const program = "import asyncio\nbalance = 5\nasync def main():\n    global balance\n    balance += 1\n    print('host', balance)\nasyncio.run(main())\n";
    const html = `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>
      <iframe id="frame" title="Racecourse" width="900" height="700" src="${playground}?embed=1&amp;tasks=3"></iframe>
      <script>
        window.programs = [];
        const frame = document.getElementById("frame");
        const ask = (message) => frame.contentWindow.postMessage({ source: "racecourse-host", ...message }, "*");
        window.ask = ask;
        addEventListener("message", (event) => {
          if (event.data?.source !== "racecourse") return;
          if (event.data.type === "ready") window.ready = true;
          if (event.data.type === "program") window.programs.push(event.data);
          if (event.data.type === "verdict") window.verdict = event.data;
        });
      </script></body></html>`;
    const host = await serve({ "/host.html": html });
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const problems = [];
      page.on("pageerror", (error) => problems.push(error.message));
      await page.goto(host.origin + "/host.html");
      await page.waitForFunction(() => window.ready);
      // The built-in program runs: null.
      await page.evaluate(() => window.ask({ type: "get-program" }));
      await page.waitForFunction(() => window.programs.length === 1);
      assert.equal(await page.evaluate(() => window.programs[0].program), null);
      await page.evaluate((text) => window.ask({ type: "set-program", program: text }), program);
      const frame = page.frame({ url: /embed=1/ });
      await frame.waitForFunction(() => document.querySelector('[data-testid="output"]')?.textContent === "host 6\n");
      await page.evaluate(() => window.ask({ type: "get-program" }));
      await page.waitForFunction(() => window.programs.length === 2);
      assert.equal(await page.evaluate(() => window.programs[1].program), program);
      // With a goal: the explorer judges it, and the verdict comes back.
      await page.evaluate((text) => window.ask({ type: "set-program", program: text, goal: "balance:6" }), program);
      await page.waitForFunction(() => window.verdict);
      assert.deepEqual(
        await page.evaluate(() => [window.verdict.goal, window.verdict.status]),
        ["balance:6", "proven"],
      );
      assert.match(await frame.getAttribute('[data-testid="goal-status"]', "data-status"), /^proven$/);
      await page.evaluate(() => window.ask({ type: "get-program" }));
      await page.waitForFunction(() => window.programs.length === 3);
      assert.equal(await page.evaluate(() => window.programs[2].goal), "balance:6");
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      host.close();
    }
  });

  test("Fix it: the exercise's counterexample plays in the lanes, a fix is proven, a teacher's goal= link is judged", async () => {
    const fixed = readFileSync(new URL("../../src/view/exercises/unsafe_credit.fixed.py", import.meta.url), "utf8");
    const page = await site.openReady("?exercise=unsafe-credit");
    const status = () => page.getAttribute('[data-testid="goal-status"]', "data-status");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="goal-status"]')?.getAttribute("data-status") === "counterexample",
      null,
      { timeout: 60000 },
    );
    assert.match(await page.textContent('[data-testid="goal-status"]'), /^Counterexample: 84 of 90 schedules fail\. The shortest/);
    assert.match(await page.textContent('[data-testid="goal"]'), /Every schedule ends with balance = 1300/);
    // The shortest counterexample replays in the lanes, and the link keeps it.
    await page.waitForSelector('[data-testid="explore-replaying"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.has("picks"));
    await waitForStatus(page, "finished");
    assert.notEqual(await value(page, "balance"), "1300");
    assert.equal(new URL(page.url()).searchParams.get("goal"), "balance:1300");
    // Hints one at a time; no lesson before the win.
    await page.click('[data-testid="goal-hint"]');
    assert.equal(await page.$$eval('[data-testid="goal-hints"] li', (items) => items.length), 1);
    assert.equal(await page.$('[data-testid="goal-lesson"]'), null);
    // The fix, typed in and run: proven over every schedule, the lesson shown.
    await page.fill('[data-testid="program-editor"]', fixed);
    await page.click('[data-testid="program-run"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="goal-status"]')?.getAttribute("data-status") === "proven",
      null,
      { timeout: 60000 },
    );
    assert.match(await page.textContent('[data-testid="goal-status"]'), /^Proven: all 36 schedules end with balance = 1300\.$/);
    await page.waitForSelector('[data-testid="goal-lesson"]');
    assert.equal(await status(), "proven");
    // The link reproduces the exercise as edited: opened again, proven again.
    const again = await site.openReady(new URL(page.url()).search);
    await again.waitForFunction(
      () => document.querySelector('[data-testid="goal-status"]')?.getAttribute("data-status") === "proven",
      null,
      { timeout: 60000 },
    );
    await again.close();
    // A teacher's link: any program, a goal of their own.
    const deadlock = readFileSync(new URL("../../src/view/exercises/opposite_order.py", import.meta.url), "utf8");
    const taught = await site.openReady(`?goal=no-deadlock&code=${codeLink(deadlock)}`);
    await taught.waitForFunction(
      () => document.querySelector('[data-testid="goal-status"]')?.getAttribute("data-status") === "counterexample",
      null,
      { timeout: 60000 },
    );
    assert.match(await taught.textContent('[data-testid="goal-status"]'), /Deadlock/);
    assert.match(await taught.textContent('[data-testid="goal"]'), /No schedule deadlocks/);
    await taught.close();
    // The exercises are a choice in the program's pane.
    await page.selectOption('[data-testid="exercise"]', "too-narrow");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("exercise") === "too-narrow");
    assert.match(await page.textContent('[data-testid="goal"]'), /no task awaits while it holds a lock/);
    await page.close();
  });

  test("you are the scheduler of your own program: each task's next step and its line, undo and redo, the link, the end", async () => {
    const two = "import asyncio\nbalance = 0\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\nasync def main():\n    await asyncio.gather(credit(), credit())\nasyncio.run(main())\n";
    const page = await site.openReady(`?code=${codeLink(two)}`);
    const picks = (page) => new URL(page.url()).searchParams.get("picks");
    /** Waits for the link's picks to be `wanted` (null: none). */
    const picksAre = (wanted) =>
      page.waitForFunction((w) => new URL(location.href).searchParams.get("picks") === w, wanted);
    /** Back to the start by key, its offers drawn. */
    const fromTheStart = async () => {
      await page.keyboard.press("r");
      await picksAre(null);
      await page.waitForSelector('[data-testid="pick-T1"]');
    };
    // "You are the scheduler" on the learner's program schedules that program.
    await page.click('[data-testid="scheduler-open"]');
    await page.waitForSelector('[data-testid="scheduler"][data-program="true"] [data-testid="pick-T1"]');
    const t1 = await page.textContent('[data-testid="pick-T1"]');
    assert.match(t1, /read balance = 0, then await sleep\(0\.1\)/);
    assert.match(t1, /line 6: await asyncio\.sleep\(0\.1\)/);
    assert.match(t1, /asyncio's next/);
    assert.doesNotMatch(await page.textContent('[data-testid="pick-T2"]'), /asyncio's next/);
    // Keys pick tasks by number: T1 reads and awaits, and now stands on line 6.
    await page.keyboard.press("1");
    await picksAre("0");
    assert.equal(
      await page.textContent('[data-testid="scheduler-last"]'),
      "T1 ran: read balance = 0; now at line 6: await asyncio.sleep(0.1)",
    );
    assert.match(await page.textContent('[data-testid="pick-T1"]'), /set balance = 1, then finish/);
    // The code pane marks where the task stands.
    assert.match(await page.textContent(".editor-gutter .active"), /1 ▸ 6/);
    // T2 reads before T1 writes; then T1 writes, and T2 after it.
    await page.keyboard.press("2");
    await picksAre("0.0");
    await page.keyboard.press("1");
    await page.waitForSelector('[data-testid="scheduler-ended"]');
    assert.equal(picks(page), "0.0.0");
    assert.equal(
      await page.textContent('[data-testid="scheduler-ended"]'),
      "The run has ended with balance = 1; one task at a time gives 2. T1's write of 1 was erased by T2's write of 1, made from a read taken before it.",
    );
    await waitForStatus(page, "finished");
    assert.equal(await value(page, "balance"), "1");
    assert.equal(await value(page, "lost"), "1");
    assert.equal(await page.locator('[data-testid="picks"]').count(), 0, "no task can run");
    // The link reproduces the schedule.
    const again = await site.openReady(new URL(page.url()).search);
    await again.waitForSelector('[data-testid="scheduler-ended"]');
    assert.equal(await value(again, "lost"), "1");
    await again.close();
    // Undo, then redo along the schedule made.
    await page.keyboard.press("u");
    await picksAre("0.0");
    await page.waitForSelector('[data-testid="pick-T1"]');
    await page.keyboard.press("Shift+U");
    await picksAre("0.0.0");
    // Back to the start, then asyncio's own choices (A) to the end: the
    // article's run, the same lost update.
    await page.click('[data-testid="back-to-start"]');
    await picksAre(null);
    for (let step = 0; step < 3; step++) {
      await page.waitForSelector('[data-testid="pick-T1"], [data-testid="pick-T2"]');
      await page.keyboard.press("a");
      await page.waitForFunction((n) => (new URL(location.href).searchParams.get("picks") ?? "").split(".").length === n, step + 1);
    }
    assert.equal(picks(page), "0.0.0");
    // Keys typed without waiting are made in turn, each on the step before's offers.
    await fromTheStart();
    await page.keyboard.type("121");
    await picksAre("0.0.0");
    await page.waitForSelector('[data-testid="scheduler-ended"]');
    assert.equal(await value(page, "lost"), "1");
    // T1 twice, from the start: it writes before T2 reads, and no update is lost.
    await fromTheStart();
    await page.keyboard.press("1");
    await picksAre("0");
    await page.waitForSelector('[data-testid="scheduler-last"]');
    await page.keyboard.press("1");
    await picksAre("0.1");
    await page.waitForFunction(() => /balance = 2, as when/.test(document.querySelector('[data-testid="scheduler-ended"]')?.textContent ?? ""));
    assert.equal(await value(page, "lost"), "0");
    // Leaving goes back to asyncio's order, and the link forgets the picks.
    await page.click('[data-testid="scheduler-leave"]');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("scheduler"));
    assert.equal(picks(page), null);
    assert.equal(await page.$('[data-testid="scheduler"]'), null);
    await page.close();
  });

  test("the first load links to the Fix it exercises: the first opens, with its goal and the picker", async () => {
    const page = await site.openReady("");
    await page.click('[data-testid="exercises-link"]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get("exercise") === "unsafe-credit");
    await page.waitForSelector('[data-testid="goal-status"]');
    assert.equal(await page.inputValue('[data-testid="exercise"]'), "unsafe-credit");
    // Not in an embed, whose host page chose what it shows.
    const embed = await site.openReady("?embed=1&code=1");
    await embed.waitForSelector('[data-testid="tab-python"]');
    assert.equal(await embed.$('[data-testid="exercises-link"]'), null);
    await embed.close();
    await page.close();
  });

  test("scheduling an exercise by hand: the explorer's counterexample does not take over the learner's picks", async () => {
    const page = await site.openReady("?scheduler=1&exercise=unsafe-credit");
    await page.waitForSelector('[data-testid="scheduler"][data-program="true"] [data-testid="pick-T1"]');
    await page.keyboard.press("1");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("picks") === "0");
    // The explorer judges the goal: a counterexample, told, not replayed over the hand schedule.
    await page.waitForFunction(() => document.querySelector('[data-testid="goal-status"]')?.dataset.status === "counterexample", null, { timeout: 60000 });
    assert.equal(new URL(page.url()).searchParams.get("picks"), "0");
    assert.equal(await page.$('[data-testid="explore-replaying"]'), null);
    assert.match(await page.textContent('[data-testid="scheduler-last"]'), /^T1 ran: read balance = 1000/);
    await page.close();
  });

  test("a hand schedule that cannot be played says why and starts again; main() is offered when it can run", async () => {
    const program = "import asyncio\nhits = 0\nasync def hit():\n    global hits\n    hits += 1\nasync def main():\n    one = asyncio.create_task(hit())\n    await asyncio.sleep(0)\n    print('main woke', hits)\n    await one\nasyncio.run(main())\n";
    const page = await site.openReady(`?scheduler=1&picks=7&code=${codeLink(program)}`);
    await page.waitForSelector('[data-testid="scheduler-error"]');
    assert.match(await page.textContent('[data-testid="scheduler-error"]'), /pick 1 asks for place 8 in asyncio's queue, but only 2 tasks could run then/);
    await page.click('[data-testid="scheduler-error"] button');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("picks"));
    // main() made T1 and slept: both can run, and main() has a button of its own.
    await page.waitForSelector('[data-testid="pick-main"]');
    assert.match(await page.textContent('[data-testid="pick-main"]'), /print main woke 0/);
    await page.click('[data-testid="pick-main"]');
    await page.waitForSelector('[data-testid="scheduler-last"]');
    assert.match(await page.textContent('[data-testid="scheduler-last"]'), /^main\(\) ran: read hits = 0, printed main woke 0/);
    assert.equal(await output(page), "main woke 0\n");
    await page.close();
  });

  test("no page made an error or a request to another origin", () => {
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
