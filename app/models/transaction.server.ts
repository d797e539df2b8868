// Transactions that span several model functions. A domain module that must write rows of more
// than one kind atomically (an account disabled together with the end of its sessions; a task
// created together with its history entry) opens one here and passes `tx` to each model
// function, whose last parameter takes it; called without one, they use the client directly.
import { database } from "~/db/client.server.ts";
import { requestRowScope, scopeStatement } from "~/db/row-security.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

/** The Prisma client, or the transaction client inside inTransaction(). */
export type Db = Prisma.TransactionClient;

/**
 * Runs fn in one Prisma transaction: everything written through `tx` commits, or nothing does.
 * Within a signed-in person's request, the transaction runs in their row-security scope.
 */
export function inTransaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
  const scope = requestRowScope();
  return database().prisma.$transaction(async (tx) => {
    if (scope) await tx.$executeRaw(scopeStatement(scope));
    return fn(tx);
  });
}

/** Whether a write failed because a unique column already held its value (e.g. a case reference taken meanwhile). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
