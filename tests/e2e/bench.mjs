// Browser benchmarks, reported, not asserted (node tests/e2e/bench.mjs after
// a release build in dist/). Each line says what it measured:
//   - the engine computing a run inside Chromium (median of 21), through the
//     lab's module (the engine is not on the page; the lab worker runs it)
//   - CPU: the main thread's busy time (CDP Performance.getMetrics,
//     TaskDuration) per second of wall time while 1000 tasks play at link
//     speed 9 (budget: 15% of a core), and while idle
//   - frame times while 10,000 tasks animate (budget: p95 <= 16.7 ms)
//   - cumulative layout shift over a whole 1000-task run (budget: 0.05)
//   - memory over 200 run/restart cycles (it should stay flat)
//   - "All outcomes": the time to the first bars from opening the panel, per
//     task count and strategy (budget: 2 s), and to the finished sample
//   - "All outcomes" of the learner's program: the program lab's wasm
//     counting every schedule of the article's credit, 3 to 12 tasks, and
//     the panel's bars for 8 tasks from opening the link; and one pick of
//     "you are the scheduler" of it (in pylab, and from a key to the page)
// `node tests/e2e/bench.mjs explore` runs the explorer's measurements alone,
// `node tests/e2e/bench.mjs programs` those of the learner's program,
// `node tests/e2e/bench.mjs scheduler` its scheduler's alone.
import { codeLink, launch, openPage, ready, serve, waitForStatus } from "./harness.mjs";

const server = await serve();
const browser = await launch();

/** Fraction of one core the page's main thread kept busy over `seconds`. */
async function cpu(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get("TaskDuration"), at: get("Timestamp") };
  };
  const before = await busy();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = await busy();
  await cdp.detach();
  return (after.task - before.task) / (after.at - before.at);
}

