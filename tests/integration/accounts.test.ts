// Accounts administered from the browser (issue 13, points 1 and 2): an administrator invites a
// person, who sets a password through the one-time link and is signed in; the link works once and
// expires; a weak password is refused; only administrators administer (others: 404 pages);
// changing someone's role ends their sessions; a password reset by e-mail (a real SMTP server on
// loopback) sends a link only for an account that exists, and setting the password through it
// ends every other session; the first administrator comes from the command line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { SessionUser } from "~/access/visibility.ts";
import { prisma } from "~/db/client.server.ts";
import {
  createAdministrator,
  inviteAccount,
  reinvite,
  requestPasswordReset,
  setAccountDisabled,
} from "~/domain/accounts.server.ts";
import { signIn, userForSession } from "~/domain/auth.server.ts";
import { commitSessionCookie, currentUser } from "~/http/session.server.ts";
import * as usersPage from "~/routes/admin.users._index.tsx";
import * as editPage from "~/routes/admin.users.$id.tsx";
import * as notificationsRoute from "~/routes/api.me.notifications.ts";
import * as invitePage from "~/routes/invite.$token.tsx";
import * as accountPage from "~/routes/me.account.tsx";
import * as resetPage from "~/routes/reset.$token.tsx";
import { call, cookieFrom, DEMO_ACCOUNTS, signInAs } from "~tests/helpers/http.ts";
import { startSmtpCapture } from "~tests/helpers/smtp.ts";

const STRONG = "amber lantern quietly folds seventeen maps";
const APP = "http://localhost:3000";

let admin: string;
let adminUser: SessionUser;
let tjk: string;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let tajikistan: string;

