// Browser benchmarks, reported, not asserted (node tests/e2e/bench.mjs after
// a release build in dist/). Each line says what it measured:
//   - the engine computing a run inside Chromium (median of 21)
//   - CPU: the main thread's busy time (CDP Performance.getMetrics,
//     TaskDuration) per second of wall time while 1000 tasks play at link
//     speed 9 (budget: 15% of a core), and while idle
//   - frame times while 10,000 tasks animate (budget: p95 <= 16.7 ms)
//   - cumulative layout shift over a whole 1000-task run (budget: 0.05)
import { launch, openPage, ready, serve, waitForStatus } from "./harness.mjs";

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

try {
  const { page } = await openPage(browser, server.origin);
  await page.goto(server.base);
  await ready(page);
  for (const [strategy, tasks] of [["unsafe", 10000], ["lock", 10000], ["unsafe", 1000]]) {
    const times = await page.evaluate(([s, n]) => {
      const out = [];
      for (let i = 0; i < 21; i++) out.push(window.wasmBindings.bench_simulate_ms(n, s));
      return out.sort((a, b) => a - b);
    }, [strategy, tasks]);
    console.log(`engine in Chromium: ${tasks} tasks, ${strategy}: median ${times[10].toFixed(2)} ms (min ${times[0].toFixed(2)}, max ${times[20].toFixed(2)})`);
  }
  console.log(`CPU, idle page: ${(100 * (await cpu(page, 3))).toFixed(1)}% of a core`);

  // 1000 tasks at link speed 9: a run of about 24 s; measure 5 s of it.
  const playing = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await playing.goto(server.base + "?tasks=1000&speed=9&autorun=1");
  await ready(playing);
  await playing.waitForTimeout(1000);
  const share = await cpu(playing, 5);
  const status = await playing.getAttribute('[data-testid="status"]', "data-status");
  console.log(`CPU, 1000 tasks playing at speed 9: ${(100 * share).toFixed(1)}% of a core over 5 s (budget 15%; still ${status})`);
  await playing.close();

  // 10,000 tasks playing at 10,000 events a second for three seconds.
  const anim = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await anim.goto(server.base + "?tasks=10000&speed=13&autorun=1");
  await ready(anim);
  const frames = await anim.evaluate(() => new Promise((resolve) => {
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
  const pick = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))];
  const reached = await anim.getAttribute('[data-testid="elapsed"]', "data-value");
  // A delta over 1.5 vsync intervals means a frame was missed.
  const missed = frames.filter((d) => d > 25).length;
  console.log(`animation, 10,000 tasks: ${frames.length} frames in 3 s, p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${frames[frames.length - 1].toFixed(2)} ms, ${missed} frames missed (virtual clock reached ${reached} ms)`);
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
} finally {
  await browser.close();
  server.close();
}
