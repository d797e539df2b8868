// The second factor (TOTP with recovery codes) through the real route modules and this file's own
// database, with codes made by otplib from the secret the set-up page shows, as an authenticator
// app would: set-up from the account page, signing in with a code (a new session replaces the one
// that waited for it), a code refused the second time, wrong codes counted by the sign-in
// throttle, a recovery code that works once, the API taking the code with the password, renewing
// and removing; a reset link does not skip the code; sign-ins and their failures are in the audit
// log with the request's address and id. Forced set-up for CTED (SECOND_FACTOR_FOR_CTED=required)
// runs against an app process started with that setting.
import { createHash, randomBytes } from "node:crypto";

import { generate, generateSecret } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { prisma } from "~/db/client.server.ts";
import { pendingSignIn, sessionIdOf, signIn, userForSession } from "~/domain/auth.server.ts";
import { encryptTotpSecret, newRecoveryCodes, recoveryCodeHashes } from "~/domain/second-factor.server.ts";
import { commitSessionCookie, tokenFromCookieHeader } from "~/http/session.server.ts";
import * as casesRoute from "~/routes/api.cases._index.ts";
import * as sessionRoute from "~/routes/api.session.ts";
import * as loginPage from "~/routes/login.tsx";
import * as codePage from "~/routes/login_.code.tsx";
import * as accountPage from "~/routes/me.account.tsx";
import * as factorPage from "~/routes/me.second-factor.tsx";
import * as resetPage from "~/routes/reset.$token.tsx";
import { makeCtedExpert, type Person } from "~tests/helpers/factories.ts";
import { call, cookieFrom, DEMO_ACCOUNTS, DEMO_PASSWORD, startInProcessApp } from "~tests/helpers/http.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";

const WRONG_CODE_MESSAGE =
  "This code is not right, or was used already. Wait for the next code in your authenticator app and try again.";

let address = 0;
/** An address of its own per request, so that the per-address throttle is no test's business. */
const ip = () => `10.88.${Math.floor(++address / 250)}.${address % 250}`;

/** The code an authenticator app shows `steps` periods of 30 seconds from now. */
const codeAt = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

/**
 * Waits, if need be, for a new 30-second period: a test that uses the codes of this period and
 * the next must not cross into a third while it runs.
 */
async function freshPeriod(atLeastSeconds = 12) {
  const left = 30 - ((Date.now() / 1000) % 30);
  if (left < atLeastSeconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200));
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const cookieOf = async (token: string) => (await commitSessionCookie(token)).split(";")[0]!;
const tokenOf = async (cookie: string) => (await tokenFromCookieHeader(cookie))!;

/** A session for the person, signed in with their password alone (no second factor yet). */
async function session(person: Person) {
  const { token } = await signIn(person.email, DEMO_PASSWORD, ip());
  return { token, cookie: await cookieOf(token) };
}

/** Gives the person a second factor, stored as the set-up page stores it; returns its secret and recovery codes. */
async function withSecondFactor(person: Person) {
  const secret = generateSecret();
  const recoveryCodes = newRecoveryCodes();
  await prisma().user.update({
    where: { id: person.id },
    data: { totpSecret: encryptTotpSecret(person.id, secret), totpEnabledAt: new Date(), totpLastStep: null },
  });
  await prisma().recoveryCode.createMany({
    data: recoveryCodeHashes(recoveryCodes).map((id) => ({ id, userId: person.id })),
  });
  return { secret, recoveryCodes };
}

/** The sign-in page's form: its answer, and the cookie it set. */
async function passwordStep(person: Person, redirectTo = "/dashboard", from = ip(), cookie?: string) {
  const res = await call(loginPage, "/login", {
    body: form({ email: person.email, password: DEMO_PASSWORD, redirectTo }),
    ip: from,
    cookie,
  });
  return { res, cookie: res.headers.get("Set-Cookie") ? cookieFrom(res) : undefined };
}

const codeStep = (cookie: string, code: string, from = ip(), redirectTo = "/dashboard") =>
  call(codePage, `/login/code?redirectTo=${encodeURIComponent(redirectTo)}`, {
    cookie,
    body: form({ code, redirectTo }),
    ip: from,
  });

