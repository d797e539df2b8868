// Accounts, as administered by CTED's administrators.
import { may } from "~/access/capabilities.ts";
import { type SessionUser } from "~/access/visibility.ts";
import { deleteSessionsOfUser } from "~/models/sessions.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import { setUserDisabledAt, userExists } from "~/models/users.server.ts";

import { ForbiddenError, InvalidInputError, NotFoundError } from "./errors.server.ts";
import { publishAccountDisabled } from "./events.server.ts";

/**
 * Disables or re-enables an account. Disabling ends its sessions, pages and live connections
 * alike, at once and on every process.
 */
export async function setAccountDisabled(admin: SessionUser, userId: string, disabled: boolean) {
  if (!may(admin, "administer")) throw new ForbiddenError("Only CTED administrators manage accounts");
  if (disabled && userId === admin.id)
    throw new InvalidInputError({ userId: "you cannot disable your own account" });
  if (!(await userExists(userId))) throw new NotFoundError("User");
  const user = await inTransaction(async (tx) => {
    if (disabled) await deleteSessionsOfUser(userId, tx);
    return setUserDisabledAt(userId, disabled ? new Date() : null, tx);
  });
  if (disabled) publishAccountDisabled(userId);
  return user;
}
