// The account page (/me/account) through its loader and action, with real Requests, on this
// file's own database: changing one's password (the current one checked and throttled, the new
// one by the policy), and ending one's other sessions or all of them, each ended session
// announced so that its live connections close.
import { afterAll, afterEach, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { InvalidCredentialsError, sessionIdOf, signIn, userForSession } from "~/domain/auth.server.ts";
import { onSessionEnded } from "~/domain/events.server.ts";
import { commitSessionCookie } from "~/http/session.server.ts";
import * as accountPage from "~/routes/me.account.tsx";
import { makeCtedExpert, type Person } from "~tests/helpers/factories.ts";
import { call, DEMO_PASSWORD } from "~tests/helpers/http.ts";

const STRONG = "lantern quarry pelican mosaic";
const STRONGER = "violin harbour saffron glacier";

let address = 0;
/** An address of its own per sign-in or post, so that the per-address throttle is no test's business. */
const ip = () => `10.77.${Math.floor(++address / 250)}.${address % 250}`;

/** Signs the person in (a new session) and returns its cookie and token. */
async function session(person: Person, password = DEMO_PASSWORD) {
  const { token } = await signIn(person.email, password, ip());
  return { token, cookie: (await commitSessionCookie(token)).split(";")[0]! };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const post = (cookie: string, fields: Record<string, string>, from = ip()) =>
  call(accountPage, "/me/account", { cookie, body: form(fields), ip: from });
const changeForm = (currentPassword: string, newPassword: string, confirmPassword = newPassword) => ({
  intent: "password",
  currentPassword,
  newPassword,
  confirmPassword,
});
const hashOf = async (person: Person) =>
  (await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).passwordHash;

/** Whether signing in with this password works. */
const signsInWith = (person: Person, password: string) =>
  signIn(person.email, password, ip()).then(
    () => true,
    (error) => {
      if (error instanceof InvalidCredentialsError) return false;
      throw error;
    },
  );

// The session ids announced as ended (their live connections close on that event).
const ended: string[] = [];
const stopListening = onSessionEnded((id) => ended.push(id));
afterEach(() => {
  ended.length = 0;
});
afterAll(() => stopListening());

describe("the page", () => {
  it("lists the user's unexpired sessions, this browser's first and marked, without their ids", async () => {
    const person = await makeCtedExpert();
    const other = await session(person);
    const mine = await session(person);
    await prisma().session.create({
      data: { id: sessionIdOf("expired"), userId: person.id, expiresAt: new Date(Date.now() - 1000) },
    });
    const res = await call(accountPage, "/me/account", { cookie: mine.cookie });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.me).toEqual({ name: person.name, email: person.email });
    expect(body.sessions).toHaveLength(2);
    expect(body.sessions.map((s: { current: boolean }) => s.current)).toEqual([true, false]);
    for (const s of body.sessions) {
      expect(Object.keys(s).sort()).toEqual(["current", "expiresAt", "lastActiveAt", "startedAt"]);
      expect(new Date(s.expiresAt).getTime()).toBeGreaterThan(new Date(s.startedAt).getTime());
    }
    // Neither token nor session id reaches the page.
    for (const secret of [mine.token, other.token, sessionIdOf(mine.token), sessionIdOf(other.token)])
      expect(text).not.toContain(secret);
  });

  it("sends someone signed out to the sign-in page, which comes back here", async () => {
    const res = await call(accountPage, "/me/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fme%2Faccount");
    const posted = await call(accountPage, "/me/account", { body: form({ intent: "others" }) });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toMatch(/^\/login/);
  });

  it("takes only its own forms: 415 for JSON, 405 for PUT, 400 for an intent it does not have", async () => {
    const person = await makeCtedExpert();
    const { cookie } = await session(person);
    const json = await call(accountPage, "/me/account", { cookie, body: { intent: "others" } });
    expect(json.status).toBe(415);
    const put = await call(accountPage, "/me/account", {
      cookie,
      method: "PUT",
      body: form({ intent: "others" }),
    });
    expect(put.status).toBe(405);
    const unknown = await post(cookie, { intent: "delete-account" });
    expect(unknown.status).toBe(400);
    expect(await userForSession((await session(person)).token)).not.toBeNull();
  });
});

describe("changing the password", () => {
  it("refuses a wrong current password, and nothing changes", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    const other = await session(person);
    const before = await hashOf(person);
    const res = await post(mine.cookie, changeForm("not-my-password", STRONG));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields).toEqual({ currentPassword: "This is not your current password." });
    expect(await hashOf(person)).toBe(before);
    expect(await userForSession(mine.token)).not.toBeNull();
    expect(await userForSession(other.token)).not.toBeNull();
    expect(ended).toEqual([]);
    expect(await signsInWith(person, DEMO_PASSWORD)).toBe(true);
    expect(await signsInWith(person, STRONG)).toBe(false);
  });

  it("refuses a weak new password with the policy's sentence, and one typed differently twice", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    const before = await hashOf(person);

    const weak = await post(mine.cookie, changeForm(DEMO_PASSWORD, "password1234"));
    expect(weak.status).toBe(400);
    expect((await weak.json()).fields).toEqual({
      newPassword:
        "This password is too easy to guess because it is a common password with small changes; choose a longer phrase of several unrelated words.",
    });

    const short = await post(mine.cookie, changeForm(DEMO_PASSWORD, "violin"));
    expect((await short.json()).fields.newPassword).toMatch(/^Use at least 12 characters/);

    const long = await post(mine.cookie, changeForm(DEMO_PASSWORD, "violin ".repeat(30)));
    expect((await long.json()).fields.newPassword).toBe("Use at most 128 characters; this password has 210.");
    const huge = await post(mine.cookie, changeForm(DEMO_PASSWORD, "v".repeat(5000)));
    expect(huge.status).toBe(400);
    expect((await huge.json()).fields.newPassword).toBe("Use at most 128 characters.");

    const built = await post(mine.cookie, changeForm(DEMO_PASSWORD, `${person.email} 2024`));
    expect((await built.json()).fields.newPassword).toMatch(/built on your name or email address/);

    const differ = await post(mine.cookie, changeForm(DEMO_PASSWORD, STRONG, STRONGER));
    expect(differ.status).toBe(400);
    expect((await differ.json()).fields).toEqual({
      confirmPassword: "This is not the same as the new password; type the new password twice.",
    });

    // Every field's problem at once: the current password wrong and the new one weak.
    const both = await post(mine.cookie, changeForm("", "password1234"));
    expect(Object.keys((await both.json()).fields).sort()).toEqual(["currentPassword", "newPassword"]);

    expect(await hashOf(person)).toBe(before);
    expect(await userForSession(mine.token)).not.toBeNull();
  });

  it("changes it: the new one signs in and the old one does not; the other sessions end, this one stays", async () => {
    const person = await makeCtedExpert();
    const bystander = await makeCtedExpert();
    const theirs = await session(bystander);
    const other1 = await session(person);
    const mine = await session(person);
    const other2 = await session(person);

    const res = await post(mine.cookie, changeForm(DEMO_PASSWORD, STRONG));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/me/account?done=PASSWORD_CHANGED");
    // The same cookie: no new session, nothing to set.
    expect(res.headers.get("Set-Cookie")).toBeNull();

    expect(await signsInWith(person, STRONG)).toBe(true);
    expect(await signsInWith(person, DEMO_PASSWORD)).toBe(false);
    expect((await hashOf(person))!).toMatch(/^\$argon2id\$/);

    expect(await userForSession(mine.token)).toMatchObject({ id: person.id });
    expect(await userForSession(other1.token)).toBeNull();
    expect(await userForSession(other2.token)).toBeNull();
    expect(ended.sort()).toEqual([sessionIdOf(other1.token), sessionIdOf(other2.token)].sort());
    // Someone else's session is theirs.
    expect(await userForSession(theirs.token)).toMatchObject({ id: bystander.id });

    // In the audit log, without any password.
    const entries = await prisma().auditEntry.findMany({
      where: { actorId: person.id, action: "password_changed" },
    });
    expect(entries.map((e) => [e.subjectId, e.details])).toEqual([[person.id, { endedSessions: 2 }]]);

    // The page says so.
    const page = await call(accountPage, "/me/account?done=PASSWORD_CHANGED", { cookie: mine.cookie });
    const sessions = (await page.json()).sessions as { current: boolean }[];
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it("refuses the current password as the new one", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    expect((await post(mine.cookie, changeForm(DEMO_PASSWORD, STRONG))).status).toBe(302);
    const again = await post(mine.cookie, changeForm(STRONG, STRONG));
    expect(again.status).toBe(400);
    expect((await again.json()).fields).toEqual({
      newPassword: "This is your current password; choose a different one.",
    });
  });

  it("refuses the 6th wrong current password within the window with 429, even a right one then", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    const before = await hashOf(person);
    const browser = ip();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const res = await post(mine.cookie, changeForm(`wrong guess ${attempt}`, STRONG), browser);
      expect(res.status, `attempt ${attempt}`).toBe(400);
    }
    const sixth = await post(mine.cookie, changeForm("wrong guess 6", STRONG), browser);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await sixth.json()).message).toMatch(/^Too many wrong passwords\. Try again in \d+ minutes/);
    // Past the limit, even the right password is not checked.
    const right = await post(mine.cookie, changeForm(DEMO_PASSWORD, STRONG), browser);
    expect(right.status).toBe(429);
    expect(await hashOf(person)).toBe(before);
    // The session itself is not ended, and signing in is another counter.
    expect(await userForSession(mine.token)).not.toBeNull();
    expect(await signsInWith(person, DEMO_PASSWORD)).toBe(true);
  });

  it("counts per account, whatever the address: five wrong from five addresses, the 6th is refused", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    for (let attempt = 1; attempt <= 5; attempt++)
      expect((await post(mine.cookie, changeForm(`wrong ${attempt}`, STRONG), ip())).status).toBe(400);
    expect((await post(mine.cookie, changeForm("wrong 6", STRONG), ip())).status).toBe(429);
  });

  it("forgives the wrong ones once the right current password is typed", async () => {
    const person = await makeCtedExpert();
    const mine = await session(person);
    for (let attempt = 1; attempt <= 4; attempt++)
      expect((await post(mine.cookie, changeForm(`wrong ${attempt}`, STRONG))).status).toBe(400);
    // Right current password, refused new one: the current one proved right all the same.
    const weak = await post(mine.cookie, changeForm(DEMO_PASSWORD, "password1234"));
    expect((await weak.json()).fields).not.toHaveProperty("currentPassword");
    for (let attempt = 5; attempt <= 8; attempt++)
      expect((await post(mine.cookie, changeForm(`wrong ${attempt}`, STRONG))).status).toBe(400);
    expect((await post(mine.cookie, changeForm(DEMO_PASSWORD, STRONG))).status).toBe(302);
  });
});

