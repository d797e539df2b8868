// A Russian-speaking official gets Russian: the language a request is answered in (the saved
// choice, else the language cookie, else Accept-Language, else English), the API's refusals in it
// with their machine-readable fields beside them, notifications written in each RECIPIENT's
// language, and the e-mail digest in theirs. Through the whole HTTP stack (server/app.ts detects
// the language before the routes run), and a real SMTP server on loopback for the digest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { detectLanguage, languageCookie } from "~/i18n/detect.server.ts";
import { runEmailDigest } from "~/jobs/email-digest.server.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, signInAs, startInProcessApp } from "~tests/helpers/http.ts";
import { startSmtpCapture } from "~tests/helpers/smtp.ts";

const CYRILLIC = /[А-Яа-яЁё]/;
const ARABIC = /[\u0600-\u06FF]/;

let app: Awaited<ReturnType<typeof startInProcessApp>>;
const as = {} as Record<"expert" | "tjk", string>;
let drafted: { id: string; version: number };

beforeAll(async () => {
  app = await startInProcessApp();
  as.expert = await signInAs(DEMO_ACCOUNTS.expert);
  as.tjk = await signInAs(DEMO_ACCOUNTS.tjk);
  drafted = await prisma().case.findFirstOrThrow({
    where: { countryCode: "TJK", state: "drafted" },
    select: { id: true, version: true },
  });
});
afterAll(() => app?.close());

const setLocale = (email: string, locale: string | null) =>
  prisma().user.update({ where: { email }, data: { locale } });

/** A workflow event the case refuses (VERIFY on a drafted case), as `cookie` sends it. */
const refusedEvent = (cookie: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/api/cases/${drafted.id}/events`, {
    method: "POST",
    headers: { cookie, "Content-Type": "application/json", Origin: app.url, ...headers },
    body: JSON.stringify({ type: "VERIFY", version: drafted.version }),
  });

describe("the language of an answer", () => {
  it("is English for a browser that asks for none", async () => {
    const res = await refusedEvent(as.expert);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toBe("“Verify implementation” is not possible while the case is Drafted");
    expect(body.code).toBe("not_allowed_in_state");
  });

  it("follows Accept-Language, the best match among the languages shipped", async () => {
    const ru = await (await refusedEvent(as.expert, { "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5" })).json();
    expect(ru.error).toMatch(CYRILLIC);
    expect(ru.code).toBe("not_allowed_in_state");
    const fr = await (await refusedEvent(as.expert, { "Accept-Language": "fr-CH, fr;q=0.9" })).json();
    expect(fr.error).toMatch(/n’est pas possible|impossible/i);
    const ar = await (await refusedEvent(as.expert, { "Accept-Language": "ar-EG" })).json();
    expect(ar.error).toMatch(ARABIC);
    // A language not shipped (German) is answered in English.
    const de = await (await refusedEvent(as.expert, { "Accept-Language": "de-DE" })).json();
    expect(de.error).toMatch(/^“Verify implementation”/);
  });

  it("reads no language from a malformed header, and answers in English rather than failing", async () => {
    for (const acceptLanguage of ["", ";;;,,q=", "ru;q=abc", "*", "x".repeat(5000), "ru\u0000"])
      expect(await detectLanguage({ acceptLanguage }), JSON.stringify(acceptLanguage.slice(0, 20))).toMatch(
        /^(en|ru)$/,
      );
    expect(await detectLanguage({ acceptLanguage: "ru\u0000", cookie: "followup_lang=%%%" })).toBe("en");
    const res = await refusedEvent(as.expert, { "Accept-Language": ";;;,,q=" });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/^“Verify implementation”/);
  });

  it("follows the language cookie over Accept-Language, and the saved choice over both", async () => {
    const frenchCookie = (await languageCookie().serialize("fr")).split(";")[0]!;
    const cookie = `${as.expert}; ${frenchCookie}`;
    const byCookie = await (await refusedEvent(cookie, { "Accept-Language": "ru" })).json();
    expect(byCookie.error).not.toMatch(CYRILLIC);
    expect(byCookie.error).toMatch(/possible/);
    await setLocale(DEMO_ACCOUNTS.expert, "ru");
    try {
      const saved = await (await refusedEvent(cookie, { "Accept-Language": "fr" })).json();
      expect(saved.error).toMatch(CYRILLIC);
    } finally {
      await setLocale(DEMO_ACCOUNTS.expert, null);
    }
  });

  it("says what is wrong with a form field in a sentence, with the fields beside it", async () => {
    await setLocale(DEMO_ACCOUNTS.tjk, "ru");
    try {
      const res = await fetch(`${app.url}/api/cases/${drafted.id}/events`, {
        method: "POST",
        headers: { cookie: as.tjk, "Content-Type": "application/json", Origin: app.url },
        body: JSON.stringify({ type: "REQUEST_CHANGES", version: drafted.version }),
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe("invalid_input");
      expect(body.error).toMatch(CYRILLIC);
      expect(body.error).not.toMatch(/^reason:/);
      expect(body.fields.reason).toMatch(CYRILLIC);
    } finally {
      await setLocale(DEMO_ACCOUNTS.tjk, null);
    }
  });

  it("is saved from the language menu for a signed-in person, and refused for a language not shipped", async () => {
    const post = (language: string) =>
      fetch(`${app.url}/language`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: as.tjk, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ language, redirectTo: "/cases" }),
      });
    const saved = await post("ru");
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/cases");
    expect(saved.headers.get("set-cookie")).toMatch(/^followup_lang=/);
    expect((await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } })).locale).toBe(
      "ru",
    );
    expect((await post("de")).status).toBe(400);
    expect((await post("en-XA")).status).toBe(400); // the pseudo-locale exists only where tests ask for it
    expect((await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } })).locale).toBe(
      "ru",
    );
    await setLocale(DEMO_ACCOUNTS.tjk, null);
  });
});

describe("signing in", () => {
  it("gives the browser the person's saved language, for the steps before the session is whole (the code)", async () => {
    await setLocale(DEMO_ACCOUNTS.kaz, "ru");
    try {
      const res = await fetch(`${app.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: {
          Origin: app.url,
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept-Language": "en",
        },
        body: new URLSearchParams({
          email: DEMO_ACCOUNTS.kaz,
          password: DEMO_PASSWORD,
          redirectTo: "/cases",
        }),
      });
      expect(res.status).toBe(302);
      const cookies = res.headers.getSetCookie();
      expect(cookies.some((c) => c.startsWith("followup_session="))).toBe(true);
      const language = cookies.find((c) => c.startsWith("followup_lang="));
      expect(language).toBeDefined();
      expect(await languageCookie().parse(language!.split(";")[0]!)).toBe("ru");
    } finally {
      await setLocale(DEMO_ACCOUNTS.kaz, null);
    }
  });

  it("sets no language for someone who chose none", async () => {
    const res = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: DEMO_ACCOUNTS.kaz, password: DEMO_PASSWORD, redirectTo: "/cases" }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("followup_lang="))).toBe(false);
  });
});

