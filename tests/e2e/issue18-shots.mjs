// Screenshots of issue 18's points, for a person to look at (not a test):
// node tests/e2e/issue18-shots.mjs [outdir]
import { launch, ready, serve, waitForStatus } from "./harness.mjs";

const out = process.argv[2] ?? "/tmp/issue18";
const { mkdirSync } = await import("node:fs");
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
const laptop = { width: 1366, height: 900 };
const phone = { width: 375, height: 700 };
const projector = { width: 1920, height: 1080 };
const shots = [
  ["1-real-timers", laptop, "?strategy=lock&tasks=3&delay=1000&real=1&autorun=1", "finished"],
  ["2-challenge-keys", laptop, "?challenge=2", null],
  ["3-explore", laptop, "?explore=1", "explored"],
  ["3-explore-bar-chosen", laptop, "?explore=1", "bar"],
  ["3-challenge-offers", laptop, "?challenge=5&order=12", null],
  ["3-lesson-14", laptop, "?lesson=14", "predict:6"],
  ["4-lock-names", laptop, "?strategy=lock&tasks=3&speed=1", "steps:12"],
  ["4-counter-names", laptop, "?strategy=counter&tasks=3&speed=1", "steps:12"],
  ["5-big-numbers-12", laptop, "?explore=1&tasks=12&strategy=unsafe", "explored"],
  ["5-big-numbers-40", laptop, "?explore=1&tasks=40&strategy=unsafe", "explored"],
  ["6-explore-20", laptop, "?explore=1&tasks=20&strategy=lock", "explored"],
  ["7-handoff", laptop, "?strategy=lock&tasks=5&speed=1", "steps:30"],
  ["7-impossible-level", laptop, "?challenge=4", null],
  ["8-lesson-1", laptop, "?lesson=1", null],
  ["8-jitter-1156", laptop, "?tasks=1000&jitter=50&seed=3&speed=14&autorun=1", "finished"],
  ["9-phone-narration", phone, "?tasks=5&amount=100&speed=1", "steps:9"],
  ["9-phone-code", phone, "?strategy=lock&tasks=3", null],
  ["9-phone-explore", phone, "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1", "explored"],
  ["10-presentation", projector, "?tasks=5&amount=100&present=1&speed=14&autorun=1", "finished"],
  ["10-dark-theme", laptop, "?tasks=5&amount=100&theme=dark&speed=14&autorun=1", "finished"],
  ["10-phone-dark", { ...phone, dark: true }, "?tasks=5&amount=100&speed=14&autorun=1", "finished"],
];
for (const [name, viewport, query, finish] of shots) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    colorScheme: viewport.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  await page.goto(server.base + query);
  await ready(page);
  if (finish === "finished") await waitForStatus(page, "finished");
  if (finish?.startsWith?.("steps:")) {
    for (let i = 0; i < Number(finish.slice(6)); i++) await page.keyboard.press("ArrowRight");
    await page.waitForSelector('[data-testid="narration"]');
  }
  if (finish === "explored" || finish === "bar") {
    await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
    await page.waitForTimeout(2500);
  }
  if (finish === "bar") {
    await page.locator('[data-testid="distribution"] button').first().click();
    await page.waitForTimeout(1500);
  }
  if (finish?.startsWith?.("predict:")) {
    const answer = finish.slice(8);
    const input = page.locator('input[type="number"]').first();
    if (await input.count()) {
      await input.fill(answer);
      await page.keyboard.press("Enter");
    }
    await page.waitForTimeout(3000);
  }
  await page.screenshot({ path: `${out}/${name}.png` });
  await context.close();
}
await browser.close();
server.close();
console.log(`screenshots in ${out}`);
