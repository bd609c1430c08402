// What the learner sees: that the screen tells the truth about the run, and
// says it where the learner is looking (issue 12). Each test here would have
// caught one of the problems a cold read of the page found.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, ready, serve, session, SUB_PATH, status, value, waitForStatus } from "./harness.mjs";

const site = session();
const pages = site.pages;

const open = site.openReady;

/**
 * How many tasks the code pane puts inside the lock's block: on the line that
 * takes the lock (holding it) and on every line of the block under it.
 * Python's block is indented deeper than `async with`; Rust's guard lives to
 * the end of the enclosing braces (the lines indented at least as deep).
 */
function tasksInsideLock(page) {
  return page.$$eval('[data-testid="code"] .line', (lines) => {
    const rows = lines.map((line) => ({
      text: line.querySelector(".text").textContent.replace(/\n$/, ""),
      tasks: Number(line.dataset.tasks),
      queued: Number(line.dataset.queued),
    }));
    const indent = (text) => text.length - text.trimStart().length;
    const at = rows.findIndex((r) => /async with|\.lock\(/.test(r.text) && !/^\s*(#|\/\/)/.test(r.text));
    if (at < 0) return { inside: -1, queued: 0 };
    const python = rows[at].text.includes("async with");
    const depth = indent(rows[at].text);
    let inside = rows[at].tasks;
    for (const row of rows.slice(at + 1)) {
      if (row.text.trim() === "") continue;
      const deeper = python ? indent(row.text) > depth : indent(row.text) >= depth;
      if (!deeper) break;
      inside += row.tasks;
    }
    return { inside, queued: rows[at].queued };
  });
}

/**
 * Picks the Rust tab, then leaves it (on a tab, arrows switch tabs). In the
 * playground the Rust comes with the full app, which opens on that tab.
 */
async function showRust(page) {
  await page.click('[data-testid="tab-rust"]');
  await page.waitForSelector('[data-testid="tab-rust"][aria-selected="true"]');
  await page.evaluate(() => document.activeElement?.blur());
}

/** One step, and the page drawn after it (every step changes what the page says). */
async function stepOnce(page) {
  const before = await page.evaluate(() => document.querySelector(".app").textContent);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((before) => document.querySelector(".app").textContent !== before, before);
}

async function stepToTheEnd(page, check) {
  for (let i = 0; i < 200 && (await status(page)) !== "finished"; i++) {
    await stepOnce(page);
    await check(i);
  }
  assert.equal(await status(page), "finished");
}

describe("what the learner sees", () => {
  test("the first view is the article's bank story, in lanes, with the bug one click away", async () => {
    const page = await open();
    assert.equal(await value(page, "expected"), "1500");
    assert.equal(await page.locator("section.lanes-mode").count(), 1, "five tasks are drawn as lanes");
    await page.click('[data-testid="preset-article"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="expected"]')?.dataset.value === "2000");
  });

  test("the counts agree: the legend, the lock row and the code pane never contradict", async () => {
    const page = await open("?strategy=lock&tasks=5&amount=100&speed=1");
    await stepOnce(page);
    const count = async (testid) => Number((await page.textContent(`[data-testid="${testid}"]`)).replace(/,/g, ""));
    const handedTo = new Set();
    await stepToTheEnd(page, async (i) => {
      const row = await page.textContent('[data-testid="lock-lock"]');
      const queued = Number(await page.getAttribute('[data-testid="lock-lock"] [data-testid="queue"]', "data-queued"));
      // The legend counts each task once; those counted running in the lock are the lock's holder.
      const inLock = await count("count-holding");
      assert.ok(inLock <= (/held by T\d/.test(row) ? 1 : 0), `step ${i}: ${inLock} running in a free lock: ${row}`);
      // The lock row's queue is the code pane's: the tasks standing at `async with`.
      const { queued: atLockLine } = await tasksInsideLock(page);
      assert.equal(queued, atLockLine, `step ${i}: lock row ${queued} queued, code pane ${atLockLine}`);
      assert.equal(queued, await count("count-waiting"), `step ${i}: the legend's waiting count`);
      // A free lock with a queue is a hand-off, and says who takes it next.
      if (/free/.test(row) && queued > 0) {
        const next = row.match(/(T\d+)\s*next/);
        assert.ok(next, `step ${i}: a free lock with a queue says who is next: ${row}`);
        handedTo.add(next[1]);
      }
    });
    assert.deepEqual([...handedTo].sort(), ["T2", "T3", "T4", "T5"], "four hand-offs, each said");
    // Every task finished: the code pane's "done" is the legend's writes, kept and lost, and the rest.
    const done = await count("done");
    assert.equal(done, 5);
    assert.equal(done, (await count("count-wrote")) + (await count("count-lost")) + (await count("count-finished")));
    await page.close();
  });

  test("the Python copies with its indentation, as CPython needs it", async () => {
    const page = await open("?strategy=lock&tasks=5&amount=100");
    const copied = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('[data-testid="code"]'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    });
    for (const line of ["    async with lock:", "        current = balance", "        balance = current + amount"]) {
      assert.ok(copied.split("\n").some((l) => l.startsWith(line)), `"${line}" not in the copy:\n${copied}`);
    }
    await page.close();
  });

  for (const tab of ["python", "rust"]) {
    test(`the ${tab} code pane never puts two tasks inside the lock`, async () => {
      const page = await open("?strategy=lock&tasks=5&amount=100&speed=1");
      if (tab === "rust") await showRust(page);
      await stepOnce(page);
      let mostQueued = 0;
      await stepToTheEnd(page, async (i) => {
        const { inside, queued } = await tasksInsideLock(page);
        assert.ok(inside >= 0, "the lock line was found");
        assert.ok(inside <= 1, `step ${i}: ${inside} tasks inside the lock`);
        mostQueued = Math.max(mostQueued, queued);
      });
      assert.equal(mostQueued, 4, "the other four queue at the lock line");
      // Finished tasks are counted apart, outside the code.
      assert.equal(await page.textContent('[data-testid="done"]'), "5");
      const onLines = await page.$$eval('[data-testid="code"] .line', (ls) => ls.map((l) => Number(l.dataset.tasks)));
      assert.deepEqual(onLines.filter((n) => n > 0), [], "no task is left standing on a line");
    });
  }

  test("the log says Waiting only when a task really queues", async () => {
    const narrow = await open("?strategy=lock-too-narrow&tasks=5&amount=100&speed=14&autorun=1");
    await waitForStatus(narrow, "finished");
    const narrowLog = await narrow.textContent('[data-testid="log"]');
    assert.doesNotMatch(narrowLog, /Waiting/);
    assert.match(narrowLog, /Acquired lock \(free: no wait\)/);
    const lock = await open("?strategy=lock&tasks=5&amount=100&speed=14&autorun=1");
    await waitForStatus(lock, "finished");
    const lines = await lock.$$eval('[data-testid="log"] li', (ls) => ls.map((l) => l.textContent));
    assert.equal(lines.filter((l) => /Waiting for lock/.test(l)).length, 4, "T2 to T5 queue, T1 does not");
    assert.ok(!lines.some((l) => /\[T1\] Waiting/.test(l)));
    assert.ok(lines.some((l) => /\[T5\] Acquired lock after waiting 400 ms/.test(l)), lines.join("\n"));
  });

  test("the narration says what the newest step did, under the balance", async () => {
    const page = await open("?tasks=2&amount=100&speed=1");
    await stepOnce(page);
    await stepOnce(page);
    const first = await page.textContent('[data-testid="narration"]');
    assert.match(first, /T\d read \$1,000/);
    await stepToTheEnd(page, async () => {});
    const last = await page.textContent('[data-testid="narration"]');
    assert.match(last, /T2 wrote \$1,100 .*erasing T1's \+\$100/);
    assert.match(last, /lost/);
  });

  test("the Python shown is filled in with the live settings, and Rust is one click away", async () => {
    const page = await open("?strategy=lock&tasks=5&amount=100&delay=250");
    assert.equal(await page.getAttribute('[data-testid="tab-python"]', "aria-selected"), "true");
    let code = await page.textContent('[data-testid="code"]');
    assert.match(code, /range\(5\)/);
    assert.match(code, /credit\(100\)/);
    assert.match(code, /asyncio\.sleep\(0\.25\)/);
    assert.match(code, /1500/);
    // Change the task count in the form: the program follows.
    await page.fill("#tasks", "7");
    await page.locator("#tasks").press("Enter");
    await page.waitForFunction(() => document.querySelector('[data-testid="code"]').textContent.includes("range(7)"));
    // The deadlock preset shows the two-lock program, for two tasks.
    await page.click('[data-testid="preset-deadlock"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="code"]').textContent.includes("lock_b"));
    code = await page.textContent('[data-testid="code"]');
    assert.doesNotMatch(code, /range\(1000\)/);
    assert.doesNotMatch(code, /Expected: 2000/);
    await page.click('[data-testid="tab-rust"]');
    assert.match(await page.textContent('[data-testid="code"]'), /async fn/);
    assert.equal(await page.getAttribute('[data-testid="tab-rust"]', "aria-selected"), "true");
  });

  test("the current line is marked in the code as the run steps, in both languages", async () => {
    const page = await open("?tasks=2&amount=100&speed=1");
    for (let i = 0; i < 10 && !/T1 read/.test((await page.textContent(".narration-slot")) ?? ""); i++) {
      await page.locator("body").press("ArrowRight");
      await page.waitForSelector('[data-testid="narration"]');
    }
    const current = () => page.$$eval('[data-testid="code"] .line.current .text', (ls) => ls.map((l) => l.textContent));
    assert.match((await current()).join(), /current = balance/, "T1's newest event is its read");
    await showRust(page);
    // In the playground the Rust tab brought the full app, which picks the run up where it stood.
    await page.waitForSelector('[data-testid="code"] .line.current');
    assert.match((await current()).join(), /read_balance\(\)/);
    assert.equal(await status(page), "paused");
  });

  test("the runs table compares each run with the one before, in times people read", async () => {
    const page = await open("?tasks=1000&speed=14&autorun=1");
    await waitForStatus(page, "finished");
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    const comparison = await page.textContent('[data-testid="comparison"]');
    assert.match(comparison, /was correct and took 100 s, 1,000× slower than run 1, which lost 999 updates in 100 ms/);
    const times = await page.$$eval('[data-testid="results"] tbody td[data-ms]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(times, ["100 s", "100 ms"]);
  });

  test("the deadlock reads as stuck, waits run off the axis, and the switch keeps the scenario", async () => {
    const page = await open("?strategy=opposite-order&tasks=2&delay=10&speed=14&autorun=1");
    await waitForStatus(page, "finished");
    assert.match(await page.textContent('[data-testid="status"]'), /Stuck: deadlock/);
    assert.doesNotMatch(await page.textContent('[data-testid="status"]'), /Finished/);
    assert.ok((await page.locator(".lanes .forever-wait").count()) >= 2, "each task's wait runs off the axis");
    assert.match(await page.textContent('[data-testid="lock-toggle"]'), /Same lock order/);
    await page.keyboard.press("l");
    await waitForStatus(page, "finished");
    assert.equal(await page.inputValue('[data-testid="strategy"]'), "consistent-order");
    assert.equal(await value(page, "balance"), "1002");
  });

  test("lesson steps 11 and 12 ask whether it finishes, not for a balance", async () => {
    const page = await open("?lesson=11");
    assert.equal(await page.locator('[data-testid="prediction"]').count(), 0, "no balance is asked for");
    assert.match(await page.textContent('[data-testid="lesson"]'), /Will it finish\?/);
    await page.click('[data-testid="predict-no"]');
    // Out of the form, then "+" up to instant, as a hurried learner would.
    await page.click("#lesson-title");
    for (let i = 0; i < 14; i++) await page.keyboard.press("+");
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    const reveal = await page.textContent('[data-testid="reveal"]');
    assert.match(reveal, /You predicted it never finishes\. Right\./);
    assert.match(reveal, /No/);
  });

  test("lesson step 1 explains the article's $1156, and one click reproduces it", async () => {
    const page = await open("?lesson=1");
    await page.fill('[data-testid="prediction"]', "1156");
    await page.keyboard.press("Enter");
    await page.click("#lesson-title");
    for (let i = 0; i < 14; i++) await page.keyboard.press("+");
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    assert.equal(await value(page, "balance"), "1001");
    assert.match(await page.textContent('[data-testid="reveal"]'), /sometimes \$1,156/);
    await page.click('[data-testid="lesson-arrivals"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status === "finished"
      && document.querySelector('[data-testid="balance"]')?.dataset.value !== "1001", null, { timeout: 60000 });
    assert.equal(await value(page, "balance"), "1156");
    // Still in the lesson, as the learner's own experiment, with the way back.
    await page.waitForSelector('[data-testid="lesson-changed"]');
    assert.match(page.url(), /lesson=1/);
    await page.close();
  });

  test("the keyboard follows the lesson: focus moves to each step's heading", async () => {
    const page = await open();
    await page.click('[data-testid="lesson-start"]');
    await page.waitForSelector('[data-testid="lesson"]');
    await page.waitForFunction(() => document.activeElement?.id === "lesson-title");
    await page.click('[data-testid="lesson-next"]');
    await page.waitForFunction(() => location.search.includes("lesson=2"));
    await page.waitForFunction(() => document.activeElement?.id === "lesson-title");
    assert.match(await page.evaluate(() => document.activeElement.textContent), /state crosses an await/);
    // One Tab from the heading reaches the step's question.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "prediction");
    await page.click('[data-testid="lesson-leave"]');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === "lesson-start");
  });

  test("lesson steps 1 to 3 fit a laptop screen: what the text points at is in view", async () => {
    for (const step of [1, 2, 3]) {
      const page = await open(`?lesson=${step}`, { width: 1366, height: 900 });
      await page.click("#lesson-title");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      const wanted = ['[data-testid="narration"]', '[data-testid="balance"]', "section[aria-label=Tasks]", '[data-testid="lesson"]'];
      if (step === 2) wanted.push('[data-testid="code"] .line.current');
      if (step === 3) wanted.push('[data-testid="lock-lock"]');
      for (const selector of wanted) {
        const box = await page.locator(selector).first().boundingBox();
        assert.ok(box, `step ${step}: ${selector} is shown`);
        assert.ok(box.y >= 0 && box.y + Math.min(box.height, 200) <= 900, `step ${step}: ${selector} at y=${box.y}`);
      }
      await page.close();
    }
  });

  test("on a phone, Run and the tasks share the first screen", async () => {
    const page = await open("", { width: 375, height: 700 });
    for (const selector of ['[data-testid="run"]', "section[aria-label=Tasks] .lanes-box", ".narration-slot"]) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.y + 40 <= 700, `${selector} at y=${box?.y}`);
    }
  });

  test("the layout holds still while 1000 tasks run: layout shift within budget", async () => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 375, height: 700 }]) {
      const opened = await openPage(site.browser, site.server.origin, viewport);
      pages.push(opened);
      const page = opened.page;
      // From the first paint on: every shift of the whole run counts.
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(site.server.base + "?tasks=1000&speed=12&autorun=1");
      await ready(page);
      await waitForStatus(page, "finished", 60000);
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift <= 0.05, `cumulative layout shift ${shift.toFixed(3)} at ${viewport.width}px (budget 0.05)`);
      await page.close();
    }
  });

  test("embeds are compact: content at most 560 px tall at 800 px wide, playing and finished", async () => {
    for (const query of [
      "?embed=1&tasks=5&amount=100&speed=10&autorun=1",
      "?embed=1&strategy=lock&tasks=5&amount=100&speed=10&autorun=1",
      "?embed=1&strategy=opposite-order&tasks=2&delay=10&speed=10&autorun=1",
      "?embed=1&tasks=1000&speed=12&autorun=1",
    ]) {
      // A short window, so that the document's height is its content's.
      const page = await open(query, { width: 800, height: 300 });
      const height = () => page.evaluate(() => document.documentElement.scrollHeight);
      await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.dataset.status !== "ready");
      assert.ok((await height()) <= 560, `${query}: ${await height()} px while playing`);
      await waitForStatus(page, "finished", 60000);
      assert.ok((await height()) <= 560, `${query}: ${await height()} px finished`);
      // The rest is one toggle away, and the full playground one link away.
      await page.click('[data-testid="embed-more"]');
      assert.equal(await page.getAttribute('[data-testid="embed-more"]', "aria-expanded"), "true");
      assert.ok(await page.locator('[data-testid="log"]').isVisible());
      const full = await page.getAttribute('[data-testid="open-full"]', "href");
      assert.doesNotMatch(full, /embed=1/);
      assert.match(full, /tasks=/);
      await page.close();
    }
  });

  test("an embedded run starts when it scrolls into view, not before", async () => {
    // The host page and the site on one server: the iframes are same-origin.
    const host = await serve({
      "/lesson.html": `<!doctype html><html lang="en"><title>host</title><link rel="icon" href="data:,"><body style="margin:0">
        <iframe id="top" title="top" style="width:800px;height:560px;border:0" src="${SUB_PATH}?embed=1&tasks=5&amount=100&speed=14&autorun=1"></iframe>
        <div style="height:3000px"></div>
        <iframe id="low" title="low" style="width:800px;height:560px;border:0" src="${SUB_PATH}?embed=1&tasks=5&amount=100&speed=14&autorun=1"></iframe>
      </body></html>`,
    });
    try {
      const opened = await openPage(site.browser, host.origin);
      pages.push(opened);
      const page = opened.page;
      await page.goto(host.origin + "/lesson.html");
      const frame = (id) => page.frameLocator(`#${id}`);
      const statusOf = (id) => frame(id).locator('[data-testid="status"]').getAttribute("data-status");
      await frame("top").locator('[data-testid="status"][data-status="finished"]').waitFor({ timeout: 30000 });
      await frame("low").locator('[data-testid="balance"]').waitFor({ state: "attached" });
      assert.equal(await statusOf("low"), "ready", "the frame out of sight has not run");
      await page.locator("#low").scrollIntoViewIfNeeded();
      await frame("low").locator('[data-testid="status"][data-status="finished"]').waitFor({ timeout: 30000 });
    } finally {
      host.close();
    }
  });

  test("no console errors and no request to another origin", () => {
    assert.ok(pages.length >= 15);
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(
      pages.flatMap((p) => p.foreign),
      [],
    );
  });
});
