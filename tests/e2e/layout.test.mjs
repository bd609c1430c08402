// What the learner acts on is in view: at 1366x900 the lanes and the control
// that drives them (the explorer's bars, the scheduler's offers) share one
// screen, or the page brings the lanes into view; on a phone (375x700) the
// sentence under the balance shows whole, wrapped code keeps its
// indentation, and asyncio's own order is marked on its own bar.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { session, status } from "./harness.mjs";

const site = session();
const pages = site.pages;
const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 700 };
const THREE = "?explore=1&tasks=3&strategy=unsafe&initial=0&amount=1";

const box = (page, selector) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
/** Wholly inside the window as it is scrolled now. */
const inView = (page, selector) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
  });
/** The explorer's bars, once it has finished (its progress line gone: the layout is final). */
const bars = async (page) => {
  await page.waitForSelector('[data-testid="distribution"]', { timeout: 60000 });
  await page.waitForSelector('[data-testid="explore-progress"]', { state: "detached", timeout: 60000 });
};

describe("what the learner acts on is in view (1366x900)", () => {
  test("All outcomes opens beside the lanes: the bars and the lanes on the first screen", async () => {
    for (const link of [THREE, "?explore=1"]) {
      const page = await site.openReady(link, LAPTOP);
      await bars(page);
      assert.equal(await page.evaluate(() => scrollY), 0);
      assert.ok(await inView(page, ".lanes-box svg"), `${link}: the lanes in view`);
      assert.ok(await inView(page, '[data-testid="distribution"]'), `${link}: the bars in view`);
    }
  });

  test("choosing a bar with the lanes out of view brings them into view", async () => {
    const page = await site.openReady(THREE, LAPTOP);
    await bars(page);
    // The bars at the top of the window: the lanes start above it.
    await page.evaluate(() => scrollTo(0, document.querySelector('[data-testid="distribution"]').getBoundingClientRect().top + scrollY - 4));
    assert.ok(!(await inView(page, ".lanes-box svg")), "the lanes are out of view before");
    await page.click('.bar[data-ending="3"]');
    await page.waitForSelector('[data-testid="explore-replaying"]');
    await page.waitForFunction(() => {
      const r = document.querySelector(".lanes-box svg").getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
  });

  test("a challenge's offers sit beside the result and the lanes; the code starts on the first screen", async () => {
    // Playing three tasks, playing five (the most a level has), and won, with its explanation.
    for (const [link, control] of [
      ["?challenge=2&order=123", '[data-testid="picks"]'],
      ["?challenge=13", '[data-testid="picks"]'],
      ["?challenge=1&order=1212", '[data-testid="challenge-status"]'],
    ]) {
      const page = await site.openReady(link, LAPTOP);
      await page.waitForSelector(control);
      assert.equal(await page.evaluate(() => scrollY), 0);
      assert.ok(await inView(page, control), `${link}: what the learner acts on in view`);
      assert.ok(await inView(page, ".lanes-box svg"), `${link}: the lanes in view`);
      const code = await box(page, '[data-testid="code"]');
      assert.ok(code.top + 30 < LAPTOP.height, `${link}: the code starts on screen (at ${code.top})`);
      // The balance is not cut short beside the offers.
      assert.ok(await page.locator('[data-testid="balance"]').evaluate((el) => el.scrollWidth <= el.clientWidth), link);
    }
  });

  test("lesson step 14: after the guess the bars come into view with the lanes, and the words point to them", async () => {
    const page = await site.openReady("?lesson=14", LAPTOP);
    await page.fill('[data-testid="prediction"]', "6");
    await page.keyboard.press("Enter");
    await bars(page);
    await page.waitForSelector('[data-testid="reveal"]', { timeout: 30000 });
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="distribution"]').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    assert.ok(await inView(page, ".lanes-box svg"), "the lanes in view with the bars");
    const reveal = await page.textContent('[data-testid="reveal"]');
    assert.match(reveal, /marked on its bar in All outcomes/);
    assert.doesNotMatch(reveal, /bars below/);
  });
});

describe("phone (375x700)", () => {
  test("the sentence under the balance shows whole, and its box keeps one height", async () => {
    const page = await site.openReady("?tasks=5&amount=100&speed=1", PHONE);
    const slot = () => box(page, ".narration-slot");
    const before = await slot();
    const whole = () =>
      page.locator('[data-testid="narration"]').evaluate((el) => {
        const s = el.parentElement.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return el.scrollHeight <= el.clientHeight && r.bottom <= s.bottom + 0.5;
      });
    // Every sentence of the bank run, to the lost write at its end.
    const said = [];
    for (let i = 0; i < 60 && (await status(page)) !== "finished"; i++) {
      await page.keyboard.press("ArrowRight");
      await page.waitForSelector('[data-testid="narration"]');
      const text = await page.textContent('[data-testid="narration"]');
      assert.ok(await whole(), `cut: ${text}`);
      said.push(text);
      const now = await slot();
      assert.equal(now.bottom - now.top, before.bottom - before.top, `the box kept its height for: ${text}`);
    }
    assert.ok(said.some((text) => /That credit is lost\.$/.test(text)), "the lost write was said");
    assert.ok(said.some((text) => /others that read before it have not written yet/.test(text)), "the longest read was said");
  });

  test("a wrapped code line goes on right of the gutter, indented past its code's start", async () => {
    const page = await site.openReady("?strategy=lock&tasks=5&amount=100", PHONE);
    const wrapped = await page.$$eval('[data-testid="code"] .line', (lines) =>
      lines
        .map((line) => {
          const gutter = line.querySelector(".gutter").getBoundingClientRect();
          const walker = document.createTreeWalker(line.querySelector(".text"), NodeFilter.SHOW_TEXT);
          const nodes = [];
          while (walker.nextNode()) nodes.push(walker.currentNode);
          // Where the code starts (its first character that is not a space), and where each line of it starts.
          const range = document.createRange();
          let start = null;
          const lefts = [];
          for (const node of nodes) {
            const at = node.data.search(/\S/);
            if (start === null && at >= 0) {
              range.setStart(node, at);
              range.setEnd(node, at + 1);
              start = range.getBoundingClientRect().left;
            }
          }
          for (const node of nodes) {
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) if (r.width > 0) lefts.push({ left: r.left, top: r.top });
          }
          const rows = [...new Map(lefts.map((r) => [Math.round(r.top), r.left])).values()];
          return { text: line.textContent.trim(), gutter: gutter.right, start, rows };
        })
        .filter((l) => l.rows.length > 1),
    );
    assert.ok(wrapped.length > 0, "some line wraps at 375 px");
    for (const line of wrapped) {
      for (const left of line.rows.slice(1)) {
        assert.ok(left > line.gutter, `${line.text}: a continuation at the left edge`);
        assert.ok(left > line.start + 1, `${line.text}: a continuation not indented past its code (${left} <= ${line.start})`);
      }
    }
  });

  test("asyncio's own order is marked on its bar, inside it", async () => {
    const page = await site.openReady(THREE, PHONE);
    await bars(page);
    const mark = page.locator('[data-testid="asyncio-mark"]');
    assert.equal(await mark.count(), 1);
    const owner = await mark.evaluate((el) => {
      const bar = el.closest("button.bar");
      const m = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      return { ending: bar.dataset.ending, inside: m.top >= b.top && m.bottom <= b.bottom && m.left >= b.left && m.right <= b.right };
    });
    assert.deepEqual(owner, { ending: "1", inside: true });
  });

  test("no console errors and no request to another origin", () => {
    assert.deepEqual(pages.flatMap((p) => p.problems), []);
    assert.deepEqual(pages.flatMap((p) => p.foreign), []);
  });
});