/** "All outcomes" on `?explore=1`: ms from the panel's first paint to its first bars, and to its end. */
async function firstBars(strategy, tasks) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.addInitScript(() => {
    window.__explorer = {};
    new MutationObserver(() => {
      const times = window.__explorer;
      if (!times.asked && document.querySelector('[data-testid="explorer"]')) times.asked = performance.now();
      if (!times.bars && document.querySelector('[data-testid="distribution"]')) times.bars = performance.now();
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(`${server.base}?explore=1&strategy=${strategy}&tasks=${tasks}`);
  await page.waitForSelector('[data-testid="distribution"]', { timeout: 120000 });
  const exact = (await page.locator('[data-testid="explore-why"]').count()) === 0;
  await page.waitForSelector('[data-testid="explore-progress"]', { state: "detached", timeout: 120000 });
  const done = await page.evaluate(() => performance.now());
  const { asked, bars } = await page.evaluate(() => window.__explorer);
  await page.close();
  return { bars: bars - asked, done: done - asked, exact };
}

async function explorerBench() {
  const strategies = ["unsafe", "lock", "restructure", "counter", "optimistic", "single-writer", "lock-too-late",
    "lock-too-narrow", "lock-too-narrow-io", "await-elsewhere", "opposite-order", "consistent-order"];
  // The lab's own plan: the most tasks each strategy is counted exactly at (its slowest count).
  const labPage = await browser.newPage();
  await labPage.goto(server.base);
  await ready(labPage);
  const largest = await labPage.evaluate(async (names) => {
    const lab = await import(new URL("lab.js", document.baseURI).href);
    await lab.default({ module_or_path: new URL("lab_bg.wasm", document.baseURI).href });
    return Object.fromEntries(names.map((s) => [s, lab.bench_largest_exact(s)]));
  }, strategies);
  await labPage.close();
  let slowest = 0;
  for (const strategy of strategies) {
    const row = [];
    // 10,000 (the most a link takes) for the fastest and the slowest draws.
    const most = ["unsafe", "optimistic"].includes(strategy) ? [10000] : [];
    const sizes = [...new Set([largest[strategy], 12, 14, 20, 35, 1000, ...most])].sort((a, b) => a - b);
    for (const tasks of sizes) {
      const { bars, done, exact } = await firstBars(strategy, tasks);
      slowest = Math.max(slowest, bars);
      const edge = tasks === largest[strategy] ? ", the most counted exactly" : "";
      row.push(`${tasks}: ${bars.toFixed(0)} ms${exact ? " exact" : ""}${edge} (all ${(done / 1000).toFixed(1)} s)`);
    }
    console.log(`explorer, first bars, ${strategy}: ${row.join(", ")}`);
  }
  console.log(`explorer, slowest first bars: ${slowest.toFixed(0)} ms (budget 2000 ms)`);
}

/** The article's credit with `tasks` tasks, as a learner would write it (with a lock, or not). */
function article(tasks, lock) {
  const body = lock
    ? "    async with lock:\n        current = balance\n        await asyncio.sleep(0.1)\n        balance = current + 1\n"
    : "    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + 1\n";
  return `import asyncio\nbalance = 0\nlock = asyncio.Lock()\nasync def credit():\n    global balance\n${body}async def main():\n    await asyncio.gather(*[credit() for _ in range(${tasks})])\nasyncio.run(main())\n`;
}

/** Every schedule of the learner's program: the program lab's wasm counting, 3 to 12 tasks; and the panel, end to end. */
async function programBench() {
  const page = await browser.newPage();
  await page.goto(server.base);
  await ready(page);
  for (const lock of [false, true]) {
    const row = [];
    for (let tasks = 3; tasks <= 12; tasks++) {
      if (!lock && tasks > 10) break; // 11 and 12 take minutes without the lock
      const ms = await page.evaluate(async (program) => {
        const pylab = await import(new URL("pylab.js", document.baseURI).href);
        await pylab.default({ module_or_path: new URL("pylab_bg.wasm", document.baseURI).href });
        return pylab.bench_program_ms(program);
      }, article(tasks, lock));
      row.push(`${tasks}: ${ms.toFixed(0)} ms`);
    }
    console.log(`your program's explorer in Chromium, the article ${lock ? "with the lock" : "without a lock"}: ${row.join(", ")}`);
  }
  await page.close();
  // The panel: from opening the link to the bars, 8 tasks without a lock.
  const panel = await browser.newPage();
  const started = Date.now();
  await panel.goto(`${server.base}?explore=1&code=${codeLink(article(8, false))}`);
  await panel.waitForSelector('[data-testid="distribution"]', { timeout: 120000 });
  console.log(`your program's explorer, the article with 8 tasks: bars ${Date.now() - started} ms after opening the link (budget 1 s for the count)`);
  await panel.close();
  await schedulerBench();
}

/** You as the scheduler of your own program: one pick (the run so far and a look ahead per ready task), in pylab and on the page. */
async function schedulerBench() {
  const page = await browser.newPage();
  await page.goto(server.base);
  await ready(page);
  const row = [];
  for (const tasks of [3, 8, 12]) {
    const ms = await page.evaluate(async (program) => {
      const pylab = await import(new URL("pylab.js", document.baseURI).href);
      await pylab.default({ module_or_path: new URL("pylab_bg.wasm", document.baseURI).href });
      // As view::learner::run_request writes it: T1 has read; every task can run.
      const request = `tasks=3\n\n0\n0\n1\n${program}`;
      const times = [];
      for (let i = 0; i < 11; i++) {
        const started = performance.now();
        pylab.run_learner(request);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[5];
    }, article(tasks, false));
    row.push(`${tasks}: ${ms.toFixed(1)} ms`);
  }
  console.log(`you as the scheduler of your program, one pick in pylab (median of 11), the article: ${row.join(", ")}`);
  await page.close();
  // On the page: from the key to the new offers drawn, 12 tasks.
  const panel = await browser.newPage();
  await panel.goto(`${server.base}?scheduler=1&code=${codeLink(article(12, false))}`);
  await panel.waitForSelector('[data-testid="scheduler"] [data-testid="pick-T12"]', { timeout: 60000 });
  const times = [];
  for (let step = 1; step <= 9; step++) {
    const started = Date.now();
    await panel.keyboard.press(String(step));
    await panel.waitForFunction((n) => document.querySelector('[data-testid="scheduler-last"]')?.textContent.startsWith(`T${n} ran`), step);
    times.push(Date.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`you as the scheduler, 12 tasks on the page: a key to its step drawn, median ${times[4]} ms, slowest ${times[8]} ms`);
  await panel.close();
}

try {
  if (process.argv[2] === "programs") {
    await programBench();
    process.exit(0);
  }
  if (process.argv[2] === "scheduler") {
    await schedulerBench();
    process.exit(0);
  }
  if (process.argv[2] === "explore") {
    await explorerBench();
    process.exit(0);
  }
  const { page } = await openPage(browser, server.origin);
  await page.goto(server.base);
  await ready(page);
  await page.evaluate(async () => {
    const lab = await import(new URL("lab.js", document.baseURI).href);
    await lab.default({ module_or_path: new URL("lab_bg.wasm", document.baseURI).href });
    window.lab = lab;
  });
  for (const [strategy, tasks] of [["unsafe", 10000], ["lock", 10000], ["unsafe", 1000]]) {
    const times = await page.evaluate(([s, n]) => {
      const out = [];
      for (let i = 0; i < 21; i++) out.push(window.lab.bench_simulate_ms(n, s));
      return out.sort((a, b) => a - b);
    }, [strategy, tasks]);
    console.log(`engine in Chromium: ${tasks} tasks, ${strategy}: median ${times[10].toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[20].toFixed(2)})`);
  }
  // The schedule explorer, exact counts (the lab's wasm, as the page's worker runs it).
  for (const strategy of ["unsafe", "lock", "opposite-order"]) {
    const row = [];
    for (let tasks = 2; tasks <= 10; tasks++) {
      const times = await page.evaluate(([s, n]) => {
        const out = [];
        for (let i = 0; i < 3; i++) out.push(window.lab.bench_explore_ms(n, s));
        return out.sort((a, b) => a - b);
      }, [strategy, tasks]);
      row.push(`${tasks}: ${times[1].toFixed(1)} ms`);
    }
    console.log(`explorer in Chromium, ${strategy} (median of 3): ${row.join(", ")}`);
  }
  console.log(`CPU, idle page: ${(100 * (await cpu(page, 3))).toFixed(1)}% of a core`);
  await explorerBench();
  await programBench();

  // 1000 tasks at link speed 9: a run of about 24 s; measure 5 s of it.
  const playing = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await playing.goto(server.base + "?tasks=1000&speed=9&autorun=1");
  await ready(playing);
  await playing.waitForTimeout(1000);
  const share = await cpu(playing, 5);
  const status = await playing.getAttribute('[data-testid="status"]', "data-status");
  console.log(`CPU, 1000 tasks playing at speed 9: ${(100 * share).toFixed(1)}% of a core over 5 s (budget 15%; still ${status})`);
  await playing.close();

  // The same 1000 tasks as the learner's own program (a code= link): the
  // interpreter runs it once, the editor marks its lines every frame.
  const program = "import asyncio\n\nbalance = 1000\n\nasync def credit(amount):\n    global balance\n    current = balance\n    await asyncio.sleep(0.1)\n    balance = current + amount\n\nasync def main():\n    await asyncio.gather(*[credit(1) for _ in range(1000)])\n    print(f\"Final balance: {balance}\")\n\nasyncio.run(main())\n";
  const code = codeLink(program);
  const edited = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await edited.goto(server.base + `?speed=9&autorun=1&code=${code}`);
  await ready(edited);
  await edited.waitForTimeout(1000);
  const editedShare = await cpu(edited, 5);
  const editedStatus = await edited.getAttribute('[data-testid="status"]', "data-status");
  console.log(`CPU, your program (1000 tasks) playing at speed 9: ${(100 * editedShare).toFixed(1)}% of a core over 5 s (budget 15%; still ${editedStatus})`);
  await edited.close();

  // Frames: rAF deltas over three seconds. Chromium stamps frames to 0.1 ms
  // around a 16.67 ms vsync, so an idle page already shows p95 16.7-16.8.
  const frameTimes = (page) => page.evaluate(() => new Promise((resolve) => {
    const deltas = [];
    let last = performance.now();
    const start = last;
    function frame(now) {
      deltas.push(now - last);
      last = now;
      if (now - start < 3000) requestAnimationFrame(frame);
      else resolve(deltas.slice(5).sort((a, b) => a - b));
    }
    requestAnimationFrame(frame);
  }));
  const describe = (frames) => {
    const pick = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))];
    // A delta over 1.5 vsync intervals means a frame was missed.
    const missed = frames.filter((d) => d > 25).length;
    return `${frames.length} frames, p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${frames.at(-1).toFixed(2)} ms, ${missed} missed`;
  };
  const anim = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await anim.goto(server.base + "?tasks=10000&speed=13");
  await ready(anim);
  console.log(`frames, idle page (the floor): ${describe(await frameTimes(anim))}`);
  // 10,000 tasks at 10,000 events a second, from the press of Run: the first
  // frames include the lab's answer arriving and the run's index being built.
  await anim.keyboard.press("Space");
  console.log(`frames, 10,000 tasks from the press of Run: ${describe(await frameTimes(anim))}`);
  // The same run again, computed already: the animation alone, once it is under way.
  await anim.keyboard.press("r");
  await waitForStatus(anim, "playing");
  await anim.waitForFunction(() => document.querySelectorAll(".log-lines li").length > 0);
  const steady = await frameTimes(anim);
  const reached = await anim.getAttribute('[data-testid="elapsed"]', "data-value");
  console.log(`frames, 10,000 tasks playing (budget p95 16.7 ms): ${describe(steady)} (virtual clock at ${reached} ms)`);
  await anim.close();

  // Layout shift over a whole 1000-task run, from opening the page to the end.
  for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 375, height: 700 }]]) {
    const shifting = await browser.newPage({ viewport });
    await shifting.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await shifting.goto(server.base + "?tasks=1000&speed=12&autorun=1");
    await ready(shifting);
    await waitForStatus(shifting, "finished", 60000);
    await shifting.waitForTimeout(300);
    const cls = await shifting.evaluate(() => window.__cls);
    console.log(`layout shift, 1000-task run on a ${name}: ${cls.toFixed(3)} (budget 0.05)`);
    await shifting.close();
  }
  // Memory over 200 run/restart cycles of the bank example, played instantly.
  const cycling = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await cycling.goto(server.base + "?tasks=5&amount=100&speed=14&autorun=1");
  await ready(cycling);
  await waitForStatus(cycling, "finished");
  const cdp = await cycling.context().newCDPSession(cycling);
  const memory = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return { js: usedSize, wasm: await cycling.evaluate(() => window.racecourseWasmBytes()) };
  };
  const fingerprints = () => cycling.$$eval('[data-testid="results"] tbody tr', (r) => r.length);
  const cycle = async (times) => {
    for (let i = 0; i < times; i++) {
      await cycling.keyboard.press("r");
      await waitForStatus(cycling, "finished");
    }
  };
  await cycle(10);
  const early = await memory();
  await cycle(190);
  const late = await memory();
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`memory, 200 run/restart cycles: JS heap ${kb(early.js)} after 10, ${kb(late.js)} after 200; wasm memory ${kb(early.wasm)} after 10, ${kb(late.wasm)} after 200; runs table ${await fingerprints()} rows`);
} finally {
  await browser.close();
  server.close();
}
