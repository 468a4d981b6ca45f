// Jest global setup (both configs): builds dist/ once, before any test file runs, when it is missing
// or older than the sources. The serialized providers `require("pulumi-onesignal/runtime")`, which
// resolves to dist/, so the provider, serialization and end-to-end tests need it. `npm test` builds
// first anyway; this covers a direct `npx jest`.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

module.exports = async function globalSetup() {
  const built = path.join(ROOT, "dist/provider/runtime.js");
  const sources = Math.max(...["provider", "sdk", "emulator"].map((d) => newestMtime(path.join(ROOT, d))));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  // Clean, so that a module removed from the sources does not linger in dist/.
  fs.rmSync(path.join(ROOT, "dist"), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
};
