// Transactions that span several model functions. A domain module that must write rows of more
// than one kind atomically (an account disabled together with the end of its sessions; a task
// created together with its history entry) opens one here and passes `tx` to each model
// function, whose last parameter takes it; called without one, they use the client directly.
import { prisma } from "~/db/client.server.ts";
import { Prisma } from "~/generated/prisma/client.ts";

/** The Prisma client, or the transaction client inside inTransaction(). */
export type Db = Prisma.TransactionClient;

/** Runs fn in one Prisma transaction: everything written through `tx` commits, or nothing does. */
export function inTransaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
  return prisma().$transaction(fn);
}

/** Whether a write failed because a unique column already held its value (e.g. a case reference taken meanwhile). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
