import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { describe, expect, it } from "vitest";

import { database } from "~/db/client.server.ts";
import { isSchemaCurrent, listMigrations, migrate } from "~/db/migrate.server.ts";

describe("migrations", () => {
  it("records each migration the way Prisma does, so `prisma migrate status` agrees", async () => {
    const rows = await database().sql.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const migrations = await listMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const row of rows) {
      const sql = await readFile(`prisma/migrations/${row.migration_name}/migration.sql`);
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await isSchemaCurrent(database().sql)).toBe(true);
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(database())).toEqual([]);
  });
});
