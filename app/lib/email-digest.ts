// How often a user gets their notifications by email: shared by the settings page and the server.
// Their names are translations: workflow:emailDigests.<choice>.
export const EMAIL_DIGESTS = ["OFF", "HOURLY", "DAILY"] as const;
export type EmailDigestChoice = (typeof EMAIL_DIGESTS)[number];
