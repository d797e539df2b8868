import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import {
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

import { may } from "~/access/capabilities.ts";
import { documentAccess } from "~/access/visibility.ts";
import { CaseCollaboration } from "~/components/collab/CaseCollaboration.tsx";
import { EvidenceSection } from "~/components/evidence/EvidenceSection.tsx";
import { LineagePanel } from "~/components/LineagePanel.tsx";
import { describeEvent, useChangedByOthers } from "~/components/live/LiveUpdates.tsx";
import { useUnreadCountAfterReading } from "~/components/notifications/unread-count.ts";
import { CaseActions } from "~/components/review/CaseActions.tsx";
import { SubmissionPackage } from "~/components/review/SubmissionPackage.tsx";
import { DueBadge, StateBadge } from "~/components/StateBadge.tsx";
import { NewTaskForm, TaskList } from "~/components/TaskList.tsx";
import { WorkflowDiagram } from "~/components/WorkflowDiagram.tsx";
import { CaseEventInput } from "~/domain/case-input.ts";
import { applyCaseEvent, caseHistory, getCase } from "~/domain/cases.server.ts";
import { caseDocName, savedResponseText } from "~/domain/documents.server.ts";
import { listEvidence } from "~/domain/evidence.server.ts";
import { caseLineage } from "~/domain/lineage.server.ts";
import { mentionablePeople } from "~/domain/mentions.server.ts";
import { markCaseRead } from "~/domain/notifications.server.ts";
import { caseReview } from "~/domain/review.server.ts";
import { TaskInput } from "~/domain/task-input.ts";
import { assigneeOptions, canCreateTask, createTask, listTasks } from "~/domain/tasks.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { Translate } from "~/i18n/languages.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { areaLabel } from "~/lib/areas.ts";
import { numberFromForm } from "~/lib/input-number.ts";
import mentionStyles from "~/styles/mentions.css";
import { CASE_EVENT_TYPES } from "~workflows/recommendation-labels.ts";

export const links = () => [{ rel: "stylesheet", href: mentionStyles }];

export const handle: TitleHandle<typeof loader> = {
  title: (data) =>
    data ? { key: "casePage:title", values: { ref: data.case.ref } } : { key: "common:errorPage.notFound" },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const [detail, history, tasks, evidence, lineage, areas] = await orNotFound(
    Promise.all([
      getCase(user, id),
      caseHistory(user, id),
      listTasks(user, id),
      listEvidence(user, id),
      caseLineage(user, id),
      thematicAreas(),
    ]),
  );
  // The user may see the case: opening it reads their notifications about it.
  const readNotifications = await markCaseRead(user, id);
  // The response and its comments are between the State and CTED (app/access/visibility.ts).
  const response = documentAccess(user, { countryCode: detail.country, stateValue: detail.stateValue })
    ? {
        docId: caseDocName(id),
        savedText: await savedResponseText(id),
        resolvesAnyComment: may(user, "resolveAnyComment"),
        // Whom the comment boxes offer to mention: those who may read the comments.
        mentionable: await mentionablePeople(user, id),
      }
    : null;
  const taskForm = canCreateTask(user, detail)
    ? { proposing: !may(user, "actForCted"), options: await assigneeOptions(detail.country) }
    : null;
  return json({
    case: detail,
    history,
    tasks,
    taskForm,
    me: { id: user.id, name: user.name },
    response,
    evidence,
    lineage,
    areas,
    review: await caseReview(user, detail, tasks, evidence),
    readNotifications,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return formAction(async () => {
    const form = await readForm(request);
    if (form.intent === "task-create") {
      const [kind, assigneeId] = String(form.assignee ?? "").split(":");
      const input = TaskInput.parse({
        title: form.title,
        description: form.description,
        dueAt: form.dueAt,
        [kind === "user" ? "assigneeUserId" : "assigneeOrgId"]: assigneeId,
      });
      await createTask(user, id, input);
      return redirect(`/cases/${id}?done=TASK_CREATED#tasks`);
    }
    const input = CaseEventInput.parse({
      type: form.type,
      version: numberFromForm(form.version),
      reason: form.reason || undefined,
    });
    await applyCaseEvent(user, id, input);
    return redirect(`/cases/${id}?done=${input.type}`);
  });
}

// A refused action does not reload the page's data, except after losing a race (409): then the
// page must show the case as the winner left it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { currentVersion?: number } | undefined)?.currentVersion ? true : defaultShouldRevalidate;

/** Values typed by people (names, titles) stay text inside <Trans>, whatever characters they hold. */

/** What a history entry records: one of its own kinds, else a workflow event. */
function historyName(t: Translate, exists: (key: string) => boolean, type: string): string {
  if (exists(`workflow:history.${type}`)) return t(`workflow:history.${type}`);
  return exists(`workflow:events.${type}`) ? t(`workflow:events.${type}`) : type;
}

/** What a ?done= names: a workflow event, or (other) a task's or evidence's change. */
function doneName(
  t: Translate,
  exists: (key: string) => boolean,
  done: string | null,
): { label: string; other: boolean } | undefined {
  if (!done) return undefined;
  if (done === "EVIDENCE_ADDED" || done === "EVIDENCE_DELETED")
    return { label: t(`done.${done}`), other: true };
  if (done.startsWith("TASK_") && exists(`workflow:history.${done}`))
    return { label: t(`workflow:history.${done}`), other: true };
  return (CASE_EVENT_TYPES as readonly string[]).includes(done)
    ? { label: t(`workflow:events.${done}`), other: false }
    : undefined;
}

export default function CasePage() {
  const {
    case: c,
    history,
    tasks,
    taskForm,
    me,
    response,
    evidence,
    lineage,
    areas,
    review,
    readNotifications,
  } = useLoaderData<typeof loader>();
  useUnreadCountAfterReading(readNotifications);
  const { t, i18n } = useTranslation("casePage");
  const format = useFormat();
  const exists = (key: string) => i18n.exists(key);
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = doneName(t, exists, params.get("done"));
  const taskTitles = Object.fromEntries(tasks.map((task) => [task.id, task.title]));
  const submitted = new Set(c.submission?.evidenceIds ?? []);
  const changed = useChangedByOthers(c.id, me.id);
  // After losing a race, say what the winner did: the history's last entry (the page reloaded it).
  const winner = failure?.currentVersion ? history.at(-1) : undefined;
  const state = stateName(t, c.stateValue);
  const day = (value: string | null | undefined) => format.day(value) || "—";
  return (
    <>
      <p>
        <Link to="/cases">{t("allCases")}</Link>
      </p>
      <h1>
        <span className="muted" translate="no">
          {c.ref}
        </span>{" "}
        {/* What people wrote takes its own direction: an English title on an Arabic page. */}
        <bdi>{c.title}</bdi>
      </h1>
      <p>
        <StateBadge state={c.state} stateValue={c.stateValue} /> <DueBadge due={c.due} />{" "}
        {c.assessment.isDemo ? <span className="badge demo">{t("demoData")}</span> : null}
      </p>
      {changed && !failure ? (
        <p className="notice info" role="status">
          {t("notices.changed", { what: describeEvent(changed, t), state })}
        </p>
      ) : null}
      {done && !failure && !changed ? (
        <p className="notice success" role="status">
          {done.other
            ? t("notices.done", { what: done.label })
            : t("notices.doneNowState", { what: done.label, state })}
        </p>
      ) : null}
      {failure ? (
        <p className="notice error" role="alert">
          {winner
            ? t("notices.lostRace", {
                name: winner.actor.name,
                what: historyName(t, exists, winner.type),
                state,
              })
            : failure.message}
        </p>
      ) : null}
      {/* In the order people need it, which is also the keyboard's and a phone's: the facts, what the
          viewer can do, the response, then tasks and evidence, and last the history and the diagram.
          On wide screens the facts and actions sit in a column beside the rest (styles.css). */}
      <div className="case-layout">
        <section className="card" aria-labelledby="text-heading">
          <h2 id="text-heading">{t("recommendation")}</h2>
          <p className="case-text" dir="auto">
            {c.text}
          </p>
        </section>
        <div className="case-side">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">{t("details.heading")}</h2>
            <dl className="meta">
              <dt>{t("details.country")}</dt>
              <dd>
                {c.assessment.countryName} (<span translate="no">{c.country}</span>)
              </dd>
              <dt>{t("details.assessment")}</dt>
              <dd>{c.assessment.title}</dd>
              <dt>{t("details.resolutions")}</dt>
              <dd translate="no">{c.assessment.resolutions.join(", ")}</dd>
              <dt>{t("details.area")}</dt>
              <dd>{areaLabel(areas, c.area, t)}</dd>
              <dt>{t("details.priority")}</dt>
              <dd>{t(`workflow:priorities.${c.priority}`).toLocaleLowerCase(i18n.language)}</dd>
              <dt>{t("details.owner")}</dt>
              <dd translate="no">{c.owner.name}</dd>
              <dt>{t("details.due")}</dt>
              <dd>{day(c.dueAt)}</dd>
              <dt>{t("details.reportSent")}</dt>
              <dd>{day(c.assessment.reportSentAt)}</dd>
              <dt>{t("details.observationsDue")}</dt>
              <dd>
                {day(c.assessment.observationsDueAt)} <DueBadge due={c.assessment.observationsDue} />
              </dd>
              <dt>{t("details.reportAdopted")}</dt>
              <dd>{day(c.assessment.reportAdoptedAt)}</dd>
              <dt>{t("details.version")}</dt>
              <dd>{format.count(c.version)}</dd>
            </dl>
          </section>
          <CaseActions
            caseId={c.id}
            version={c.version}
            allowedEvents={c.allowedEvents}
            reasonRequiredFor={c.reasonRequiredFor}
            openTasks={review.openTasks}
            newEvidence={review.newEvidence}
            canEdit={c.canEdit}
          />
        </div>
        {response ? (
          <CaseCollaboration
            docId={response.docId}
            user={me}
            resolvesAnyComment={response.resolvesAnyComment}
            mentionable={response.mentionable}
            savedText={response.savedText}
            frozenReason={review.frozenReason}
          />
        ) : null}
        {c.submission ? (
          <SubmissionPackage
            caseId={c.id}
            submission={c.submission}
            underReview={review.underReview}
            comparison={review.comparison}
            items={evidence.filter((e) => submitted.has(e.id))}
            taskTitles={taskTitles}
          />
        ) : null}
        <section className="card" id="tasks" aria-labelledby="tasks-heading">
          <h2 id="tasks-heading">{t("tasksHeading")}</h2>
          <TaskList tasks={tasks} />
          {taskForm ? (
            <NewTaskForm
              key={tasks.length}
              proposing={taskForm.proposing}
              options={taskForm.options}
              errors={failure?.fields}
            />
          ) : null}
        </section>
        <EvidenceSection
          caseId={c.id}
          items={evidence}
          inSubmission={[...submitted]}
          taskTitles={taskTitles}
          form={review.evidenceForm}
          error={params.get("evidenceError")}
        />
        <LineagePanel lineage={lineage} />
        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{t("history.heading")}</h2>
          <ol className="timeline">
            {history.map((h) => (
              <li key={h.id}>
                <strong>{historyName(t, exists, h.type)}</strong>
                {h.from && h.from !== h.to ? (
                  <>
                    {" · "}
                    {t("history.transition", { from: stateName(t, h.from), to: stateName(t, h.to) })}
                  </>
                ) : null}
                <br />
                <span className="muted">
                  <Trans
                    t={t}
                    i18nKey="history.by"
                    values={{
                      name: h.actor.name,
                      role: t(`common:roles.${h.actor.role}`),
                      time: format.time(h.at),
                    }}
                    components={{ time: <time dateTime={h.at} /> }}
                    {...TRANS_WITH_DATA}
                  />
                </span>
                {h.reason ? <p className="reason">{h.reason}</p> : null}
                {h.responseText ? (
                  <details className="response-at-step">
                    <summary>{t("history.responseAtStep")}</summary>
                    <p className="case-text" dir="auto">
                      {h.responseText}
                    </p>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
        <section className="card case-diagram" aria-labelledby="workflow-heading">
          <h2 id="workflow-heading" className="sr-only">
            {t("diagram.heading")}
          </h2>
          <WorkflowDiagram current={c.stateValue} />
        </section>
      </div>
    </>
  );
}
