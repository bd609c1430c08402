// Screenshots for a person to look at (not a test): node tests/e2e/screens.mjs [outdir]
// Desktop 1280x800, phone 375x700 and embed 800x600, in a few states.
import { launch, ready, serve, waitForStatus } from "./harness.mjs";

const out = process.argv[2] ?? "/tmp/racecourse-screens";
const { mkdirSync } = await import("node:fs");
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
const shots = [
  ["desktop-bank", { width: 1280, height: 800 }, "?tasks=5&amount=100&speed=14&autorun=1", true],
  ["desktop-bank-midway", { width: 1280, height: 800 }, "?tasks=5&amount=100&speed=1", "steps:14"],
  ["desktop-first-view", { width: 1366, height: 900 }, "", false],
  ["desktop-1000", { width: 1280, height: 800 }, "?tasks=1000&speed=14&autorun=1", true],
  ["desktop-lock-midway", { width: 1280, height: 800 }, "?strategy=lock&tasks=1000&speed=1", "steps:40"],
  ["desktop-deadlock", { width: 1280, height: 800 }, "?strategy=opposite-order&tasks=2&delay=10&speed=14&autorun=1", true],
  ["desktop-bad-link", { width: 1280, height: 800 }, "?tasks=1000000000000&strategy=mutex", false],
  ["phone-bank", { width: 375, height: 700 }, "?tasks=5&amount=100&speed=14&autorun=1", true],
  ["embed-bank", { width: 800, height: 600 }, "?tasks=5&amount=100&speed=14&autorun=1&embed=1", true],
  ["desktop-bank-lock", { width: 1280, height: 800 }, "?strategy=lock&tasks=5&amount=100&speed=1", "steps:22"],
  ["desktop-help", { width: 1280, height: 800 }, "?tasks=5", "key:?"],
  ["desktop-single-writer", { width: 1280, height: 800 }, "?strategy=single-writer&tasks=5&amount=100&speed=14&autorun=1", true],
  ["embed-800", { width: 800, height: 600 }, "?strategy=lock&tasks=5&amount=100&speed=14&autorun=1&embed=1", true],
  ["projector-1920", { width: 1920, height: 1080 }, "?tasks=5&amount=100&speed=14&autorun=1", true],
  ["desktop-lesson", { width: 1280, height: 800 }, "?lesson=8", false],
  ["phone-lesson", { width: 375, height: 700 }, "?lesson=3", false],
  ["embed-480", { width: 480, height: 360 }, "?tasks=5&amount=100&speed=14&autorun=1&embed=1", true],
  ["course-page", { width: 1280, height: 800 }, "course.html", false],
  ["dark-desktop-1000", { width: 1280, height: 800, dark: true }, "?tasks=1000&speed=14&autorun=1", true],
  ["dark-embed-deadlock", { width: 800, height: 600, dark: true }, "?strategy=opposite-order&tasks=2&delay=10&speed=14&autorun=1&embed=1", true],
  ["laptop-lesson-1", { width: 1366, height: 900 }, "?lesson=1", false],
  ["laptop-lesson-2", { width: 1366, height: 900 }, "?lesson=2", "steps:3"],
  ["laptop-lesson-3", { width: 1366, height: 900 }, "?lesson=3", false],
  ["desktop-explore", { width: 1280, height: 800 }, "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1", "explored"],
  ["desktop-explore-replay", { width: 1280, height: 800 }, "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1&order=121323&speed=14&autorun=1", "explored"],
  ["phone-explore", { width: 375, height: 700 }, "?explore=1&tasks=2&strategy=opposite-order", "explored"],
  ["embed-explore", { width: 800, height: 600 }, "?explore=1&embed=1&tasks=3&strategy=unsafe&initial=0&amount=1", "explored"],
  ["desktop-lesson-orders", { width: 1280, height: 800 }, "?lesson=14", "predict:6"],
  ["phone-lesson-orders", { width: 375, height: 700 }, "?lesson=15", "predict:no"],
  ["desktop-challenge-playing", { width: 1280, height: 800 }, "?challenge=5&order=12", "challenge"],
  ["phone-challenge-won", { width: 375, height: 700 }, "?challenge=10&order=1212", "challenge"],
  ["embed-scheduler", { width: 800, height: 600 }, "?embed=1&scheduler=1&strategy=lock&tasks=3&order=12", "challenge"],
  ["desktop-explore-big", { width: 1280, height: 800 }, "?explore=1&tasks=40&strategy=unsafe", "explored"],
];
for (const [name, viewport, query, finish] of shots) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    colorScheme: viewport.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  await page.goto(server.base + query);
  if (query !== "course.html") await ready(page);
  else await page.waitForTimeout(4000); // a look, not a test: let the iframes play
  if (finish === true) await waitForStatus(page, "finished");
  if (typeof finish === "string" && finish.startsWith("steps:")) {
    for (let i = 0; i < Number(finish.slice(6)); i++) await page.keyboard.press("ArrowRight");
    await page.waitForSelector('[data-testid="narration"]');
  }
  if (finish === "explored") {
    await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
    await page.locator('[data-testid="explorer"]').scrollIntoViewIfNeeded();
  }
  if (typeof finish === "string" && finish.startsWith("predict:")) {
    const guess = finish.slice(8);
    if (guess === "no" || guess === "yes") await page.click(`[data-testid="predict-${guess}"]`);
    else await page.fill('[data-testid="prediction"]', guess), await page.keyboard.press("Enter");
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
  }
  if (finish === "challenge") await page.waitForSelector('[data-testid="scheduler"]');
  if (typeof finish === "string" && finish.startsWith("key:")) {
    await page.keyboard.press(finish.slice(4));
    await page.waitForSelector("dialog[open]"); // the help comes with the full app
  }
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: name.startsWith("phone") || name.includes("full") || name.includes("explore") || name.includes("orders") || name.includes("challenge") });
  await context.close();
  console.log(`${out}/${name}.png`);
}
await browser.close();
server.close();
