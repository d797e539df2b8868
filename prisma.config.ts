// Prisma CLI configuration. The CLI runs its WebAssembly schema engine through a driver adapter,
// so no native engine is downloaded (see docs/design.md). The app itself does not use this
// file: it applies migrations with app/db/migrate.server.ts at start-up.
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The CLI calls adapter() more than once per command: one PGlite per data folder, memoised.
let pglite: PGlite | undefined;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    pglite ??= new PGlite(process.env.DATA_DIR ?? "./data", { extensions: { pg_trgm } });
    // Typed against an older @prisma/driver-adapter-utils; the runtime contract is the same.
    return new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  },
});
