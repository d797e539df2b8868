// The sign-in throttle under concurrency (security review, issue 9, finding 2): a burst of
// simultaneous sign-ins for one account must not get more passwords checked than the limit.
// What is observed is what an attacker sees: 401 means the password was checked (and was wrong),
// 429 means it was refused unchecked. Each burst uses its own account and, unless the address
// limit is what is tested, a different address per request.
import { describe, expect, it } from "vitest";

import { database } from "~/db/client.server.ts";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  pruneAuthRecords,
  THROTTLE_WINDOW_MS,
} from "~/domain/auth.server.ts";
import * as sessionRoute from "~/routes/api.session.ts";
import * as loginRoute from "~/routes/login.tsx";
import { call, DEMO_ACCOUNTS, DEMO_PASSWORD } from "~tests/helpers/http.ts";

const BURST = 30;

const apiSignIn = (email: string, password: string, ip: string) =>
  call(sessionRoute, "/api/session", { body: { email, password }, ip });
const formSignIn = (email: string, password: string, ip: string) =>
  call(loginRoute, "/login", {
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
    ip,
  });

/** Fires all at once (nothing awaited in between) and waits for every answer. */
const burst = (n: number, attempt: (i: number) => Promise<Response>) =>
  Promise.all(Array.from({ length: n }, (_, i) => attempt(i)));

function tally(responses: Response[]) {
  const count = (status: number) => responses.filter((r) => r.status === status).length;
  // A sign-in through the page form answers a redirect; through the API, 200.
  return {
    signedIn: count(200) + count(302),
    checked: count(401),
    refused: count(429),
    other: responses.length - count(200) - count(302) - count(401) - count(429),
  };
}

/** The attempts the throttle holds for an account (its counter row), straight from the database. */
async function heldFor(email: string): Promise<number> {
  const rows = await database().sql.query<{ n: number }>(
    `SELECT cardinality(hits) AS n FROM "SignInThrottle" WHERE key = $1`,
    [`account:${email}`],
  );
  return Number(rows[0]?.n ?? 0);
}

describe("sign-in throttle under concurrent attempts", () => {
  it(`checks exactly ${MAX_FAILURES_PER_ACCOUNT} of ${BURST} simultaneous wrong passwords for one account (API); the rest are 429`, async () => {
    const responses = await burst(BURST, (i) =>
      apiSignIn(DEMO_ACCOUNTS.observer, `wrong-${i}`, `10.30.0.${i}`),
    );
    expect(tally(responses)).toEqual({
      signedIn: 0,
      checked: MAX_FAILURES_PER_ACCOUNT,
      refused: BURST - MAX_FAILURES_PER_ACCOUNT,
      other: 0,
    });
    // Free again when the first counted attempt leaves the 15-minute window: about 15 minutes.
    for (const r of responses.filter((r) => r.status === 429)) {
      expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(THROTTLE_WINDOW_MS / 1000 - 60);
      expect(Number(r.headers.get("Retry-After"))).toBeLessThanOrEqual(THROTTLE_WINDOW_MS / 1000);
    }
    // The window is used up: the right password now is refused unchecked too.
    expect((await apiSignIn(DEMO_ACCOUNTS.observer, DEMO_PASSWORD, "10.30.1.1")).status).toBe(429);
  });

  it("counts the page form and the API as one: a mixed burst gets the same limit", async () => {
    const responses = await burst(BURST, (i) =>
      i % 2
        ? formSignIn(DEMO_ACCOUNTS.kaz, `wrong-${i}`, `10.31.0.${i}`)
        : apiSignIn(DEMO_ACCOUNTS.kaz, `wrong-${i}`, `10.31.0.${i}`),
    );
    expect(tally(responses)).toEqual({
      signedIn: 0,
      checked: MAX_FAILURES_PER_ACCOUNT,
      refused: BURST - MAX_FAILURES_PER_ACCOUNT,
      other: 0,
    });
    expect((await formSignIn(DEMO_ACCOUNTS.kaz, DEMO_PASSWORD, "10.31.1.1")).status).toBe(429);
  });

  // The right password signs in only if it was among the first attempts counted. A success clears
  // the account's counter (as it always has), so attempts counted after it get a new window:
  // then at most (limit - 1) wrong passwords were checked before it and at most `limit` after.
  // Sent late in the burst it is normally refused; sent early, normally let through.
  for (const [where, position, email] of [
    ["late", BURST - 1, DEMO_ACCOUNTS.tjk],
    ["early", 1, DEMO_ACCOUNTS.verifier],
  ] as const) {
    it(`lets the right password sent ${where} in a burst of wrong ones sign in only if it was among the first ${MAX_FAILURES_PER_ACCOUNT} counted`, async () => {
      const responses = await burst(BURST, (i) =>
        apiSignIn(email, i === position ? DEMO_PASSWORD : `wrong-${i}`, `10.32.${position}.${i}`),
      );
      const right = responses[position]!;
      const { signedIn, checked, refused, other } = tally(responses);
      expect(other).toBe(0);
      if (right.status === 429) {
        // Refused unchecked: all the counted attempts were wrong passwords.
        expect({ signedIn, checked, refused }).toEqual({
          signedIn: 0,
          checked: MAX_FAILURES_PER_ACCOUNT,
          refused: BURST - MAX_FAILURES_PER_ACCOUNT,
        });
      } else {
        expect(right.status).toBe(200);
        expect(signedIn).toBe(1);
        expect(checked).toBeLessThanOrEqual(2 * MAX_FAILURES_PER_ACCOUNT - 1);
        // What the counter holds now was counted after the success cleared it; the other wrong
        // passwords were counted with the right one, within one window.
        const after = await heldFor(email);
        expect(after).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
        expect(checked - after).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT - 1);
      }
      console.info(
        `right password sent ${where}: ${right.status}; ${checked} wrong passwords checked of ${BURST - 1}`,
      );
    });
  }

  it(`checks exactly ${MAX_FAILURES_PER_ADDRESS} of ${BURST} simultaneous attempts from one address on different accounts`, async () => {
    const responses = await burst(BURST, (i) => apiSignIn(`guess${i}@cted.example`, "wrong", "10.33.0.1"));
    expect(tally(responses)).toEqual({
      signedIn: 0,
      checked: MAX_FAILURES_PER_ADDRESS,
      refused: BURST - MAX_FAILURES_PER_ADDRESS,
      other: 0,
    });
    // Also the right password of an untouched account, from that address.
    expect((await apiSignIn(DEMO_ACCOUNTS.partner, DEMO_PASSWORD, "10.33.0.1")).status).toBe(429);
  });
});

