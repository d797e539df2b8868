// What administering accounts and setting a password take: one schema each for the pages and the
// API. Messages complete a sentence that starts with the field's name ("Email must be ...").
import { z } from "zod";

import { ROLES } from "~/access/roles.ts";
import { id, text } from "~/lib/input-text.ts";

const email = text()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .email("must be an email address such as name@example.org");
const name = text().trim().min(2, "must be at least 2 characters").max(120, "must be at most 120 characters");
const role = z.enum(ROLES, { errorMap: () => ({ message: "must be one of the roles" }) });

export const InviteInput = z.object({ email, name, role, organizationId: id() });
export type InviteInput = z.infer<typeof InviteInput>;

export const AccountUpdate = z.object({ name, role, organizationId: id() });
export type AccountUpdate = z.infer<typeof AccountUpdate>;

/** A new password, typed twice; its strength is checked by password-policy.server.ts. */
export const NewPassword = z
  .object({ password: z.string().max(1000, "is too long"), confirm: z.string().max(1000, "is too long") })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "must be the same as the password",
  });

export const ResetRequest = z.object({ email });
