// Browser benchmarks, reported, not asserted (node tests/e2e/bench.mjs after
// a release build in dist/):
//   - the engine computing a 10,000-task run inside Chromium (median of 21)
//   - frame times while 10,000 tasks animate (p50/p95 of requestAnimationFrame deltas)
import { launch, openPage, ready, serve } from "./harness.mjs";

const server = await serve();
const browser = await launch();
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
  const applied = await anim.getAttribute('[data-testid="elapsed"]', "data-value");
  // A delta over 1.5 vsync intervals means a frame was missed.
  const missed = frames.filter((d) => d > 25).length;
  console.log(`animation, 10,000 tasks: ${frames.length} frames in 3 s, p50 ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms, max ${frames[frames.length - 1].toFixed(2)} ms, ${missed} frames missed (virtual clock reached ${applied} ms)`);
} finally {
  await browser.close();
  server.close();
}
