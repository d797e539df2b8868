// Due-soon and overdue reminders, for tasks (to their assignees) and cases (to their owner and
// the State's focal points), in two steps so that neither holds the database for long:
//
// 1. Walk the due items a page at a time and record, per person, what they are to be reminded
//    of (table "Reminder", keyed by person, item, kind and due date: recorded once, whichever
//    process or run gets there first; a new due date is a new reminder), adding what is new to
//    the person's running summary ("ReminderPending"). One statement a page, and a pause between
//    pages, so that requests are served in between (on the embedded database, queries run on
//    the same thread as the app).
// 2. Tell each person once, in one notification per kind: "31 of your recommendations are
//    overdue: ...". Taking the running summary and storing its notification are one short
//    transaction, so a crash delays a summary but never repeats or loses one.
//
// Whoever is reminded must be allowed to see the item now (app/access/visibility.ts maySee). The
// rows are read and written through app/models/ (reminders.server.ts for the two statements above).
import { type Person, stateActedFor } from "~/access/capabilities.ts";
import { type CaseAudience, maySee } from "~/access/visibility.ts";
import {
  inLanguageOf,
  type NewNotification,
  orgsActingFor,
  type ReaderLanguage,
  tellPages,
} from "~/domain/notifications.server.ts";
import type { Translate } from "~/i18n/languages.ts";
import { DUE_SOON_DAYS, dueSoonBefore, dueStatus } from "~/lib/deadlines.ts";
import { dueCasesPage } from "~/models/cases.server.ts";
import { allOrganizationLinks } from "~/models/organizations.server.ts";
import {
  type PendingSummary,
  recordReminders,
  type ReminderInsert,
  takePendingSummaries,
} from "~/models/reminders.server.ts";
import { dueTasksPage } from "~/models/tasks.server.ts";
import { allEnabledViewers } from "~/models/users.server.ts";
import { caseStatesWith, taskStatesWith } from "~workflows/state-tags.ts";

const PAGE = 200;
const SUMMARIES_PER_BATCH = 100;
/** How many items a summary names before "and N more". */
const NAMED_IN_SUMMARY = 3;

const day = (d: Date) => d.toISOString().slice(0, 10);
const pause = () => new Promise((resolve) => setImmediate(resolve));

export async function runReminders(now = new Date()): Promise<{ reminders: number; notifications: number }> {
  const people = await activePeople();
  let reminders = 0;
  for await (const rows of dueTaskPages(now, people)) reminders += await record(rows);
  for await (const rows of dueCasePages(now, people)) reminders += await record(rows);
  const notifications = await sendSummaries();
  return { reminders, notifications };
}

type Recipient = Person & { id: string } & ReaderLanguage;

// One translator per language for the labels of a run (thousands of rows, a handful of languages).
const translators = new Map<string, Translate>();
function translatorOf(p: ReaderLanguage): Translate {
  const language = p.locale ?? "";
  let t = translators.get(language);
  if (!t) translators.set(language, (t = inLanguageOf(p).t));
  return t;
}

/** The active users, and who acts for an organisation: its members, or for a ministry without accounts, its government's focal points. */
async function activePeople() {
  const users = await allEnabledViewers();
  const orgs = await allOrganizationLinks();
  const byId = new Map<string, Recipient>(users.map((u) => [u.id, u]));
  const members = (orgId: string) => users.filter((u) => u.organization.id === orgId);
  const actingFor = new Map(orgs.map((o) => [o.id, orgsActingFor(o).flatMap(members)]));
  const focalPoints = new Map<string, Recipient[]>();
  for (const u of users) {
    const country = stateActedFor(u);
    if (country) focalPoints.set(country, [...(focalPoints.get(country) ?? []), u]);
  }
  return {
    get: (id: string) => byId.get(id),
    actingFor: (orgId: string) => actingFor.get(orgId) ?? [],
    focalPointsOf: (countryCode: string) => focalPoints.get(countryCode) ?? [],
  };
}
type People = Awaited<ReturnType<typeof activePeople>>;

