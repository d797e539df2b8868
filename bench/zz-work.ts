export {};
const { withRowScope } = await import("~/db/row-security.server.ts");
const { rowScope, caseScope } = await import("~/access/scopes.server.ts");
const { signIn } = await import("~/domain/auth.server.ts");
const { casesAwaitingAction } = await import("~/domain/cases.server.ts");
const { myTasks } = await import("~/domain/tasks.server.ts");
const { casesInStates } = await import("~/models/cases.server.ts");
const { caseStateValuesWith } = await import("~workflows/state-tags.ts");
const { prepareDatabase } = await import("~/db/prepare.server.ts");
await prepareDatabase({ seed: false });
const { user } = await signIn(process.env.WHO ?? "expert@cted.example", "followup-demo", "10.0.0.1");
const steps: [string, () => Promise<unknown>][] = [
  ["casesInStates", () => casesInStates(caseScope(user), caseStateValuesWith("underReview"), 500)],
  ["casesAwaitingAction", () => casesAwaitingAction(user)],
  ["myTasks", () => myTasks(user)],
];
for (const [name, fn] of steps) {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await withRowScope(rowScope(user), fn);
    n = Array.isArray(r) ? r.length : -1;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} p50 ${times[2]!.toFixed(2)} ms  rows ${n}`);
}
process.exit(0);
