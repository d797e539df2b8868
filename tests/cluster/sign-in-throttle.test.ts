// The sign-in throttle across two app processes on one PostgreSQL (security review, issue 9,
// finding 2): a burst of simultaneous sign-ins for one account, split between the processes,
// gets no more passwords checked than the limit. Over real HTTP, as an attacker would send it:
// 401 means the password was checked (and was wrong), 429 that it was refused unchecked.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "~/domain/auth.server.ts";
import { type RunningApp, startApp } from "~tests/helpers/server.ts";
import { emptyDatabase } from "~tests/pg/throwaway-postgres.ts";

const adminUrl = process.env.TEST_PG_ADMIN_URL;
if (!adminUrl) throw new Error("run through `npm run test:cluster`, which starts PostgreSQL");

const dbName = `followup_throttle_${process.pid}`;
let databaseUrl: string;
const BURST = 30;
const DEMO_PASSWORD = "followup-demo";
let apps: RunningApp[] = [];
let db: pg.Client;

beforeAll(async () => {
  databaseUrl = await emptyDatabase(adminUrl, dbName);
  // TRUST_PROXY as behind a load balancer: each attempt can come from an address of its own
  // (X-Forwarded-For), so that the account's limit, not the address's, is what a burst meets.
  apps = await Promise.all([1, 2].map(() => startApp({ DATABASE_URL: databaseUrl, TRUST_PROXY: "1" })));
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await db?.end();
});

/** Attempt i goes to process i % 2, through the API or (odd pairs) the sign-in page's form. */
function attempt(i: number, email: string, password: string, address: string): Promise<Response> {
  const url = apps[i % 2]!.url;
  const headers = { "X-Forwarded-For": address };
  if (Math.floor(i / 2) % 2) {
    return fetch(`${url}/login`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
      redirect: "manual",
    });
  }
  return fetch(`${url}/api/session`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

async function burst(n: number, send: (i: number) => Promise<Response>) {
  const responses = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  await Promise.all(responses.map((r) => r.arrayBuffer()));
  const count = (...statuses: number[]) => responses.filter((r) => statuses.includes(r.status)).length;
  // A sign-in through the page form answers a redirect; through the API, 200.
  const tally = { signedIn: count(200, 302), checked: count(401), refused: count(429) };
  const perProcess = [0, 1].map((p) => responses.filter((r, i) => i % 2 === p && r.status === 401).length);
  return {
    responses,
    tally: { ...tally, other: n - tally.signedIn - tally.checked - tally.refused },
    perProcess,
  };
}

describe("sign-in throttle across two processes on one PostgreSQL", () => {
  it(`checks exactly ${MAX_FAILURES_PER_ACCOUNT} of ${BURST} simultaneous wrong passwords for one account sent to both processes`, async () => {
    const { tally, perProcess } = await burst(BURST, (i) =>
      attempt(i, "observer@ctc.example", `wrong-${i}`, `10.40.0.${i}`),
    );
    console.info(
      `one account, ${BURST} wrong passwords over 2 processes: ${tally.checked} checked (${perProcess.join(" + ")}), ${tally.refused} refused`,
    );
    expect(tally).toEqual({
      signedIn: 0,
      checked: MAX_FAILURES_PER_ACCOUNT,
      refused: BURST - MAX_FAILURES_PER_ACCOUNT,
      other: 0,
    });
    // Both processes now refuse the right password too, unchecked.
    for (const i of [0, 1])
      expect((await attempt(i, "observer@ctc.example", DEMO_PASSWORD, "10.40.1.1")).status).toBe(429);
  });

  it("lets the right password in such a burst sign in only if it was among the first counted", async () => {
    const email = "focal@tjk.example";
    const position = 11;
    const { responses, tally } = await burst(BURST, (i) =>
      attempt(i, email, i === position ? DEMO_PASSWORD : `wrong-${i}`, `10.41.0.${i}`),
    );
    const right = responses[position]!;
    console.info(
      `right password in the burst: ${right.status}; ${tally.checked} wrong passwords checked of ${BURST - 1}`,
    );
    expect(tally.other).toBe(0);
    if (right.status === 429) {
      expect(tally).toMatchObject({
        signedIn: 0,
        checked: MAX_FAILURES_PER_ACCOUNT,
        refused: BURST - MAX_FAILURES_PER_ACCOUNT,
      });
    } else {
      // Signed in: it was counted with at most (limit - 1) wrong ones; its success cleared the
      // account's counter, and what that holds now was counted after it.
      expect([200, 302]).toContain(right.status);
      expect(tally.signedIn).toBe(1);
      const { rows } = await db.query(
        `SELECT coalesce(cardinality(hits), 0) AS n FROM "SignInThrottle" WHERE key = $1`,
        [`account:${email}`],
      );
      const after = Number(rows[0]?.n ?? 0);
      expect(after).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
      expect(tally.checked - after).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT - 1);
    }
  });

  it(`checks exactly ${MAX_FAILURES_PER_ADDRESS} of ${BURST} simultaneous attempts from one address on different accounts`, async () => {
    const { tally } = await burst(BURST, (i) => attempt(i, `guess${i}@cted.example`, "wrong", "10.42.0.1"));
    console.info(
      `one address, ${BURST} accounts over 2 processes: ${tally.checked} checked, ${tally.refused} refused`,
    );
    expect(tally).toEqual({
      signedIn: 0,
      checked: MAX_FAILURES_PER_ADDRESS,
      refused: BURST - MAX_FAILURES_PER_ADDRESS,
      other: 0,
    });
  });

  it("a right password still signs in on either process, by the API or the page, for an account nobody attacked", async () => {
    const statuses = [];
    for (const i of [0, 1, 2, 3])
      statuses.push((await attempt(i, "expert@cted.example", DEMO_PASSWORD, `10.43.0.${i}`)).status);
    expect(statuses).toEqual([200, 200, 302, 302]);
  });
});
