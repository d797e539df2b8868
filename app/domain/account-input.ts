// What administering accounts and setting a password take: one schema each for the pages and the
// API. Messages complete a sentence that starts with the field's name ("Email must be ..."); each
// is a translation key (account:input.*), read in the request's language.
import { z } from "zod";

import { ROLES } from "~/access/roles.ts";
import { id, text } from "~/lib/input-text.ts";

const email = text()
  .trim()
  .toLowerCase()
  .max(254, "account:input.emailTooLong")
  .email("account:input.emailInvalid");
const name = text().trim().min(2, "account:input.nameTooShort").max(120, "account:input.nameTooLong");
const role = z.enum(ROLES, { errorMap: () => ({ message: "account:input.roleUnknown" }) });

export const InviteInput = z.object({ email, name, role, organizationId: id() });
export type InviteInput = z.infer<typeof InviteInput>;

export const AccountUpdate = z.object({ name, role, organizationId: id() });
export type AccountUpdate = z.infer<typeof AccountUpdate>;

/** A new password, typed twice; its strength is checked by password-policy.server.ts. */
export const NewPassword = z
  .object({
    password: z.string().max(1000, "account:input.passwordTooLong"),
    confirm: z.string().max(1000, "account:input.passwordTooLong"),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "account:input.confirmDiffers",
  });

export const ResetRequest = z.object({ email });
