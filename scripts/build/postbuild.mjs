// Trunk post-build hook (Trunk.toml [[hooks]], stage "post_build"): runs on
// the staged site before Trunk moves it into dist/.
//
// Trunk's own JS minifier (minify-js 0.5) cannot parse the glue that
// wasm-bindgen 0.2.106 and later emits (`export { initSync, __wbg_init as
// default }`), so Trunk warns "Failed to minify JS" and ships it unminified.
// This minifies the glue with terser instead, and recomputes the
// Subresource Integrity hash that index.html carries for it.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run by Trunk)");
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== "release") process.exit(0);

let minify;
try {
  ({ minify } = await import("terser"));
} catch {
  console.warn("postbuild: terser is not installed (scripts/tools.sh installs it); the glue stays unminified");
  process.exit(0);
}

const integrity = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
const indexPath = join(staging, "index.html");
let index = await readFile(indexPath, "utf8");
// The wasm-bindgen glue files: the page's (hashed name) and the lab worker's.
const glue = (await readdir(staging)).filter((f) => f.endsWith(".js") && !f.endsWith("_loader.js") && f !== "embed.js" && f !== "course.js");
for (const file of glue) {
  const path = join(staging, file);
  const source = await readFile(path, "utf8");
  const result = await minify(source, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!result.code) throw new Error(`terser produced nothing for ${file}`);
  const before = integrity(source);
  await writeFile(path, result.code);
  if (index.includes(before)) index = index.replaceAll(before, integrity(result.code));
  console.log(`postbuild: ${file} ${source.length} -> ${result.code.length} bytes`);
}
// Trunk preloads the playground's glue and wasm. A link that needs the full
// app at once (static/boot.js decides) would download them for nothing, so
// boot.js starts those downloads itself, for the app it starts.
index = index.replace(/<link[^>]*rel=(modulepreload|preload)[^>]*>/g, "");
await writeFile(indexPath, index);

// The full app's stylesheet is copied as it is (static/full.css): drop its
// comments and spare whitespace.
const fullCss = join(staging, "full.css");
const css = await readFile(fullCss, "utf8").catch(() => null);
if (css !== null) {
  const small = css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, " ").replace(/\s*([{};])\s*/g, "$1").trim();
  await writeFile(fullCss, small);
  console.log(`postbuild: full.css ${css.length} -> ${small.length} bytes`);
}

// A second wasm-opt over the page's own module, with passes Trunk's
// `data-wasm-opt="z"` does not run (flattening and re-looping the control
// flow, --converge, and what holds for a wasm-bindgen module): about a
// kilobyte of the first load.
import { execFileSync } from "node:child_process";
const pageWasm = (await readdir(staging)).filter((f) => /^racecourse-.*_bg\.wasm$/.test(f));
for (const file of pageWasm) {
  const path = join(staging, file);
  const before = await readFile(path);
  const features = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];
  try {
    // --zero-filled-memory: the module makes its own memory, which starts
    // zeroed. --low-memory-unused: Rust's stack sits below its data and
    // reaches the first kilobyte only by overflowing.
    const passes = ["-Oz", "--flatten", "--rereloop", "-Oz", "--converge", "--low-memory-unused", "--zero-filled-memory", "--strip-producers"];
    execFileSync("wasm-opt", [...passes, ...features, "-o", path, path], { stdio: "inherit" });
  } catch (error) {
    console.warn(`postbuild: the second wasm-opt failed (${error.message}); ${file} stays as Trunk left it`);
    await writeFile(path, before);
    continue;
  }
  const after = await readFile(path);
  const html = await readFile(indexPath, "utf8");
  await writeFile(indexPath, html.replaceAll(integrity(before), integrity(after)));
  console.log(`postbuild: ${file} ${before.length} -> ${after.length} bytes`);
}
