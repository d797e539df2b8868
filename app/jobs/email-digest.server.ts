// The notification digest by email: one message per user with what they have not read and were
// not yet mailed, as often as their preference says (hourly or daily; never when off). A
// notification is marked mailed before the message goes out, so a crash in between costs an
// email, never a second one; the notification itself stays in the app.
import nodemailer from "nodemailer";

import { inLanguageOf, stillVisible } from "~/domain/notifications.server.ts";
import { markNotificationsMailed, unmailedNotificationsOf } from "~/models/notifications.server.ts";
import { inTransaction } from "~/models/transaction.server.ts";
import { setLastDigestAt, usersAwaitingDigest } from "~/models/users.server.ts";

const HOUR = 60 * 60 * 1000;
const EVERY = { HOURLY: HOUR, DAILY: 24 * HOUR } as const;

export interface DigestOptions {
  smtpUrl: string;
  from: string;
  /** Where links in the message point. */
  appUrl: string;
}

export async function runEmailDigest(
  { smtpUrl, from, appUrl }: DigestOptions,
  now = new Date(),
): Promise<{ emails: number }> {
  const transport = nodemailer.createTransport(smtpUrl);
  const users = await usersAwaitingDigest();
  let emails = 0;
  try {
    for (const user of users) {
      const every = EVERY[user.emailDigest as keyof typeof EVERY];
      if (user.lastDigestAt && now.getTime() - user.lastDigestAt.getTime() < every) continue;
      const pending = await inTransaction(async (tx) => {
        const pending = await unmailedNotificationsOf(user.id, tx);
        await markNotificationsMailed(
          pending.map((n) => n.id),
          now,
          tx,
        );
        await setLastDigestAt(user.id, now, tx);
        return pending;
      });
      // Access is decided when the mail goes out: what the user can no longer see stays unmentioned.
      const items = await stillVisible(user, pending);
      if (items.length === 0) continue;
      // In the reader's language and time zone; each notification's text was worded for them when stored.
      const { t, format } = inLanguageOf(user);
      await transport.sendMail({
        from,
        to: { name: user.name, address: user.email },
        subject: t("email:digest.subject", { count: items.length }),
        text: [
          t("email:digest.greeting", { name: user.name }),
          "",
          ...items.map((n) => t("email:digest.line", { text: n.text, time: format.time(n.createdAt) })),
          "",
          t("email:digest.open", { url: `${appUrl}/me/notifications` }),
          t(user.emailDigest === "HOURLY" ? "email:digest.footerHourly" : "email:digest.footerDaily"),
        ].join("\n"),
      });
      emails++;
    }
  } finally {
    transport.close();
  }
  return { emails };
}