describe("what is sent to people", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  beforeAll(async () => (smtp = await startSmtpCapture()));
  afterAll(() => smtp.close());

  it("a notification is written in its recipient's language, and so is their e-mail digest", async () => {
    await setLocale(DEMO_ACCOUNTS.tjk, "ru");
    const focal = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.tjk } });
    await prisma().user.update({
      where: { id: focal.id },
      data: { emailDigest: "HOURLY", lastDigestAt: null },
    });
    const before = new Date();
    // The expert (English) assigns the government a task; the focal point is told in Russian.
    const task = await fetch(`${app.url}/api/cases/${drafted.id}/tasks`, {
      method: "POST",
      headers: { cookie: as.expert, "Content-Type": "application/json", Origin: app.url },
      body: JSON.stringify({
        title: "Send the draft law",
        assigneeUserId: focal.id,
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      }),
    });
    expect(task.status, await task.clone().text()).toBe(201);
    const told = await prisma().notification.findMany({
      where: { userId: focal.id, createdAt: { gte: before } },
      select: { text: true },
    });
    expect(told.length).toBeGreaterThan(0);
    for (const n of told) expect(n.text).toMatch(CYRILLIC);
    const expert = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.expert } });
    const toExpert = await prisma().notification.findMany({
      where: { userId: expert.id, createdAt: { gte: before } },
      select: { text: true },
    });
    for (const n of toExpert) expect(n.text).not.toMatch(CYRILLIC);

    await runEmailDigest({
      smtpUrl: smtp.url,
      from: "Follow-up <no-reply@followup.example>",
      appUrl: app.url,
    });
    const mail = smtp.mails.find((m) => m.to === DEMO_ACCOUNTS.tjk);
    expect(mail, "a digest to the focal point").toBeDefined();
    expect(mail!.text).toContain("Здравствуйте");
    expect(mail!.text).toMatch(/Subject: =\?UTF-8\?/i); // the Russian subject, encoded for SMTP
    expect(mail!.text).toContain(`${app.url}/me/notifications`);
    await setLocale(DEMO_ACCOUNTS.tjk, null);
  });
});