beforeAll(async () => {
  admin = await signInAs(DEMO_ACCOUNTS.admin);
  tjk = await signInAs(DEMO_ACCOUNTS.tjk);
  adminUser = (await currentUser(new Request("http://x", { headers: { cookie: admin } })))!;
  tajikistan = (await prisma().organization.findFirstOrThrow({ where: { countryCode: "TJK" } })).id;
  smtp = await startSmtpCapture();
});
afterAll(() => smtp.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

async function invite(email: string) {
  const res = await call(usersPage, "/admin/users", {
    cookie: admin,
    body: form({
      intent: "invite",
      name: "Farrukh Saidov",
      email,
      role: "GOVERNMENT_FOCAL_POINT",
      organizationId: tajikistan,
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { link: string; emailed: boolean; userId: string };
}

const setPassword = (
  page: typeof invitePage | typeof resetPage,
  path: string,
  token: string,
  password: string,
  confirm = password,
) => call(page, `/${path}/${token}`, { params: { token }, body: form({ password, confirm }) });

describe("invitations", () => {
  it("an administrator invites a Tajik focal point, who sets a password through the link and is signed in", async () => {
    const { link, emailed, userId } = await invite("farrukh.saidov@tjk.example");
    expect(emailed).toBe(false); // this test process sends no e-mail: the link is for the admin to pass on
    expect(link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(link);
    // No sign-in before a password is set.
    await expect(signIn("farrukh.saidov@tjk.example", "", "10.9.0.1")).rejects.toMatchObject({ status: 401 });

    const page = await call(invitePage, `/invite/${token}`, { params: { token } });
    expect(await page.json()).toEqual({
      info: { ok: true, name: "Farrukh Saidov", email: "farrukh.saidov@tjk.example" },
    });
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");

    // Weak, and different twice: refused with sentences, nothing set.
    const weak = await setPassword(invitePage, "invite", token, "password1234");
    expect(weak.status).toBe(400);
    expect((await weak.json()).fields.password).toMatch(/^[A-Z].*\.$/);
    const twice = await setPassword(invitePage, "invite", token, STRONG, `${STRONG}!`);
    expect((await twice.json()).fields.confirm).toBe("must be the same as the password");
    expect((await prisma().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull();

    const done = await setPassword(invitePage, "invite", token, STRONG);
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/dashboard");
    const session = (await currentUser(new Request(APP, { headers: { cookie: cookieFrom(done) } })))!;
    expect(session).toMatchObject({ email: "farrukh.saidov@tjk.example", role: "GOVERNMENT_FOCAL_POINT" });
    expect(session.organization.countryCode).toBe("TJK");
    expect((await signIn("farrukh.saidov@tjk.example", STRONG, "10.9.0.2")).user.id).toBe(userId);

    // The link worked once.
    const again = await setPassword(invitePage, "invite", token, `${STRONG} again`);
    expect(again.status).toBe(410);
    expect((await again.json()).message).toBe(
      "This link was already used. Ask for a new one if you need it.",
    );
  });

  it("an expired link, a made-up one and a reset link used as an invitation do not work", async () => {
    const { link, userId } = await invite("expired.one@tjk.example");
    await prisma().accountToken.updateMany({
      where: { userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const token = tokenOf(link);
    expect((await (await call(invitePage, `/invite/${token}`, { params: { token } })).json()).info).toEqual({
      ok: false,
      problem: "This link has expired. Ask for a new one.",
    });
    expect((await setPassword(invitePage, "invite", token, STRONG)).status).toBe(410);
    expect((await setPassword(resetPage, "reset", token, STRONG)).status).toBe(410);
    const madeUp = "A".repeat(43);
    expect((await setPassword(invitePage, "invite", madeUp, STRONG)).status).toBe(410);
    expect((await prisma().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull();
  });

  it("a role that does not fit the organisation, and a used e-mail, are refused with nothing written", async () => {
    const before = await prisma().user.count();
    const wrong = await call(usersPage, "/admin/users", {
      cookie: admin,
      body: form({
        intent: "invite",
        name: "Wrong Fit",
        email: "wrong.fit@tjk.example",
        role: "CTED_EXPERT",
        organizationId: tajikistan,
      }),
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).fields.organizationId).toBe("must be a cted organisation for a CTED expert");
    const taken = await call(usersPage, "/admin/users", {
      cookie: admin,
      body: form({
        intent: "invite",
        name: "Again",
        email: DEMO_ACCOUNTS.tjk,
        role: "GOVERNMENT_FOCAL_POINT",
        organizationId: tajikistan,
      }),
    });
    expect((await taken.json()).fields.email).toBe("is already used by an account");
    expect(await prisma().user.count()).toBe(before);
  });

  it("only administrators administer: the pages do not exist for others, and nothing is written", async () => {
    const before = await prisma().user.count();
    expect((await call(usersPage, "/admin/users", { cookie: tjk })).status).toBe(404);
    const res = await call(usersPage, "/admin/users", {
      cookie: tjk,
      body: form({
        intent: "invite",
        name: "Sneaky",
        email: "sneaky@tjk.example",
        role: "CTED_ADMIN",
        organizationId: tajikistan,
      }),
    });
    expect(res.status).toBe(404);
    expect(await prisma().user.count()).toBe(before);
  });

  it("changing someone's role or organisation ends their sessions", async () => {
    const expert = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.verifier } });
    const { token } = await signIn(DEMO_ACCOUNTS.verifier, "followup-demo", "10.9.0.3");
    const res = await call(editPage, `/admin/users/${expert.id}`, {
      cookie: admin,
      params: { id: expert.id },
      body: form({ name: expert.name, role: "CTED_ADMIN", organizationId: expert.organizationId }),
    });
    expect(res.status).toBe(302);
    expect(await userForSession(token)).toBeNull();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: expert.id } })).role).toBe("CTED_ADMIN");
  });
});

describe("password reset by e-mail", () => {
  const mail = () => ({ smtpUrl: smtp.url, from: "Follow-up <no-reply@followup.example>", appUrl: APP });

  it("sends a link to an account that exists and nothing otherwise; the link sets the password once and ends other sessions", async () => {
    const { token: otherSession } = await signIn(DEMO_ACCOUNTS.kaz, "followup-demo", "10.9.0.4");
    await requestPasswordReset({ email: "nobody@nowhere.example" }, "10.9.0.5", mail());
    await requestPasswordReset({ email: DEMO_ACCOUNTS.kaz.toUpperCase() }, "10.9.0.5", mail());
    await expect.poll(() => smtp.mails.filter((m) => m.to === DEMO_ACCOUNTS.kaz).length).toBe(1);
    expect(smtp.mails.some((m) => m.to === "nobody@nowhere.example")).toBe(false);
    const text = smtp.mails.find((m) => m.to === DEMO_ACCOUNTS.kaz)!.text;
    const link = text.match(/http:\/\/localhost:3000\/reset\/[A-Za-z0-9_-]+/)![0];
    const token = tokenOf(link);
    expect(text).toContain("The link works once, until");

    const done = await setPassword(resetPage, "reset", token, STRONG);
    expect(done.status).toBe(302);
    expect(await userForSession(otherSession)).toBeNull();
    await expect(signIn(DEMO_ACCOUNTS.kaz, "followup-demo", "10.9.0.6")).rejects.toMatchObject({
      status: 401,
    });
    expect((await signIn(DEMO_ACCOUNTS.kaz, STRONG, "10.9.0.7")).user.email).toBe(DEMO_ACCOUNTS.kaz);
    expect((await setPassword(resetPage, "reset", token, `${STRONG} again`)).status).toBe(410);

    // They are told, in the app (and so in their e-mail digest), with a way to act.
    const { token: fresh } = await signIn(DEMO_ACCOUNTS.kaz, STRONG, "10.9.0.8");
    const cookie = (await commitSessionCookie(fresh)).split(";")[0]!;
    const { items } = await (await call(notificationsRoute, "/api/me/notifications", { cookie })).json();
    expect(items[0]).toMatchObject({
      kind: "account",
      text: expect.stringMatching(
        /^Your password was reset through a link sent by e-mail\. If this was not you/,
      ),
    });
  });

  it("sends at most 3 links an hour for one address", async () => {
    const before = smtp.mails.filter((m) => m.to === DEMO_ACCOUNTS.observer).length;
    for (let i = 0; i < 5; i++)
      await requestPasswordReset({ email: DEMO_ACCOUNTS.observer }, `10.9.1.${i}`, mail());
    await expect
      .poll(() => smtp.mails.filter((m) => m.to === DEMO_ACCOUNTS.observer).length)
      .toBe(before + 3);
  });
});

describe("the first administrator, from the command line", () => {
  it("is made in CTED with a link to set the password; an e-mail in use is refused", async () => {
    const { link } = await createAdministrator({ email: "First.Admin@UN.example", name: "First Admin" }, APP);
    const user = await prisma().user.findUniqueOrThrow({
      where: { email: "first.admin@un.example" },
      include: { organization: true },
    });
    expect(user).toMatchObject({ role: "CTED_ADMIN", passwordHash: null });
    expect(user.organization.kind).toBe("CTED");
    expect((await setPassword(invitePage, "invite", tokenOf(link), STRONG)).status).toBe(302);
    await expect(
      createAdministrator({ email: "first.admin@un.example", name: "Again" }, APP),
    ).rejects.toMatchObject({
      status: 400,
    });
  });

  it("the domain refuses invitations by someone who is not an administrator", async () => {
    const focal = (await currentUser(new Request("http://x", { headers: { cookie: tjk } })))!;
    await expect(
      inviteAccount(
        focal,
        { name: "X Y", email: "x.y@tjk.example", role: "OBSERVER", organizationId: tajikistan },
        null,
        APP,
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(adminUser.role).toBe("CTED_ADMIN");
  });
});

describe("recent sign-ins", () => {
  it("the account page lists its owner's sign-ins and refused attempts, newest first, and no one else's", async () => {
    const person = await prisma().user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.partner } });
    await expect(signIn(DEMO_ACCOUNTS.partner, "not the password at all", "10.9.2.1")).rejects.toMatchObject({
      status: 401,
    });
    const { token } = await signIn(DEMO_ACCOUNTS.partner, "followup-demo", "10.9.2.2");
    await signIn(DEMO_ACCOUNTS.observer, "followup-demo", "10.9.2.3");
    const res = await call(accountPage, "/me/account", {
      cookie: (await commitSessionCookie(token)).split(";")[0],
    });
    const { signIns } = (await res.json()) as { signIns: { address: string; succeeded: boolean }[] };
    expect(signIns.slice(0, 2)).toEqual([
      expect.objectContaining({ address: "10.9.2.2", succeeded: true }),
      expect.objectContaining({ address: "10.9.2.1", succeeded: false }),
    ]);
    expect(signIns.some((s) => s.address === "10.9.2.3")).toBe(false);
    expect(await prisma().signInRecord.count({ where: { userId: person.id } })).toBeGreaterThanOrEqual(2);
  });
});

describe("the audit log of administration", () => {
  const entriesAbout = (userId: string) =>
    prisma().auditEntry.findMany({ where: { subjectId: userId }, orderBy: { id: "asc" } });

  it("records invitations, links sent again, changes (which fields, old and new role and organisation), disabling and re-enabling", async () => {
    const { userId } = await invite("audited.person@tjk.example");
    await reinvite(adminUser, userId, null, APP);
    const person = await prisma().user.findUniqueOrThrow({ where: { id: userId } });
    const kazakhstan = (await prisma().organization.findFirstOrThrow({ where: { countryCode: "KAZ" } })).id;
    const changed = await call(editPage, `/admin/users/${userId}`, {
      cookie: admin,
      params: { id: userId },
      body: form({ name: "Farrukh Saidov-Karimov", role: "OBSERVER", organizationId: kazakhstan }),
    });
    // An observer belongs to the Committee, not a State: refused, and nothing logged.
    expect(changed.status).toBe(400);
    const ctc = (
      await prisma().organization.findFirstOrThrow({ where: { users: { some: { role: "OBSERVER" } } } })
    ).id;
    const res = await call(editPage, `/admin/users/${userId}`, {
      cookie: admin,
      params: { id: userId },
      body: form({ name: "Farrukh Saidov-Karimov", role: "OBSERVER", organizationId: ctc }),
    });
    expect(res.status).toBe(302);
    await setAccountDisabled(adminUser, userId, true);
    await setAccountDisabled(adminUser, userId, false);

    const entries = await entriesAbout(userId);
    expect(entries.map((e) => [e.action, e.actorId, e.details])).toEqual([
      [
        "admin.user.invited",
        adminUser.id,
        { role: "GOVERNMENT_FOCAL_POINT", organizationId: tajikistan, emailed: false },
      ],
      ["admin.user.link_sent", adminUser.id, { purpose: "invite", emailed: false }],
      [
        "admin.user.changed",
        adminUser.id,
        {
          changed: ["name", "role", "organizationId"],
          role: { from: "GOVERNMENT_FOCAL_POINT", to: "OBSERVER" },
          organizationId: { from: person.organizationId, to: ctc },
        },
      ],
      ["admin.user.disabled", adminUser.id, {}],
      ["admin.user.enabled", adminUser.id, {}],
    ]);
    // A name is text a person wrote: only that it changed.
    expect(JSON.stringify(entries.map((e) => e.details))).not.toContain("Karimov");
  });

  it("records the administrator made from the command line as the system's doing, and an accepted invitation", async () => {
    const { link } = await createAdministrator(
      { email: "second.admin@un.example", name: "Second Admin" },
      APP,
    );
    const user = await prisma().user.findUniqueOrThrow({ where: { email: "second.admin@un.example" } });
    expect((await setPassword(invitePage, "invite", tokenOf(link), STRONG)).status).toBe(302);
    const entries = await entriesAbout(user.id);
    expect(entries.map((e) => [e.action, e.actorId, e.details])).toEqual([
      [
        "admin.created",
        null,
        { via: "command line", role: "CTED_ADMIN", organizationId: user.organizationId },
      ],
      ["invitation_accepted", user.id, null],
      ["sign_in", user.id, { secondFactor: "none", via: "invitation link" }],
    ]);
  });

  it("records reset requests, whether or not a link went out, with the address as typed", async () => {
    await requestPasswordReset({ email: "no.account@nowhere.example" }, "10.9.3.1", null);
    const [entry] = await prisma().auditEntry.findMany({
      where: { action: "password_reset_requested", actorEmail: "no.account@nowhere.example" },
    });
    expect(entry).toMatchObject({ actorId: null, details: { outcome: "no_mail_configured" } });
  });
});