async function* dueTaskPages(now: Date, people: People): AsyncGenerator<ReminderInsert[]> {
  for (let after = ""; ;) {
    const tasks = await dueTasksPage(after, dueSoonBefore(now), PAGE, taskStatesWith("active"));
    if (tasks.length === 0) return;
    after = tasks.at(-1)!.id;
    yield tasks.flatMap((t) => {
      const kind = dueStatus(t.dueAt, false, now)!;
      const assigned = t.assigneeUserId
        ? [people.get(t.assigneeUserId)].filter((p) => p !== undefined)
        : people.actingFor(t.assigneeOrgId);
      // The case as far as this task goes: enough to decide, since seeing the task implies seeing the case.
      const audience: CaseAudience = {
        countryCode: t.case.countryCode,
        tasks: [{ id: t.id, assigneeOrgId: t.assigneeOrgId, state: t.state }],
      };
      return assigned
        .filter((p) => maySee(p, audience, t.id))
        .map((p) => ({
          userId: p.id,
          key: `${kind}:task:${t.id}:${day(t.dueAt)}`,
          kind,
          // Worded in the person's language now: the summary names it as it was recorded.
          label: translatorOf(p)("notifications:reminders.taskItem", { title: t.title, ref: t.case.ref }),
          caseId: t.case.id,
          taskId: t.id,
        }));
    });
    await pause();
  }
}

async function* dueCasePages(now: Date, people: People): AsyncGenerator<ReminderInsert[]> {
  for (let after = ""; ;) {
    const cases = await dueCasesPage(after, dueSoonBefore(now), PAGE, caseStatesWith("locked"));
    if (cases.length === 0) return;
    after = cases.at(-1)!.id;
    yield cases.flatMap((c) => {
      const kind = dueStatus(c.dueAt, false, now)!;
      // Partners are not reminded of cases, so the case's tasks do not matter here.
      const audience: CaseAudience = { countryCode: c.countryCode, tasks: [] };
      const recipients = [people.get(c.ownerId), ...people.focalPointsOf(c.countryCode)].filter(
        (p) => p !== undefined,
      );
      return recipients
        .filter((p) => maySee(p, audience))
        .map((p) => ({
          userId: p.id,
          key: `${kind}:case:${c.id}:${day(c.dueAt!)}`,
          kind,
          label: c.ref,
          caseId: c.id,
          taskId: null,
        }));
    });
    await pause();
  }
}

/** Records a page of reminders and adds the new ones to their people's summaries; returns how many were new. */
async function record(rows: ReminderInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await recordReminders(rows, NAMED_IN_SUMMARY);
  await pause();
  return added;
}

/** One notification per person and kind for everything recorded and not yet told. */
async function sendSummaries(): Promise<number> {
  let sent = 0;
  for (;;) {
    const told = await takePendingSummaries(SUMMARIES_PER_BATCH, (pending) => pending.map(summary));
    if (told.length === 0) return sent;
    tellPages(told);
    sent += told.length;
    await pause();
  }
}

type Summary = Omit<NewNotification, "text"> & { userId: string; text: string };

/** The one item's own sentence, or a count with the first few named: in the person's language. */
export function summary(p: PendingSummary): Summary {
  const { t, format } = inLanguageOf(p);
  const total = p.cases + p.tasks;
  const kind = p.kind === "overdue" ? "overdue" : "dueSoon";
  const item = (f: PendingSummary["first"][number]) =>
    f.taskId ? f.label : t("notifications:reminders.caseItem", { ref: f.label });
  if (total === 1) {
    const only = p.first[0]!;
    const date = format.day(only.key.split(":").at(-1));
    const text = t(`notifications:reminders.${kind}.one`, { date, item: item(only) });
    return { userId: p.userId, kind: p.kind, text, caseId: only.caseId, taskId: only.taskId };
  }
  const more = total - p.first.length;
  const list = p.first.map((f) => f.label).join(t("notifications:reminders.separator"));
  const named = more > 0 ? t("notifications:reminders.andMore", { list, count: more }) : list;
  const within = t("notifications:reminders.withinDays", { count: DUE_SOON_DAYS });
  const text =
    p.tasks === 0
      ? t(`notifications:reminders.${kind}.recommendations`, { count: total, named, within })
      : p.cases === 0
        ? t(`notifications:reminders.${kind}.tasks`, { count: total, named, within })
        : t(`notifications:reminders.${kind}.mixed`, {
            recommendations: t("notifications:reminders.recommendations", { count: p.cases }),
            tasks: t("notifications:reminders.tasks", { count: p.tasks }),
            named,
            within,
          });
  return {
    userId: p.userId,
    kind: p.kind,
    text,
    about: p.first.map(({ caseId, taskId }) => ({ caseId, taskId })),
  };
}
