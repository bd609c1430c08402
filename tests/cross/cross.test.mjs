// The checks that matter, in every engine a student has: Chromium, Firefox
// (firefox-esr) and WebKit (WebKitGTK's MiniBrowser), each driven by its own
// WebDriver (see webdriver.mjs). Each check runs once per engine; the whole
// Chromium suite (tests/e2e) stays Chromium's.
//
// CROSS_ENGINES=firefox,webkit picks engines (default: all three).
// CROSS_SHOTS=dir saves screenshots of the bank example, the explorer and a
// challenge per engine, for looking at side by side.
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { codeLink, POLICY, serve, SUB_PATH } from "../e2e/harness.mjs";
import { KEY, startDriver, until } from "./webdriver.mjs";

const engines = (process.env.CROSS_ENGINES ?? "chromium,firefox,webkit").split(",").filter(Boolean);
const shots = process.env.CROSS_SHOTS;

/** What the page recorded going wrong (static/boot.js keeps the list), and its fatal banner. */
async function problems(browser) {
  return browser.run(() => {
    const fatal = document.getElementById("fatal");
    return [...(window.racecourseProblems ?? []), ...(fatal && !fatal.hidden ? [`fatal: ${fatal.textContent}`] : [])];
  });
}

async function shot(browser, name) {
  if (!shots) return;
  await mkdir(shots, { recursive: true });
  await writeFile(`${shots}/${browser.engine}-${name}.png`, await browser.screenshot());
}

/** A learner's program, as a `code=` link and as python3 prints it. */
const PROGRAM = "import asyncio\n\nbalance = 0\n\nasync def credit():\n    global balance\n    current = balance\n    await asyncio.sleep(0.01)\n    balance = current + 1\n    print('wrote', balance)\n\nasync def main():\n    await asyncio.gather(credit(), credit(), credit())\n\nasyncio.run(main())\n";
const PROGRAM_CODE = codeLink(PROGRAM);
const PROGRAM_PRINTS = execFileSync("python3", ["-c", PROGRAM]).toString();

