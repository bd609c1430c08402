// Hostile links, kept hostile: a seeded fuzz over the link's parameters.
// Every case carries at least one value the page must refuse; each must
// leave the page rendered, with a visible notice, no console error and no
// "could not start" banner. The seed makes a failure reproducible: the
// failing link is in the message.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ready, session } from "./harness.mjs";

const SEED = 20261127;
const CASES = 200;
const site = session();

/** mulberry32: a small, fixed, portable generator. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["strategy", "lock", "tasks", "initial", "amount", "delay", "jitter", "seed", "delays", "starts",
  "speed", "real", "autorun", "embed", "lesson"];
/** Values no parameter accepts. */
const HOSTILE = [
  () => "9".repeat(40),
  () => "-" + "9".repeat(30),
  () => "<script>alert(1)</script>",
  () => "\"><img src=x onerror=alert(1)>",
  () => "١٢٣",
  () => "🦀🦀",
  () => "\u0000\u0007\u001b[31m",
  () => "\r\n\t",
  () => "",
  () => "NaN",
  () => "Infinity",
  () => "1e999",
  // Thousands of values, within what a server takes in a link (Node's
  // default is 16 KB of headers; many hosts allow 8 KB).
  () => "1,".repeat(1200) + "1",
  () => "%E0%A4%A",
  () => "x".repeat(1500),
];

function hostileCase(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const pairs = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const kind = random();
    const value = pick(HOSTILE)();
    if (kind < 0.7) pairs.push([pick(KEYS), value]);
    else if (kind < 0.85) pairs.push([pick(KEYS).toUpperCase(), pick(["1", "5", value])]); // an unknown key
    else pairs.push(["tasks", "5"], ["tasks", value]); // a repeated key, the second one bad
  }
  // Now and then, a valid value beside the bad ones.
  if (random() < 0.3) pairs.push(["amount", "100"]);
  return pairs;
}

function query(pairs) {
  return "?" + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

describe("hostile links (seeded fuzz)", () => {
  test(`${CASES} cases from seed ${SEED}: rendered, a notice, no error`, async () => {
    const random = generator(SEED);
    const page = await site.open("");
    const problems = site.pages.at(-1).problems;
    await ready(page);
    for (let i = 0; i < CASES; i++) {
      const link = query(hostileCase(random));
      const where = `case ${i}: ${link.slice(0, 160)}`;
      const before = problems.length;
      await page.goto(site.server.base + link);
      await ready(page);
      assert.equal(await page.locator("#fatal").isHidden(), true, where);
      assert.ok(await page.locator('[data-testid="notices"]').isVisible(), `no notice for ${where}`);
      const notices = await page.textContent('[data-testid="notices"]');
      assert.ok(notices.trim().length > 0, where);
      // Whatever came in, what is shown is text, never markup.
      assert.equal(await page.locator("#app script, #app img").count(), 0, where);
      assert.deepEqual(problems.slice(before), [], where);
    }
  });

  test("no request to another origin", () => {
    assert.deepEqual(site.pages.flatMap((p) => p.foreign), []);
  });
});
