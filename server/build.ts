// Builds the Remix app when there is no build or the sources changed since the last one.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const BUILD_PATH = path.resolve("build/index.js");
const SOURCES = ["app", "workflows", "remix.config.js"];

function newestTime(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file)
    .filter((name) => name !== "generated")
    .reduce((newest, name) => Math.max(newest, newestTime(path.join(file, name))), stat.mtimeMs);
}

export function buildIfNeeded(log: (msg: string) => void = () => {}): void {
  const stale =
    !existsSync(BUILD_PATH) || Math.max(...SOURCES.map(newestTime)) > statSync(BUILD_PATH).mtimeMs;
  if (!stale) return;
  log("building the app (remix build)");
  // Always a production build: one made while NODE_ENV=test (under vitest) would use React's
  // development runtime, and `npm start` would serve it later.
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
