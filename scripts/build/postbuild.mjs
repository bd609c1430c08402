// Trunk post-build hook (Trunk.toml [[hooks]], stage "post_build"): runs on
// the staged site before Trunk moves it into dist/. Release builds only.
//
// 1. Minifies the JS with terser. Trunk's own minifier (minify-js 0.5) cannot
//    parse the glue that wasm-bindgen 0.2.106 and later emits (`export {
//    initSync, __wbg_init as default }`), so Trunk ships it unminified.
// 2. Minifies full.css, which is copied as it is.
// 3. Runs a second wasm-opt over the page's own module (passes Trunk's
//    `data-wasm-opt="z"` does not run): about a kilobyte of the first load;
//    then keeps whichever of it and one more -Oz gzips smaller.
// 4. Takes Trunk's preload links out of index.html: a link that needs the
//    full app at once (static/boot.js decides) would otherwise download the
//    playground for nothing. boot.js starts the downloads itself, checked
//    against the Subresource Integrity hashes this step puts on its tag.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run by Trunk)");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

const integrity = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const files = await readdir(staging);

// 1. JS: the wasm-bindgen glue files and boot.js (not the loaders, nor the
// scripts for host pages, which stay readable).
let minify = null;
try {
  ({ minify } = await import("terser"));
} catch {
  console.warn("postbuild: terser is not installed (scripts/tools.sh installs it); the JS stays unminified");
}
const scripts = files.filter((f) => f.endsWith(".js") && !f.endsWith("_loader.js") && f !== "embed.js" && f !== "course.js");
for (const file of minify ? scripts : []) {
  const path = join(staging, file);
  const source = await readFile(path, "utf8");
  const result = await minify(source, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!result.code) throw new Error(`terser produced nothing for ${file}`);
  await writeFile(path, result.code);
  console.log(`postbuild: ${file} ${source.length} -> ${result.code.length} bytes`);
}

// 2. full.css: drop comments and spare whitespace.
const fullCss = join(staging, "full.css");
const css = await readFile(fullCss, "utf8").catch(() => null);
if (css !== null) {
  const small = css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").replace(/\s*([{};])\s*/g, "$1").trim();
  await writeFile(fullCss, small);
  console.log(`postbuild: full.css ${css.length} -> ${small.length} bytes`);
}

// 3. The second wasm-opt. --zero-filled-memory: the module makes its own
// memory, which starts zeroed. --low-memory-unused: Rust's stack sits below
// its data and reaches the first kilobyte only by overflowing.
const features = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];
// --gufa-optimizing (whole-program flow analysis) twice: about 0.5 KB more.
const passes = ["-Oz", "--flatten", "--rereloop", "-Oz", "--converge", "--low-memory-unused", "--zero-filled-memory", "--strip-producers",
  "--gufa-optimizing", "-Oz", "--gufa-optimizing", "-Oz", "--converge"];
for (const file of files.filter((f) => /^racecourse-.*_bg\.wasm$/.test(f))) {
  const path = join(staging, file);
  const before = await readFile(path);
  try {
    execFileSync("wasm-opt", [...passes, ...features, "-o", path, path], { stdio: "inherit" });
  } catch (error) {
    console.warn(`postbuild: the second wasm-opt failed (${error.message}); ${file} stays as Trunk left it`);
    await writeFile(path, before);
    continue;
  }
  // One more -Oz changes a few bytes but can move where gzip finds its
  // repeats (by hundreds of bytes, either way): keep whichever of the two
  // equivalent modules gzips smaller, as the first load is measured.
  const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const once = await readFile(path);
  const again = `${path}.again`;
  try {
    execFileSync("wasm-opt", ["-Oz", ...features, "-o", again, path], { stdio: "inherit" });
    const twice = await readFile(again);
    if (gzipped(twice) < gzipped(once)) await writeFile(path, twice);
  } catch (error) {
    console.warn(`postbuild: the last -Oz failed (${error.message}); ${file} stays as it was`);
  }
  await rm(again, { force: true });
  console.log(`postbuild: ${file} ${before.length} -> ${(await readFile(path)).length} bytes`);
}

// 4. No preloads; the hashes of the files as they are now go on boot.js's tag.
const indexPath = join(staging, "index.html");
let index = await readFile(indexPath, "utf8");
index = index.replace(/<link[^>]*\brel=["']?(modulepreload|preload)\b[^>]*>/g, "");
const boot = index.match(/<script[^>]*\bid=["']?boot\b[^>]*>/);
if (!boot) throw new Error("postbuild: index.html has no <script id=boot>");
const hashOf = async (attribute) => {
  const name = boot[0].match(new RegExp(`\\b${attribute}=["']?\\.?/?([^"' >]+)`))?.[1];
  if (!name) throw new Error(`postbuild: boot.js's tag has no ${attribute}`);
  return integrity(await readFile(join(staging, name)));
};
const tag = boot[0].replace(/>$/, ` data-js-integrity="${await hashOf("data-js")}" data-wasm-integrity="${await hashOf("data-wasm")}">`);
index = index.replace(boot[0], tag);
await writeFile(indexPath, index);
