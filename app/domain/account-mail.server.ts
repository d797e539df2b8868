// The e-mails that carry one-time account links: an invitation, a password reset. Sent through
// SMTP_URL when it is set; without it, an invitation's link is shown to the administrator to pass
// on, and a reset cannot be sent (the page says to ask an administrator).
import nodemailer from "nodemailer";

import { env } from "~/config/env.server.ts";
import { requestLanguage } from "~/i18n/detect.server.ts";
import { formatsFor } from "~/i18n/format.ts";
import { t } from "~/i18n/i18n.server.ts";

export interface MailSettings {
  smtpUrl: string;
  from: string;
  /** Where links in the message point. */
  appUrl: string;
}

/** The configured settings, or null when no SMTP server is configured. */
export function mailSettings(): MailSettings | null {
  const config = env();
  return config.SMTP_URL
    ? { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, appUrl: config.APP_URL }
    : null;
}

export const accountLink = (appUrl: string, purpose: "invite" | "reset", token: string) =>
  new URL(`/${purpose}/${token}`, appUrl).href;

/**
 * Sends an invitation or a reset link, written in the language of the request that sends it (the
 * administrator's for an invitation, the person's own for a reset they asked for). The expiry is
 * written in UTC, with the zone: the recipient's zone is not known.
 */
export async function sendAccountLink(
  settings: MailSettings,
  to: { name: string; email: string },
  purpose: "invite" | "reset",
  link: string,
  expiresAt: Date,
): Promise<void> {
  const format = formatsFor(requestLanguage(), "UTC");
  const transport = nodemailer.createTransport(settings.smtpUrl);
  try {
    await transport.sendMail({
      from: settings.from,
      to: { name: to.name, address: to.email },
      subject: t(`auth:linkMail.${purpose}.subject`),
      text: [
        t("auth:linkMail.greeting", { name: to.name }),
        "",
        t(`auth:linkMail.${purpose}.intro`),
        "",
        link,
        "",
        t("auth:linkMail.expires", { time: format.time(expiresAt) }),
        t(`auth:linkMail.${purpose}.ignore`),
      ].join("\n"),
    });
  } finally {
    transport.close();
  }
}