for (const engine of engines) {
  describe(`in ${engine}`, () => {
    const state = { driver: null, browser: null, site: null, strict: null, host: null, seen: [] };
    const open = async (query) => {
      await state.browser.go(state.site.base + query);
      await state.browser.waitFor('[data-testid="balance"]', 60000);
    };
    /** After each check: nothing went wrong on the page it left. */
    const clean = async (where) => {
      state.seen.push([where, await problems(state.browser)]);
    };

    before(async () => {
      state.site = await serve();
      state.strict = await serve({}, { "content-security-policy": POLICY });
      state.driver = await startDriver(engine);
      state.browser = await state.driver.session();
      await state.browser.setWindow(1366, 900);
    });
    after(async () => {
      await state.browser?.end();
      await state.driver?.stop();
      state.site?.close();
      state.strict?.close();
      state.host?.close();
    });

    test("the bank example: lock off loses four writes, named; lock on keeps all five", async () => {
      const { browser } = state;
      await open("?tasks=5&amount=100&speed=14&autorun=1");
      await browser.waitForStatus("finished");
      assert.equal(await browser.value("balance"), "1100");
      assert.equal(await browser.value("lost"), "4");
      const log = await browser.run(() => document.querySelector('[data-testid="log"]').textContent);
      // Each lost write named by the write that erased it.
      assert.equal([...log.matchAll(/erases T\d's 1100/g)].length, 4, log);
      await shot(browser, "bank");
      // One keystroke turns the lock on and runs again.
      await browser.run(() => document.activeElement?.blur());
      await browser.keys("l");
      await until(async () => (await browser.value("balance")) === "1500" && (await browser.status()) === "finished",
        "the run with the lock");
      assert.equal(await browser.value("lost"), "0");
      await clean("bank");
    });

    test("the controls fit their panel: the presets' names, the speed row's buttons", async () => {
      const { browser } = state;
      await open("?tasks=5&amount=100");
      const overflows = await browser.run(() => {
        const inside = (inner, outer, what) => {
          const a = inner.getBoundingClientRect();
          const b = outer.getBoundingClientRect();
          return a.left >= b.left - 0.5 && a.right <= b.right + 0.5 ? [] : [`${what}: ${a.left}-${a.right} outside ${b.left}-${b.right}`];
        };
        const controls = document.querySelector(".controls");
        return [
          ...[...document.querySelectorAll(".preset")].flatMap((p) => inside(p.querySelector("strong"), p, p.textContent)),
          ...[...document.querySelectorAll(".speed-row > *")].flatMap((el) => inside(el, controls, `speed row ${el.tagName}`)),
        ];
      });
      assert.deepEqual(overflows, []);
      await clean("controls");
    });

    test("stepping: each step says what it did", async () => {
      const { browser } = state;
      await open("?tasks=2&amount=100&speed=1");
      await browser.run(() => document.activeElement?.blur());
      await browser.keys(KEY.ArrowRight, KEY.ArrowRight);
      await until(async () => /T\d read \$1,000/.test(await browser.run(() => document.querySelector('[data-testid="narration"]').textContent)),
        "the narration of a read");
      assert.equal(await browser.status(), "paused");
      await clean("stepping");
    });

    test("1000 tasks: the grid, and $1,001", async () => {
      const { browser } = state;
      await open("?tasks=1000&speed=14&autorun=1");
      await browser.waitForStatus("finished", 60000);
      assert.equal(await browser.value("balance"), "1001");
      assert.ok(await browser.has('[data-testid="task-grid"]'));
      await clean("grid");
    });

    test("real timers: the race, the lock's real slowdown, a deadlock noticed", async () => {
      const { browser } = state;
      await open("?strategy=unsafe&tasks=3&amount=100&delay=200&real=1&autorun=1");
      await browser.waitForStatus("finished");
      assert.equal(await browser.value("balance"), "1100");
      await clean("real timers: the race");
      await open("?strategy=lock&tasks=3&amount=100&delay=200&real=1&autorun=1");
      await browser.waitForStatus("finished");
      assert.equal(await browser.value("balance"), "1300");
      // The I/O one task at a time: three delays of measured wall time.
      const elapsed = Number(await browser.value("elapsed"));
      assert.ok(elapsed >= 598 && elapsed < 3000, `elapsed ${elapsed} ms`);
      await clean("real timers: the lock");
      await open("?strategy=opposite-order&tasks=2&delay=10&real=1&autorun=1");
      await browser.waitForStatus("finished");
      assert.match(await browser.run(() => document.querySelector('[data-testid="deadlock"]').textContent),
        /T1 waits for lock_b held by T2/);
      await clean("real timers");
    });

    test("All outcomes: exact counts, and a witness replayed in the lanes", async () => {
      const { browser } = state;
      await open("?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1");
      await browser.waitFor('[data-testid="distribution"]', 60000);
      const counts = JSON.parse(await browser.value("distribution"));
      // Every schedule counted once: the bars add up to the total.
      const total = Object.values(counts).reduce((a, b) => a + Number(b), 0);
      assert.equal(total, Number(await browser.value("schedules")));
      assert.ok(counts["3"] > 0 && counts["1"] > 0, JSON.stringify(counts));
      await shot(browser, "explorer");
      await browser.click('.bar[data-ending="3"]');
      await browser.waitFor('[data-testid="explore-replaying"]');
      await until(async () => (await browser.value("balance")) === "3", "the replay to end at 3", 30000);
      await clean("explorer");
    });

    test("challenge 1 by keyboard to a win", async () => {
      const { browser } = state;
      await open("?challenge=1");
      await browser.waitFor('[data-testid="picks"]');
      await until(() => browser.run(() => document.activeElement?.id === "challenge-title"), "the level's heading focused");
      await browser.keys(KEY.Tab, KEY.Enter);
      await until(() => browser.run(() => new URL(location.href).searchParams.get("order") === "1"), "T1 picked");
      await browser.keys("2", "1", "2");
      await until(() => browser.run(() => document.querySelector('[data-testid="challenge-status"]')?.dataset.status === "won"),
        "the level won");
      assert.equal(await browser.value("balance"), "1100");
      await shot(browser, "challenge");
      await clean("challenge");
    });

    test("a lesson step: predict, then the run reveals", async () => {
      const { browser } = state;
      await open("?lesson=2");
      await browser.type('[data-testid="prediction"]', `1100${KEY.Enter}`);
      await browser.click("#lesson-title");
      await browser.keys(...Array(14).fill("+"));
      await browser.waitFor('[data-testid="reveal"]', 30000);
      assert.equal(await browser.value("balance"), "1100");
      await clean("lesson");
    });

    test("your program: a code= link runs it as CPython does, Tab indents, an error is marked on its line", async () => {
      const { browser } = state;
      await open(`?speed=14&autorun=1&code=${PROGRAM_CODE}`);
      await browser.waitForStatus("finished");
      const text = (css) => browser.run((c) => document.querySelector(c)?.textContent ?? null, css);
      assert.equal(await text('[data-testid="output"]'), PROGRAM_PRINTS);
      assert.equal(await browser.value("lost"), "2");
      // Tab, at the start of the text, indents it by four spaces.
      await browser.click('[data-testid="program-editor"]');
      await browser.run(() => document.querySelector('[data-testid="program-editor"]').setSelectionRange(0, 0));
      await browser.keys(KEY.Tab);
      const editor = () => browser.run(() => document.querySelector('[data-testid="program-editor"]').value);
      await until(async () => (await editor()).startsWith("    import asyncio"), "the indent");
      await browser.click('[data-testid="program-run"]');
      await browser.waitFor('[data-testid="program-error"]');
      assert.equal(await browser.run(() => document.querySelector('[data-testid="program-error"]').dataset.line), "1");
      assert.match(await text('[data-testid="program-error"]'), /IndentationError: unexpected indent/);
      assert.ok((await editor()).startsWith("    import asyncio"), "the learner's text stays");
      await clean("program");
    });

    test("Fix it: an exercise's counterexample replayed, a fix proven by a teacher's goal= link", async () => {
      const { browser } = state;
      const verdict = () => browser.run(() => document.querySelector('[data-testid="goal-status"]')?.dataset.status ?? null);
      await open("?exercise=unsafe-credit");
      await until(async () => (await verdict()) === "counterexample", "the counterexample", 60000);
      // The shortest counterexample plays in the lanes: an update is lost.
      await browser.waitFor('[data-testid="explore-replaying"]');
      await until(async () => (await browser.value("lost")) === "1", "the replay to lose an update", 30000);
      await shot(browser, "exercise");
      const fixed = await readFile(new URL("../../src/view/exercises/unsafe_credit.fixed.py", import.meta.url), "utf8");
      await open(`?goal=balance:1300&code=${codeLink(fixed)}`);
      await until(async () => (await verdict()) === "proven", "the proof", 60000);
      assert.match(await browser.run(() => document.querySelector('[data-testid="goal-status"]').textContent),
        /^Proven: all 36 schedules end with balance = 1300\.$/);
      await clean("exercise");
    });

    test("you are the scheduler of your own program: keys pick its tasks to a lost update", async () => {
      const { browser } = state;
      const picks = () => browser.run(() => new URL(location.href).searchParams.get("picks"));
      await open(`?scheduler=1&code=${PROGRAM_CODE}`);
      await browser.waitFor('[data-testid="scheduler"] [data-testid="pick-T3"]', 60000);
      assert.match(await browser.run(() => document.querySelector('[data-testid="pick-T1"]').textContent),
        /read balance = 0, then await sleep\(0\.01\).*line 8: await asyncio\.sleep\(0\.01\)/);
      // Each reads 0 before any writes; then each writes 1.
      for (const [key, after] of [["1", "0"], ["2", "0.0"], ["3", "0.0.0"]]) {
        await browser.click("#challenge-title");
        await browser.keys(key);
        await until(async () => (await picks()) === after, `picks=${after}`);
      }
      for (const [key, after] of [["a", "0.0.0.0"], ["a", "0.0.0.0.0"]]) {
        await browser.keys(key);
        await until(async () => (await picks()) === after, `picks=${after}`);
      }
      await browser.waitFor('[data-testid="scheduler-ended"]');
      assert.equal(await browser.value("balance"), "1");
      assert.equal(await browser.value("lost"), "2");
      await shot(browser, "program-scheduler");
      await clean("program-scheduler");
    });

    test("an embed reports its result to a host page of another origin", async () => {
      const { browser } = state;
      // The playground on 127.0.0.1, its host on localhost: two origins.
      const playground = `http://localhost:${new URL(state.site.origin).port}${SUB_PATH}`;
      const html = `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>
        <iframe id="bank" title="Racecourse" width="800" height="560"
          src="${playground}?embed=1&amp;strategy=lock&amp;tasks=5&amp;amount=100&amp;speed=14&amp;autorun=1"></iframe>
        <script src="${playground}course.js"></script><script src="${playground}embed.js" async></script></body></html>`;
      state.host = await serve({ "/host.html": html });
      await browser.go(`${state.host.origin}/host.html`);
      const runs = await until(() => browser.run(() => (window.racecourseRuns?.length ? window.racecourseRuns : null)),
        "the embed's result", 60000);
      assert.equal(runs[0].final, 1500);
      assert.equal(runs[0].lost, 0);
    });

    test("an embed scrolled out of view still finishes its run and reports it", async (t) => {
      const { browser } = state;
      const playground = `http://localhost:${new URL(state.site.origin).port}${SUB_PATH}`;
      // About 5 s of playing (8 events a second); the host scrolls it away once it starts.
      const html = `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body style="margin:0">
        <iframe id="bank" title="Racecourse" width="800" height="560"
          src="${playground}?embed=1&amp;strategy=lock&amp;tasks=5&amp;amount=100&amp;speed=3&amp;autorun=1"></iframe>
        <div style="height:4000px"></div>
        <script src="${playground}course.js"></script>
        <script src="${playground}embed.js" async></script></body></html>`;
      const host = await serve({ "/away.html": html });
      try {
        await browser.go(`${host.origin}/away.html`);
        // Playing in view; then out of view.
        await until(() => browser.run(() => window.racecourseStarted > 0), "the embed's run started", 60000);
        await browser.run(() => scrollTo(0, 3000));
        const started = Date.now();
        const runs = await until(() => browser.run(() => (window.racecourseRuns?.length ? window.racecourseRuns : null)),
          "the result of a run out of view", 60000);
        assert.equal(runs[0].final, 1500);
        // Played out of view at its pace (a few seconds), not when next drawn.
        const away = Date.now() - started;
        t.diagnostic(`${engine}: reported ${away} ms after it was scrolled out of view`);
        assert.ok(away < 20000, `reported after ${away} ms out of view`);
      } finally {
        host.close();
      }
    });

    test("under a strict Content-Security-Policy the page starts and runs", async () => {
      const { browser } = state;
      await browser.go(`${state.strict.base}?tasks=5&amount=100&speed=14&autorun=1`);
      await browser.waitForStatus("finished", 60000);
      assert.equal(await browser.value("balance"), "1100");
      // Refusals are recorded by boot.js with the page's other problems.
      await clean("strict CSP");
      assert.deepEqual(state.seen.at(-1)[1], []);
    });

    test("a hostile link: notices, a working page", async () => {
      const { browser } = state;
      await open("?tasks=1000000000000&strategy=%3Cscript%3Ealert(1)%3C/script%3E&delay=soon&speed=%00");
      const notices = await browser.run(() => document.querySelector('[data-testid="notices"]')?.textContent ?? "");
      for (const name of ["tasks", "strategy", "delay"]) assert.match(notices, new RegExp(name));
      assert.equal(await browser.run(() => document.querySelectorAll("script:not([src])").length), 0);
      assert.equal(await browser.value("expected"), "2000", "the article's 1000 tasks");
      await clean("hostile link");
    });

    test("no error on any page", () => {
      assert.ok(state.seen.length >= 8);
      assert.deepEqual(state.seen.filter(([, found]) => found.length > 0), []);
    });
  });
}
