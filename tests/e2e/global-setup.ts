// Builds the app once before the browser tests, so that parallel app starts do not race to build.
import { buildIfNeeded } from "~server/build.ts";

export default function setup() {
  buildIfNeeded();
}