const factorForm = (cookie: string, fields: Record<string, string>, from = ip()) =>
  call(factorPage, "/me/second-factor", { cookie, body: form(fields), ip: from });

/** How many attempts the throttle holds against this key now. */
async function counted(key: string): Promise<number> {
  const rows = await prisma().$queryRaw<{ n: number }[]>`
    SELECT cardinality(hits)::int AS n FROM "SignInThrottle" WHERE key = ${key}`;
  return rows[0]?.n ?? 0;
}

const auditOf = (userId: string, action: string) =>
  prisma().auditEntry.findMany({ where: { actorId: userId, action }, orderBy: { id: "asc" } });

describe("setting it up from the account page", () => {
  it("shows a key and its QR code, turns on with a first code, then shows ten recovery codes once; only hashes and an encrypted secret are kept", async () => {
    const person = await makeCtedExpert();
    const other = await session(person);
    const mine = await session(person);

    const account = await (await call(accountPage, "/me/account", { cookie: mine.cookie })).json();
    expect(account.secondFactor).toEqual({ enabledAt: null, recoveryCodesLeft: 0, required: false });

    const started = await factorForm(mine.cookie, { intent: "start" });
    expect(started.status).toBe(200);
    const setUp = await started.json();
    expect(setUp.step).toBe("confirm");
    expect(setUp.secretGroups).toHaveLength(8);
    for (const group of setUp.secretGroups) expect(group).toMatch(/^[A-Z2-7]{4}$/);
    const secret = setUp.secretGroups.join("");
    expect(setUp.uri).toBe(
      `otpauth://totp/Follow-up:${encodeURIComponent(person.email)}?secret=${secret}&issuer=Follow-up`,
    );
    expect(setUp.qrSvg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(setUp.qrSvg).not.toMatch(/<script|on\w+=/i);
    // Nothing is stored before the first code proves the app.
    expect(await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      totpSecret: null,
      totpEnabledAt: null,
    });

    // A code the app does not show now: refused, and the same key again (the app holds it).
    await freshPeriod();
    const wrong = await factorForm(mine.cookie, {
      intent: "confirm",
      code: await codeAt(secret, 5),
      setUp: setUp.sealed,
    });
    expect(wrong.status).toBe(400);
    const again = await wrong.json();
    expect(again).toMatchObject({ step: "confirm", secretGroups: setUp.secretGroups, sealed: setUp.sealed });
    expect(again.fields.code).toMatch(/^This is not the code your app shows for Follow-up now\./);
    // A set-up altered, or another account's, is refused.
    const altered = await factorForm(mine.cookie, {
      intent: "confirm",
      code: await codeAt(secret),
      setUp: `${setUp.sealed.slice(0, -4)}AAAA`,
    });
    expect(altered.status).toBe(409);

    const confirmed = await factorForm(mine.cookie, {
      intent: "confirm",
      code: await codeAt(secret),
      setUp: setUp.sealed,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get("Set-Cookie")).toBeNull(); // a signed-in session stays as it is
    const { step, recoveryCodes } = await confirmed.json();
    expect(step).toBe("codes");
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes)
      expect(code).toMatch(/^([0-9a-hjkmnp-tv-z]{4}-){5}[0-9a-hjkmnp-tv-z]{4}$/);

    const stored = await prisma().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(stored.totpEnabledAt).not.toBeNull();
    expect(stored.totpSecret).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored.totpSecret).not.toContain(secret);
    expect(Buffer.from(stored.totpSecret!.slice(3), "base64url").toString("latin1")).not.toContain(secret);
    const rows = await prisma().recoveryCode.findMany({ where: { userId: person.id } });
    const sha256 = (code: string) => createHash("sha256").update(code.replace(/-/g, "")).digest("hex");
    expect(rows.map((r) => r.id).sort()).toEqual(recoveryCodes.map(sha256).sort());

    // The other session was opened without it: it ends; this one stays.
    expect(await userForSession(other.token)).toBeNull();
    expect(await userForSession(mine.token)).toMatchObject({ id: person.id });
    const [enabled] = await auditOf(person.id, "second_factor_enabled");
    expect(enabled!.details).toEqual({ replaced: false, recoveryCodes: 10 });
    const logged = JSON.stringify(
      await prisma().auditEntry.findMany({ where: { actorId: person.id }, select: { details: true } }),
    );
    for (const secretShown of [secret, ...recoveryCodes]) expect(logged).not.toContain(secretShown);

    const page = await (await call(factorPage, "/me/second-factor", { cookie: mine.cookie })).json();
    expect(page.status).toMatchObject({ recoveryCodesLeft: 10, required: false });
    expect(page.status.enabledAt).not.toBeNull();
  });

  it("refuses malformed and hostile input with a 4xx and a sentence", async () => {
    const person = await makeCtedExpert();
    const { cookie } = await session(person);
    const { sealed } = await (await factorForm(cookie, { intent: "start" })).json();
    for (const code of ["", "12345", "1234567", "abc def", "<script>", "٣٤٥٦٧٨", "1".repeat(101)]) {
      const res = await factorForm(cookie, { intent: "confirm", code, setUp: sealed });
      expect(res.status, code).toBe(400);
      const body = await res.json();
      expect(body.fields.code, code).toMatch(/^(Enter|This is|Type)/);
    }
    expect(
      (await factorForm(cookie, { intent: "confirm", code: "123456", setUp: "x".repeat(5000) })).status,
    ).toBe(400);
    expect((await factorForm(cookie, { intent: "dance" })).status).toBe(400);
    const json = await call(factorPage, "/me/second-factor", { cookie, body: { intent: "start" } });
    expect(json.status).toBe(415);
    expect((await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).totpEnabledAt).toBeNull();
    // Signed out: to the sign-in page.
    const out = await call(factorPage, "/me/second-factor");
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login?redirectTo=%2Fme%2Fsecond-factor");
  });
});

