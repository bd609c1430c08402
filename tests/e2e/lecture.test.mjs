// For a lecture and for course pages: the theme switch and presentation mode
// (both in the link), "Copy link" / "Copy embed code" for what is on screen,
// embed.js keeping the host's height, and a quiet cross-origin embed.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, ready, serve, session, SUB_PATH, waitForStatus } from "./harness.mjs";

const site = session();
const DARK_BG = "rgb(15, 18, 23)";
const LIGHT_BG = "rgb(246, 247, 249)";

/** Opens `link` with the system in `scheme`, and waits for the app. */
async function openIn(scheme, link, viewport = { width: 1280, height: 800 }) {
  const opened = await openPage(site.browser, site.server.origin, viewport, { colorScheme: scheme });
  site.pages.push(opened);
  // Layout shift, from the first paint on.
  await opened.page.addInitScript(() => {
    window.layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShift += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await opened.page.goto(site.server.base + link);
  await ready(opened.page);
  return opened.page;
}

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** The sharing tools: one click in the playground, already there in the full app. */
async function openSharing(page) {
  if (await page.locator('[data-testid="more-settings"]').count()) await page.click('[data-testid="more-settings"]');
  await page.waitForSelector('[data-testid="copy-embed"]');
}

/** Chooses what to share (by its label), autorun on or off, and copies the embed code. */
async function embedCode(page, label, autorun) {
  await openSharing(page);
  await page.getByRole("radio", { name: label, exact: true }).check();
  const box = page.locator('[data-testid="share-autorun"]');
  if (autorun !== undefined && (await box.isEnabled())) await box.setChecked(autorun);
  await page.click('[data-testid="copy-embed"]');
  return page.inputValue('[data-testid="share-text"]');
}

/** The iframe's src in embed code, as a path under the site. */
function frameLink(code) {
  const src = code.match(/<iframe src="([^"]+)"/)[1].replaceAll("&amp;", "&");
  assert.ok(src.startsWith(site.server.base), src);
  return src.slice(site.server.base.length);
}

describe("for a lecture", () => {
  test("theme in the link: dark on a light system and light on a dark one, from the first paint", async () => {
    const dark = await openIn("light", "?tasks=5&amount=100&theme=dark");
    assert.equal(await dark.getAttribute("html", "data-theme"), "dark");
    assert.equal(await background(dark), DARK_BG);
    // The tools' colours too (full.css), and the form controls' (color-scheme).
    assert.equal(await dark.evaluate(() => getComputedStyle(document.documentElement).colorScheme), "dark");
    const light = await openIn("dark", "?tasks=5&amount=100&theme=light");
    assert.equal(await background(light), LIGHT_BG);
    // Before the app has drawn anything: boot.js reads the link.
    const early = await openPage(site.browser, site.server.origin, { width: 800, height: 600 }, { colorScheme: "light" });
    site.pages.push(early);
    await early.page.route("**/full_bg.wasm", async (route) => {
      // Held back until the loading screen has been checked.
      await early.page.waitForFunction(() => window.__checked === true);
      await route.continue();
    });
    await early.page.goto(site.server.base + "?theme=dark");
    await early.page.waitForSelector("html[data-theme=dark] .boot");
    assert.equal(await background(early.page), DARK_BG, "the loading screen is already dark");
    await early.page.evaluate(() => { window.__checked = true; });
    await ready(early.page);
  });

  test("the theme switch follows the system, or forces light or dark, and stays in the link", async () => {
    const page = await openIn("dark", "?tasks=5&amount=100&theme=light");
    await openSharing(page);
    assert.equal(await page.isChecked('[data-testid="theme-light"]'), true);
    await page.check('[data-testid="theme-dark"]');
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    assert.equal(await background(page), DARK_BG);
    await page.waitForFunction(() => location.search.includes("theme=dark"));
    await page.check('[data-testid="theme-system"]');
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-theme"));
    assert.equal(await background(page), DARK_BG, "the system is dark");
    await page.waitForFunction(() => !location.search.includes("theme="));
    await page.check('[data-testid="theme-light"]');
    await page.waitForFunction(() => location.search.includes("theme=light"));
    assert.equal(await background(page), LIGHT_BG);
    // The link reproduces it.
    await page.click('[data-testid="copy-link"]');
    assert.match(await page.inputValue('[data-testid="share-text"]'), /[?&]theme=light(&|$)/);
  });

  test("the grid of cells repaints in the theme chosen", async () => {
    const page = await openIn("light", "?tasks=100&theme=light");
    await page.waitForSelector('[data-testid="task-grid"]');
    // The mean colour of the painted cells (all "not started" before a run).
    await page.evaluate(() => {
      window.meanCell = () => {
        const canvas = document.querySelector('[data-testid="task-grid"]');
        const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 255) {
            sum += data[i] + data[i + 1] + data[i + 2];
            count += 3;
          }
        }
        return sum / count;
      };
    });
    const light = await page.evaluate(() => window.meanCell());
    assert.ok(light > 150, `light cells: ${light}`);
    await openSharing(page);
    await page.check('[data-testid="theme-dark"]');
    await page.waitForFunction(() => window.meanCell() < 100);
  });

  test("a bad theme or present value gets a notice and the default", async () => {
    const page = await openIn("light", "?tasks=5&theme=sepia&present=maybe");
    const notices = await page.textContent('[data-testid="notices"]');
    assert.match(notices, /theme: "sepia" is not a theme: light, dark or system; ignored/);
    assert.match(notices, /present: accepted: 1\/0, true\/false, on\/off; ignored/);
    assert.equal(await page.getAttribute("html", "data-theme"), null);
    assert.equal(await page.getAttribute("html", "data-present"), null);
    assert.equal(await background(page), LIGHT_BG);
  });

  test("presentation mode at 1920x1080: the lanes across the width, their labels large", async () => {
    const projector = { width: 1920, height: 1080 };
    const measure = (page) => page.evaluate(() => {
      const lanes = document.querySelector(".lanes").getBoundingClientRect();
      const label = document.querySelector(".lane-label").getBoundingClientRect();
      const app = document.querySelector(".app").getBoundingClientRect();
      return { lanes: lanes.width, label: label.height, appRight: app.right };
    });
    const plain = await openIn("light", "?tasks=5&amount=100&speed=14&autorun=1", projector);
    await waitForStatus(plain, "finished");
    const before = await measure(plain);
    const page = await openIn("light", "?tasks=5&amount=100&speed=14&autorun=1&present=1", projector);
    await waitForStatus(page, "finished");
    assert.equal(await page.getAttribute("html", "data-present"), "");
    const shown = await measure(page);
    assert.ok(shown.appRight >= 1900, `the page ends at ${shown.appRight} px`);
    assert.ok(shown.lanes >= 1400, `lanes ${shown.lanes} px wide (${before.lanes} px without)`);
    assert.ok(shown.label >= 17, `lane labels ${shown.label} px high (${before.label} px without)`);
    assert.ok(shown.label >= before.label * 1.4, `${shown.label} vs ${before.label}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide`);
    // The page opens in presentation mode: nothing moves once drawn.
    const shift = await page.evaluate(() => window.layoutShift);
    assert.ok(shift <= 0.05, `cumulative layout shift ${shift}`);
    // The switch in the tools turns it off, and the link follows.
    await openSharing(page);
    await page.uncheck('[data-testid="present"]');
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-present") && !location.search.includes("present"));
    await page.check('[data-testid="present"]');
    await page.waitForFunction(() => location.search.includes("present=1"));
  });

  test("embed code for the playground, autorun on or off, opens what it says", async () => {
    const page = await openIn("light", "?strategy=lock&tasks=5&amount=100&speed=14");
    const playing = await embedCode(page, "The playground", true);
    assert.match(playing, /data-racecourse-height="auto"/);
    assert.match(playing, /title="Racecourse: [^"]+, 5 tasks"/);
    const played = await openIn("light", frameLink(playing));
    assert.equal(await played.locator(".app.embed").count(), 1);
    await waitForStatus(played, "finished");
    assert.equal(await played.getAttribute('[data-testid="balance"]', "data-value"), "1500");

    const waiting = await embedCode(page, "The playground", false);
    const link = frameLink(waiting);
    assert.doesNotMatch(link, /autorun/);
    const still = await openIn("light", link);
    assert.equal(await still.getAttribute('[data-testid="status"]', "data-status"), "ready");
    // "Copy link" follows the same choice.
    await page.click('[data-testid="copy-link"]');
    assert.doesNotMatch(await page.inputValue('[data-testid="share-text"]'), /autorun/);
  });

  test("embed code for the code pane shows the code in the compact embed", async () => {
    const page = await openIn("light", "?strategy=lock&tasks=5&amount=100");
    const code = await embedCode(page, "The playground and its code", true);
    const link = frameLink(code);
    assert.match(link, /code=1/);
    const embedded = await openIn("light", link, { width: 800, height: 600 });
    await embedded.waitForSelector('.app.embed [data-testid="code"]', { state: "visible" });
    assert.match(await embedded.textContent('[data-testid="code"]'), /async with/);
    // The rest of "More" stays behind it.
    assert.equal(await embedded.locator('[data-testid="log"], .log').first().isVisible(), false);
  });

  test("embed code for a lesson step, a challenge level and All outcomes opens each", async () => {
    const lesson = await openIn("light", "?lesson=3");
    const lessonCode = await embedCode(lesson, "This lesson step (3)");
    const lessonPage = await openIn("light", frameLink(lessonCode));
    assert.match(await lessonPage.textContent('[data-testid="lesson"]'), /step 3 of 15/);
    assert.equal(await lessonPage.locator(".app.embed").count(), 1);

    const challenge = await openIn("light", "?challenge=5&order=12");
    const challengeCode = await embedCode(challenge, "This challenge (level 5)");
    const challengeLink = frameLink(challengeCode);
    // A level is linked by its name, which moving levels does not change.
    assert.match(challengeLink, /challenge=break-solution-1/);
    assert.doesNotMatch(challengeLink, /order=/, "from the level's start");
    const level = await openIn("light", challengeLink);
    await level.waitForSelector('[data-testid="scheduler"]');
    assert.equal(
      await level.textContent('[data-testid="challenge"]'),
      await challenge.textContent('[data-testid="challenge"]'),
    );

    const explore = await openIn("light", "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1");
    const exploreCode = await embedCode(explore, "All outcomes", false);
    const outcomes = await openIn("light", frameLink(exploreCode), { width: 800, height: 600 });
    await outcomes.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
    assert.equal(await outcomes.locator(".app.embed").count(), 1);
  });

  test("embed.js keeps the height the host sets, and sizes a frame that asks for auto", async () => {
    const frame = (attributes) =>
      `<iframe ${attributes} title="Racecourse" src="${SUB_PATH}?embed=1&amp;tasks=5&amp;amount=100"></iframe>`;
    const host = (attributes, css = "") => `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,">${css}</head><body>
      ${frame(attributes)}
      <script>
        window.resized = 0;
        document.addEventListener("racecourse:resize", () => { window.resized += 1; });
      </script>
      <script src="${SUB_PATH}embed.js" async></script></body></html>`;
    const server = await serve({
      "/fixed.html": host('width="480" height="360"'),
      "/styled.html": host('style="width:480px;height:360px;border:0"'),
      "/auto.html": host('width="480" height="360" data-racecourse-height="auto"'),
      "/bare.html": host('width="480"'),
      // A course site sizing its frames in its own stylesheet.
      "/stylesheet.html": host('class="rc"', "<style>iframe.rc { width: 480px; height: 360px; border: 0 }</style>"),
    });
    const browser = site.browser;
    try {
      const heightAfterResize = async (path) => {
        const { page, context } = await openPage(browser, server.origin, { width: 1000, height: 900 });
        await page.goto(server.origin + path);
        await page.waitForFunction(() => window.resized > 0, null, { timeout: 30000 });
        const height = await page.$eval("iframe", (f) => f.clientHeight);
        await context.close();
        return height;
      };
      assert.equal(await heightAfterResize("/fixed.html"), 360, "a height attribute stays");
      assert.equal(await heightAfterResize("/styled.html"), 360, "a height in the style stays");
      assert.equal(await heightAfterResize("/stylesheet.html"), 360, "a height from the host's stylesheet stays");
      const auto = await heightAfterResize("/auto.html");
      assert.ok(auto > 400, `auto height: ${auto} px`);
      const bare = await heightAfterResize("/bare.html");
      assert.ok(bare > 400, `no height given: ${bare} px`);
    } finally {
      server.close();
    }
  });

  test("a cross-origin embed logs nothing to the console", async () => {
    // The host on one loopback origin, the playgrounds on another.
    const frames = [
      "?embed=1&strategy=lock&tasks=5&amount=100&speed=14&autorun=1",
      "?embed=1&lesson=2",
      "?embed=1&strategy=lock&tasks=5&amount=100&speed=14&autorun=1&code=1&theme=dark",
    ];
    const playground = `http://localhost:${new URL(site.server.origin).port}${SUB_PATH}`;
    const html = `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,"></head><body>
      ${frames.map((q, i) => `<iframe id="f${i}" title="Racecourse ${i}" width="800" height="600" src="${playground}${q.replaceAll("&", "&amp;")}"></iframe>`).join("\n")}
      <script>
        window.readies = 0; window.finished = 0;
        document.addEventListener("racecourse:ready", () => { window.readies += 1; });
        document.addEventListener("racecourse:run-finished", () => { window.finished += 1; });
      </script>
      <script src="${playground}embed.js" async></script></body></html>`;
    const host = await serve({ "/host.html": html });
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1000, height: 2000 } });
      const page = await context.newPage();
      const messages = [];
      page.on("console", (msg) => messages.push(`${msg.type()}: ${msg.text()} (${msg.location().url})`));
      page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
      await page.goto(host.origin + "/host.html");
      assert.notEqual(new URL(page.frames()[1].url()).origin, host.origin, "the frames are cross-origin");
      await page.waitForFunction((n) => window.readies >= n, frames.length, { timeout: 60000 });
      await page.waitForFunction(() => window.finished >= 2, null, { timeout: 60000 });
      // The lesson's frame has its step on screen; its keyboard help opens
      // with the keyboard on Close (no autofocus, which the frame refuses).
      const lesson = page.frame({ url: /lesson=2/ });
      await lesson.waitForSelector('[data-testid="lesson"]');
      await lesson.click('[data-testid="balance"]');
      await page.keyboard.press("?");
      await lesson.waitForSelector('dialog[data-testid="help"][open]');
      await lesson.waitForFunction(() => document.activeElement?.dataset.testid === "help-close");
      await page.keyboard.press("Escape");
      await lesson.waitForSelector('dialog[data-testid="help"]:not([open])', { state: "attached" });
      assert.deepEqual(messages, []);
      await context.close();
    } finally {
      await browser.close();
      host.close();
    }
  });

  test("no console errors and no request to another origin", () => {
    assert.deepEqual(site.pages.flatMap((p) => p.problems), []);
    assert.deepEqual(site.pages.flatMap((p) => p.foreign), []);
  });
});
