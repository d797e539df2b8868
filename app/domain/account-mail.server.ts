// The e-mails that carry one-time account links: an invitation, a password reset. Sent through
// SMTP_URL when it is set; without it, an invitation's link is shown to the administrator to pass
// on, and a reset cannot be sent (the page says to ask an administrator).
import nodemailer from "nodemailer";

import { env } from "~/config/env.server.ts";

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

const formatUtc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export async function sendAccountLink(
  settings: MailSettings,
  to: { name: string; email: string },
  purpose: "invite" | "reset",
  link: string,
  expiresAt: Date,
): Promise<void> {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  try {
    await transport.sendMail({
      from: settings.from,
      to: { name: to.name, address: to.email },
      subject: purpose === "invite" ? "Follow-up: your invitation" : "Follow-up: setting a new password",
      text: [
        `Dear ${to.name},`,
        "",
        purpose === "invite"
          ? "An administrator of Follow-up, the follow-up of recommendations from UN counter-terrorism assessment visits, has created an account for you. Choose your password here:"
          : "Someone, probably you, asked to set a new password for your Follow-up account. Choose it here:",
        "",
        link,
        "",
        `The link works once, until ${formatUtc(expiresAt)}.`,
        purpose === "reset"
          ? "If you did not ask for this, ignore this message: your password stays as it is."
          : "If you did not expect this, ignore this message.",
      ].join("\n"),
    });
  } finally {
    transport.close();
  }
}