describe("signing out elsewhere", () => {
  it("signs out everywhere else: the other sessions end, announced; this one stays", async () => {
    const person = await makeCtedExpert();
    const bystander = await makeCtedExpert();
    const theirs = await session(bystander);
    const other1 = await session(person);
    const mine = await session(person);
    const other2 = await session(person);

    const res = await post(mine.cookie, { intent: "others" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/me/account?done=OTHERS_SIGNED_OUT");
    expect(await userForSession(mine.token)).toMatchObject({ id: person.id });
    expect(await userForSession(other1.token)).toBeNull();
    expect(await userForSession(other2.token)).toBeNull();
    expect(await userForSession(theirs.token)).not.toBeNull();
    expect(ended.sort()).toEqual([sessionIdOf(other1.token), sessionIdOf(other2.token)].sort());
    expect(await prisma().session.count({ where: { userId: person.id } })).toBe(1);
    const logged = await prisma().auditEntry.findMany({
      where: { actorId: person.id, action: "signed_out_everywhere" },
    });
    expect(logged.map((e) => e.details)).toEqual([{ endedSessions: 2, thisSessionKept: true }]);
    // The password is what it was.
    expect(await signsInWith(person, DEMO_PASSWORD)).toBe(true);
  });

  it("signs out everywhere: this session too, its cookie cleared, to the sign-in page", async () => {
    const person = await makeCtedExpert();
    const other = await session(person);
    const mine = await session(person);
    const res = await post(mine.cookie, { intent: "everywhere" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(res.headers.get("Set-Cookie")).toMatch(/^followup_session=;.*Max-Age=0/);
    expect(await userForSession(mine.token)).toBeNull();
    expect(await userForSession(other.token)).toBeNull();
    expect(ended.sort()).toEqual([sessionIdOf(mine.token), sessionIdOf(other.token)].sort());
    expect(await prisma().session.count({ where: { userId: person.id } })).toBe(0);
  });
});