describe("signing in with a second factor", () => {
  it("the password opens a session that is no sign-in; the code replaces it with a new one, and the old token stops working", async () => {
    const person = await makeCtedExpert();
    const { secret } = await withSecondFactor(person);
    await freshPeriod();

    const { res, cookie: pending } = await passwordStep(person, "/cases?state=agreed");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login/code?redirectTo=%2Fcases%3Fstate%3Dagreed");
    const pendingToken = await tokenOf(pending!);
    expect(await pendingSignIn(pendingToken)).toMatchObject({ userId: person.id, awaiting: "second_factor" });
    // Not signed in: not for the API, not for a page, not for the realtime connection.
    expect(await userForSession(pendingToken)).toBeNull();
    const api = await call(casesRoute, "/api/cases", { cookie: pending });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ next: "second_factor" });
    const page = await call(accountPage, "/me/account", { cookie: pending });
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/login/code?redirectTo=%2Fme%2Faccount");
    const codePageData = await call(codePage, "/login/code", { cookie: pending });
    expect(await codePageData.json()).toEqual({ email: person.email });

    const done = await codeStep(pending!, await codeAt(secret), ip(), "/cases?state=agreed");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/cases?state=agreed");
    const signedIn = cookieFrom(done);
    const freshToken = await tokenOf(signedIn);
    expect(freshToken).not.toBe(pendingToken);
    expect(await userForSession(freshToken)).toMatchObject({ id: person.id });
    expect((await call(casesRoute, "/api/cases", { cookie: signedIn })).status).toBe(200);
    // The token that waited for the code is gone.
    expect(await prisma().session.findUnique({ where: { id: sessionIdOf(pendingToken) } })).toBeNull();
    expect((await call(casesRoute, "/api/cases", { cookie: pending })).status).toBe(401);
    expect((await call(codePage, "/login/code", { cookie: pending })).headers.get("Location")).toBe(
      "/login?notice=SIGN_IN_EXPIRED",
    );

    const [signIn] = await auditOf(person.id, "sign_in");
    expect(signIn!.details).toEqual({ secondFactor: "totp" });
  });

  it("a code works once: sent again, it is refused, and so is an earlier one", async () => {
    const person = await makeCtedExpert();
    const { secret } = await withSecondFactor(person);
    await freshPeriod();
    const now = await codeAt(secret);
    const first = await passwordStep(person);
    expect((await codeStep(first.cookie!, now)).status).toBe(302);

    const second = await passwordStep(person);
    const replayed = await codeStep(second.cookie!, now);
    expect(replayed.status).toBe(401);
    expect((await replayed.json()).fields).toEqual({ code: WRONG_CODE_MESSAGE });
    const earlier = await codeStep(second.cookie!, await codeAt(secret, -1));
    expect(earlier.status).toBe(401);
    // Still waiting for a code; the next one works.
    expect(await pendingSignIn(await tokenOf(second.cookie!))).not.toBeNull();
    expect((await codeStep(second.cookie!, await codeAt(secret, 1))).status).toBe(302);

    const failures = await auditOf(person.id, "second_factor_failed");
    expect(failures.map((f) => f.details)).toEqual([
      { step: "sign_in", reason: "wrong_code" },
      { step: "sign_in", reason: "wrong_code" },
    ]);
    // The account's owner sees them among their recent sign-ins.
    const records = await prisma().signInRecord.findMany({
      where: { userId: person.id },
      orderBy: { id: "asc" },
    });
    expect(records.map((r) => r.succeeded)).toEqual([true, false, false, true]);
  });

  it("wrong codes count in the sign-in throttle: after five, even the right code and the right password are refused; a right password does not forgive them", async () => {
    const person = await makeCtedExpert();
    const { secret } = await withSecondFactor(person);
    await freshPeriod();
    const first = await passwordStep(person);
    for (let i = 0; i < 3; i++) expect((await codeStep(first.cookie!, `00000${i}`)).status).toBe(401);
    // The right password again (from elsewhere): the three wrong codes still count.
    const second = await passwordStep(person);
    expect(second.res.status).toBe(302);
    for (let i = 3; i < 5; i++) expect((await codeStep(second.cookie!, `00000${i}`)).status).toBe(401);

    const right = await codeStep(second.cookie!, await codeAt(secret));
    expect(right.status).toBe(429);
    expect((await right.json()).message).toMatch(/^Too many failed sign-ins\. Try again in \d+ minutes\.$/);
    expect(Number(right.headers.get("Retry-After"))).toBeGreaterThan(0);
    const password = await call(sessionRoute, "/api/session", {
      body: { email: person.email, password: DEMO_PASSWORD, code: await codeAt(secret) },
      ip: ip(),
    });
    expect(password.status).toBe(429);
    expect(await userForSession(await tokenOf(second.cookie!))).toBeNull();
    const refusedUnchecked = await auditOf(person.id, "second_factor_failed");
    expect(refusedUnchecked.at(-1)!.details).toEqual({ step: "sign_in", reason: "too_many_attempts" });
  });

  it("a recovery code signs in once, typed in any case and with spaces; then it is used up", async () => {
    const person = await makeCtedExpert();
    const { recoveryCodes } = await withSecondFactor(person);
    const code = recoveryCodes[3]!;
    const typed = ` ${code.toUpperCase().replace(/-/g, " ")} `;
    const first = await passwordStep(person);
    const done = await codeStep(first.cookie!, typed);
    expect(done.status).toBe(302);
    expect(await userForSession(await tokenOf(cookieFrom(done)))).toMatchObject({ id: person.id });
    const [used] = await auditOf(person.id, "recovery_code_used");
    expect(used!.details).toEqual({ step: "sign_in", recoveryCodesLeft: 9 });
    expect((await auditOf(person.id, "sign_in")).at(-1)!.details).toEqual({ secondFactor: "recovery" });

    const again = await passwordStep(person);
    expect((await codeStep(again.cookie!, code)).status).toBe(401);
    const account = await (await call(accountPage, "/me/account", { cookie: cookieFrom(done) })).json();
    expect(account.secondFactor.recoveryCodesLeft).toBe(9);
  });

  it("the code page refuses what is not its form, and sends anyone not waiting for a code away", async () => {
    const person = await makeCtedExpert();
    await withSecondFactor(person);
    const { cookie } = await passwordStep(person);
    const json = await call(codePage, "/login/code", { cookie, body: { code: "123456" } });
    expect(json.status).toBe(415);
    const huge = await call(codePage, "/login/code", {
      cookie,
      body: `code=${"1".repeat(2 * 1024 * 1024)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(huge.status).toBe(413);
    const put = await call(codePage, "/login/code", {
      cookie,
      method: "PUT",
      body: form({ code: "123456" }),
    });
    expect(put.status).toBe(405);
    const long = await codeStep(cookie!, "1".repeat(101));
    expect(long.status).toBe(400);
    // None of these was a guess: nothing counted against the account.
    expect(await counted(`account:${person.email}`)).toBe(0);
    // No session, or a signed-in one: the sign-in page, or where it was going.
    expect((await call(codePage, "/login/code")).headers.get("Location")).toBe(
      "/login?notice=SIGN_IN_EXPIRED",
    );
    const signedIn = await session(await makeCtedExpert());
    expect(
      (await call(codePage, "/login/code?redirectTo=%2Fcases", { cookie: signedIn.cookie })).headers.get(
        "Location",
      ),
    ).toBe("/cases");
  });

  it("signing in again in the same browser replaces the session that waited for a code", async () => {
    const person = await makeCtedExpert();
    await withSecondFactor(person);
    const first = await passwordStep(person);
    const second = await passwordStep(person, "/dashboard", ip(), first.cookie);
    expect(await tokenOf(second.cookie!)).not.toBe(await tokenOf(first.cookie!));
    expect(
      await prisma().session.findUnique({ where: { id: sessionIdOf(await tokenOf(first.cookie!)) } }),
    ).toBeNull();
    expect(await pendingSignIn(await tokenOf(second.cookie!))).not.toBeNull();
  });

  it("a password reset link does not skip the second factor", async () => {
    const person = await makeCtedExpert();
    const { secret } = await withSecondFactor(person);
    const token = randomBytes(32).toString("base64url");
    await prisma().accountToken.create({
      data: {
        id: createHash("sha256").update(token).digest("hex"),
        userId: person.id,
        purpose: "reset",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const res = await call(resetPage, `/reset/${token}`, {
      params: { token },
      body: form({
        password: "amber lantern quietly folds maps",
        confirm: "amber lantern quietly folds maps",
      }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login/code?redirectTo=%2Fdashboard");
    const pending = cookieFrom(res);
    expect(await userForSession(await tokenOf(pending))).toBeNull();
    await freshPeriod(3);
    expect((await codeStep(pending, await codeAt(secret))).status).toBe(302);
    expect((await auditOf(person.id, "password_reset")).length).toBe(1);
  });
});

describe("the API", () => {
  it("takes the code with the password in one request, and says when it is needed", async () => {
    const person = await makeCtedExpert();
    const { secret } = await withSecondFactor(person);
    await freshPeriod();
    const post = (body: unknown) => call(sessionRoute, "/api/session", { body, ip: ip() });

    const without = await post({ email: person.email, password: DEMO_PASSWORD });
    expect(without.status).toBe(401);
    expect(without.headers.get("Set-Cookie")).toBeNull();
    expect(await without.json()).toEqual({
      error:
        "This account uses a second factor: send the 6-digit code from its authenticator app (or one of its recovery codes) as code, with the email and password.",
      code: "unauthenticated",
      next: "second_factor",
    });
    const wrongPassword = await post({ email: person.email, password: "not it", code: await codeAt(secret) });
    expect(wrongPassword.status).toBe(401);
    expect((await wrongPassword.json()).error).toBe("Email or password is incorrect");

    const wrong = await post({ email: person.email, password: DEMO_PASSWORD, code: "000000" });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).fields).toEqual({ code: WRONG_CODE_MESSAGE });

    const right = await post({ email: person.email, password: DEMO_PASSWORD, code: await codeAt(secret) });
    expect(right.status).toBe(200);
    expect((await right.json()).user).toMatchObject({ id: person.id });
    expect((await call(casesRoute, "/api/cases", { cookie: cookieFrom(right) })).status).toBe(200);
  });

  it("answers 400 for a malformed code or one of the wrong type, before anything is counted", async () => {
    const person = await makeCtedExpert();
    await withSecondFactor(person);
    for (const code of ["12ab56", "1".repeat(5000), 123456, ["123456"], { code: 1 }, null]) {
      const res = await call(sessionRoute, "/api/session", {
        body: { email: person.email, password: DEMO_PASSWORD, code },
        ip: ip(),
      });
      expect(res.status, JSON.stringify(code)).toBe(400);
      expect((await res.json()).fields).toHaveProperty("code");
    }
    expect(await counted(`account:${person.email}`)).toBe(0);
  });
});

describe("managing it", () => {
  it("new recovery codes need a current code; the earlier ones stop working", async () => {
    const person = await makeCtedExpert();
    const { cookie } = await session(person);
    const { secret, recoveryCodes } = await withSecondFactor(person);
    const wrong = await factorForm(cookie, { intent: "renew", renewCode: "000000" });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).fields).toEqual({ renewCode: WRONG_CODE_MESSAGE });
    await freshPeriod(3);
    const renewed = await factorForm(cookie, { intent: "renew", renewCode: await codeAt(secret) });
    expect(renewed.status).toBe(200);
    const { recoveryCodes: fresh } = await renewed.json();
    expect(fresh).toHaveLength(10);
    const signingIn = await passwordStep(person);
    expect((await codeStep(signingIn.cookie!, recoveryCodes[0]!)).status).toBe(401);
    expect((await codeStep(signingIn.cookie!, fresh[0])).status).toBe(302);
    expect(await auditOf(person.id, "recovery_codes_renewed")).toHaveLength(1);
  });

  it("moving to a new phone needs a code of the current one, and keeps it until the new one is confirmed", async () => {
    const person = await makeCtedExpert();
    const { cookie } = await session(person);
    const { recoveryCodes } = await withSecondFactor(person);
    const before = (await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret;
    expect((await factorForm(cookie, { intent: "start", currentCode: "" })).status).toBe(400);
    const started = await factorForm(cookie, { intent: "start", currentCode: recoveryCodes[0]! });
    expect(started.status).toBe(200);
    const setUp = await started.json();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret).toBe(before);
    const confirmed = await factorForm(cookie, {
      intent: "confirm",
      code: await codeAt(setUp.secretGroups.join("")),
      setUp: setUp.sealed,
    });
    expect(confirmed.status).toBe(200);
    expect((await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret).not.toBe(before);
    expect((await auditOf(person.id, "second_factor_enabled")).at(-1)!.details).toEqual({
      replaced: true,
      recoveryCodes: 10,
    });
  });

  it("removing it needs the current password or a code; other sessions end; then the password alone signs in", async () => {
    const person = await makeCtedExpert();
    const other = await session(person);
    const mine = await session(person);
    await withSecondFactor(person);
    const neither = await factorForm(mine.cookie, { intent: "remove", password: "", removeCode: "" });
    expect((await neither.json()).fields).toEqual({
      password: "Enter your current password, or a code from your app.",
    });
    const wrong = await factorForm(mine.cookie, {
      intent: "remove",
      password: "not my password",
      removeCode: "",
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).fields).toEqual({ password: "This is not your current password." });
    expect(
      (await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).totpEnabledAt,
    ).not.toBeNull();

    const removed = await factorForm(mine.cookie, {
      intent: "remove",
      password: DEMO_PASSWORD,
      removeCode: "",
    });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toBe("/me/second-factor?done=REMOVED");
    expect(await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
    });
    expect(await prisma().recoveryCode.count({ where: { userId: person.id } })).toBe(0);
    expect(await userForSession(other.token)).toBeNull();
    expect(await userForSession(mine.token)).not.toBeNull();
    expect((await auditOf(person.id, "second_factor_disabled")).map((e) => e.details)).toEqual([
      { provedWith: "password" },
    ]);
    const again = await passwordStep(person);
    expect(again.res.headers.get("Location")).toBe("/dashboard");
  });
});

describe("the audit log", () => {
  let app: Awaited<ReturnType<typeof startInProcessApp>>;
  beforeAll(async () => {
    app = await startInProcessApp();
  });
  afterAll(() => app.close());

  it("records sign-ins and refusals with the request's address and id, and never a password or a code", async () => {
    const person = await makeCtedExpert();
    const post = (requestId: string, body: unknown) =>
      fetch(`${app.url}/api/session`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Request-Id": requestId },
        body: JSON.stringify(body),
      });
    const typed = `nobody-${randomBytes(3).toString("hex")}@nowhere.example`;
    expect((await post("req-unknown", { email: typed, password: "hunter2 hunter2" })).status).toBe(401);
    expect((await post("req-wrong", { email: person.email, password: "a wrong password" })).status).toBe(401);
    expect((await post("req-right", { email: person.email, password: DEMO_PASSWORD })).status).toBe(200);

    const entries = await prisma().auditEntry.findMany({
      where: { requestId: { in: ["req-unknown", "req-wrong", "req-right"] } },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorId, e.actorEmail, e.requestId, e.details])).toEqual([
      ["sign_in_failed", null, typed, "req-unknown", { reason: "unknown_account" }],
      ["sign_in_failed", person.id, person.email, "req-wrong", { reason: "wrong_password" }],
      ["sign_in", person.id, person.email, "req-right", { secondFactor: "none" }],
    ]);
    for (const entry of entries) expect(entry.address).toMatch(/127\.0\.0\.1$/);
    const logged = JSON.stringify(entries, (_key, value) =>
      typeof value === "bigint" ? String(value) : value,
    );
    for (const secret of ["hunter2", "a wrong password", DEMO_PASSWORD]) expect(logged).not.toContain(secret);
  });
});

describe("required for CTED (SECOND_FACTOR_FOR_CTED=required)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ SECOND_FACTOR_FOR_CTED: "required" });
  }, 300_000);
  afterAll(() => app?.stop());

  const DATA = "_data=routes%2Fme.second-factor";
  const post = (path: string, cookie: string | undefined, fields: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: new URLSearchParams(fields),
    });
  const get = (path: string, cookie: string) =>
    fetch(`${app.url}${path}`, { redirect: "manual", headers: { Cookie: cookie } });
  const cookieOfResponse = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;

  it("a CTED expert without one may only set it up (or sign out); once set up, the session is replaced by a signed-in one", async () => {
    const signedIn = await post("/login", undefined, {
      email: DEMO_ACCOUNTS.expert,
      password: DEMO_PASSWORD,
      redirectTo: "/cases",
    });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/me/second-factor?redirectTo=%2Fcases");
    const enrolling = cookieOfResponse(signedIn);

    // Nothing else: pages send it to the set-up, the API says what is left.
    const dashboard = await get("/dashboard", enrolling);
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.get("location")).toBe("/me/second-factor?redirectTo=%2Fdashboard");
    const api = await get("/api/cases", enrolling);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ next: "enrolment" });
    const viaApi = await fetch(`${app.url}/api/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: DEMO_ACCOUNTS.expert, password: DEMO_PASSWORD }),
    });
    expect(viaApi.status).toBe(403);
    expect(await viaApi.json()).toMatchObject({ next: "enrolment" });

    const page = await (await get(`/me/second-factor?redirectTo=%2Fcases&${DATA}`, enrolling)).json();
    expect(page).toMatchObject({ enrolling: true, status: { enabledAt: null, required: true } });
    const setUp = await (await post(`/me/second-factor?${DATA}`, enrolling, { intent: "start" })).json();
    await freshPeriod(3);
    const confirmed = await post(`/me/second-factor?${DATA}`, enrolling, {
      intent: "confirm",
      code: await codeAt(setUp.secretGroups.join("")),
      setUp: setUp.sealed,
      redirectTo: "/cases",
    });
    expect(confirmed.status).toBe(200);
    const done = await confirmed.json();
    expect(done).toMatchObject({ step: "codes", continueTo: "/cases" });
    expect(done.recoveryCodes).toHaveLength(10);
    const full = cookieOfResponse(confirmed);
    expect(full).not.toBe(enrolling);
    expect((await get("/api/cases", full)).status).toBe(200);
    // The enrolment session's token no longer works for anything.
    expect((await get("/api/cases", enrolling)).status).toBe(401);
    expect((await get("/dashboard", enrolling)).headers.get("location")).toBe(
      "/login?redirectTo=%2Fdashboard",
    );

    // Its role must keep it.
    const remove = await post(`/me/second-factor?${DATA}`, full, {
      intent: "remove",
      password: DEMO_PASSWORD,
      removeCode: "",
    });
    expect(remove.status).toBe(403);
    expect((await remove.json()).message).toMatch(
      /^Your role must use a second factor, so it cannot be removed\./,
    );

    // Next time, the password leads to the code.
    const next = await post("/login", undefined, { email: DEMO_ACCOUNTS.expert, password: DEMO_PASSWORD });
    expect(next.headers.get("location")).toBe("/login/code?redirectTo=%2Fdashboard");
  });

  it("other roles sign in with their password as before", async () => {
    const res = await post("/login", undefined, { email: DEMO_ACCOUNTS.tjk, password: DEMO_PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/dashboard");
  });
});