describe("sign-in throttle bookkeeping", () => {
  it("an attempt refused for its account uses up nothing of its address's allowance", async () => {
    const email = "locked@cted.example";
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++)
      expect((await apiSignIn(email, "wrong", `10.34.0.${i}`)).status).toBe(401);
    // Many refusals from one address for the locked account...
    const refused = await burst(BURST, () => apiSignIn(email, "wrong", "10.34.1.1"));
    expect(tally(refused).refused).toBe(BURST);
    // ...and that address still has its whole allowance for other accounts.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
      expect((await apiSignIn(`other${i}@cted.example`, "wrong", "10.34.1.1")).status).toBe(401);
    expect((await apiSignIn("one-more@cted.example", "wrong", "10.34.1.1")).status).toBe(429);
  });

  it("successful sign-ins do not count against their address (an office behind one address)", async () => {
    // More successes than the address limit, all from one address, then a wrong password: checked.
    for (let i = 0; i <= MAX_FAILURES_PER_ADDRESS; i++)
      expect((await apiSignIn(DEMO_ACCOUNTS.expert, DEMO_PASSWORD, "10.35.0.1")).status).toBe(200);
    expect((await apiSignIn(DEMO_ACCOUNTS.expert, "wrong", "10.35.0.1")).status).toBe(401);
  });

  it("a success clears its account's failures; the other accounts' stay", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
      expect((await apiSignIn(DEMO_ACCOUNTS.admin, "wrong", `10.36.0.${i}`)).status).toBe(401);
      expect((await apiSignIn("someone@cted.example", "wrong", `10.36.1.${i}`)).status).toBe(401);
    }
    expect((await apiSignIn(DEMO_ACCOUNTS.admin, DEMO_PASSWORD, "10.36.2.1")).status).toBe(200);
    expect(await heldFor(DEMO_ACCOUNTS.admin)).toBe(0);
    expect(await heldFor("someone@cted.example")).toBe(MAX_FAILURES_PER_ACCOUNT - 1);
  });

  it("maintenance prunes only counters whose attempts have all left the window, and the account is free again", async () => {
    const email = "pruned@cted.example";
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await apiSignIn(email, "wrong", `10.37.0.${i}`);
    expect((await apiSignIn(email, "wrong", "10.37.1.1")).status).toBe(429);
    await apiSignIn("recent@cted.example", "wrong", "10.37.2.1");
    // Age the first account's attempts (and their addresses') past the window.
    await database().sql.query(
      `UPDATE "SignInThrottle" SET hits = ARRAY(SELECT h - interval '16 minutes' FROM unnest(hits) h) WHERE key = $1 OR key LIKE 'address:10.37.0.%'`,
      [`account:${email}`],
    );
    await pruneAuthRecords();
    const keys = [
      `account:${email}`,
      ...Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, (_, i) => `address:10.37.0.${i}`),
      "account:recent@cted.example",
      "address:10.37.2.1",
    ];
    const left = await database().sql.query<{ key: string }>(
      `SELECT key FROM "SignInThrottle" WHERE key = ANY($1)`,
      [keys],
    );
    // The refused attempt's address (10.37.1.1) held nothing once refused: pruned as well.
    expect(left.map((r) => r.key).sort()).toEqual(["account:recent@cted.example", "address:10.37.2.1"]);
    expect((await apiSignIn(email, "wrong", "10.37.3.1")).status).toBe(401);
  });
});
