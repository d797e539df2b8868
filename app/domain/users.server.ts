// Accounts, as administered by CTED's administrators.
import { prisma } from "~/db/client.server.ts";

import type { SessionUser } from "./access.server.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "./errors.server.ts";
import { publishAccountDisabled } from "./events.server.ts";

/**
 * Disables or re-enables an account. Disabling ends its sessions, pages and live connections
 * alike, at once and on every process.
 */
export async function setAccountDisabled(admin: SessionUser, userId: string, disabled: boolean) {
  if (admin.role !== "CTED_ADMIN") throw new ForbiddenError("Only CTED administrators manage accounts");
  if (disabled && userId === admin.id)
    throw new InvalidInputError({ userId: "you cannot disable your own account" });
  const existing = await prisma().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!existing) throw new NotFoundError("User");
  const user = await prisma().$transaction(async (tx) => {
    if (disabled) await tx.session.deleteMany({ where: { userId } });
    return tx.user.update({
      where: { id: userId },
      data: { disabledAt: disabled ? new Date() : null },
      select: { id: true, name: true, email: true, role: true, disabledAt: true },
    });
  });
  if (disabled) publishAccountDisabled(userId);
  return user;
}
