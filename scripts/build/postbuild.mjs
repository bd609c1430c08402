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
const glue = (await readdir(staging)).filter((f) => f.endsWith(".js") && !f.endsWith("_loader.js") && f !== "embed.js");
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
await writeFile(indexPath, index);
