// How often a user gets their notifications by email: shared by the settings page and the server.
export const EMAIL_DIGESTS = ["OFF", "HOURLY", "DAILY"] as const;
export type EmailDigestChoice = (typeof EMAIL_DIGESTS)[number];
export const EMAIL_DIGEST_LABELS: Record<EmailDigestChoice, string> = {
  OFF: "Never",
  HOURLY: "Hourly digest",
  DAILY: "Daily digest",
};
