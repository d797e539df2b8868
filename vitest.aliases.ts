// The import aliases of tsconfig.json ("paths"), which Vite does not read by itself.
import { fileURLToPath } from "node:url";

const dir = (name: string) => fileURLToPath(new URL(`./${name}/`, import.meta.url));

export const aliases = [
  { find: /^~(workflows|server|tests|prisma|scripts)\//, replacement: `${dir("")}$1/` },
  { find: /^~\//, replacement: dir("app") },
];
