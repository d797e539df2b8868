import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";

import { may } from "~/access/capabilities.ts";
import { ROLE_LABELS } from "~/access/roles.ts";
import { documentAccess } from "~/access/visibility.ts";
import { CaseCollaboration } from "~/components/collab/CaseCollaboration.tsx";
import { EvidenceSection } from "~/components/evidence/EvidenceSection.tsx";
import { LineagePanel } from "~/components/LineagePanel.tsx";
import { describeEvent, useChangedByOthers } from "~/components/live/LiveUpdates.tsx";
import { useUnreadCountAfterReading } from "~/components/notifications/unread-count.ts";
import { CaseActions } from "~/components/review/CaseActions.tsx";
import { SubmissionPackage } from "~/components/review/SubmissionPackage.tsx";
import { DueBadge, formatDate, StateBadge } from "~/components/StateBadge.tsx";
import { NewTaskForm, TaskList } from "~/components/TaskList.tsx";
import { WorkflowDiagram } from "~/components/WorkflowDiagram.tsx";
import { CaseEventInput } from "~/domain/case-input.ts";
import { applyCaseEvent, caseHistory, getCase } from "~/domain/cases.server.ts";
import { caseDocName, savedResponseText } from "~/domain/documents.server.ts";
import { listEvidence } from "~/domain/evidence.server.ts";
import { caseLineage } from "~/domain/lineage.server.ts";
import { markCaseRead } from "~/domain/notifications.server.ts";
import { caseReview } from "~/domain/review.server.ts";
import { TaskInput } from "~/domain/task-input.ts";
import { assigneeOptions, canCreateTask, createTask, listTasks } from "~/domain/tasks.server.ts";
import { thematicAreas } from "~/domain/thematic-areas.server.ts";
import { formAction, orNotFound, readForm } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { areaLabel } from "~/lib/areas.ts";
import { numberFromForm } from "~/lib/input-number.ts";
import { HISTORY_LABELS } from "~/lib/labels.ts";
import { type CaseEventType, EVENT_LABELS, STATE_LABELS } from "~workflows/recommendation-labels.ts";
import { TASK_HISTORY_LABELS } from "~workflows/task-labels.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.case.ref} · Follow-up` : "Not found · Follow-up" },
];

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

/** What a ?done= names that is not a workflow event: tasks' and evidence's. */
const OTHER_DONE_LABELS: Record<string, string> = {
  ...TASK_HISTORY_LABELS,
  EVIDENCE_ADDED: "Evidence added",
  EVIDENCE_DELETED: "Evidence deleted",
};

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
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const otherDone = done ? OTHER_DONE_LABELS[done] : undefined;
  const doneLabel = otherDone ?? EVENT_LABELS[done as CaseEventType];
  const taskTitles = Object.fromEntries(tasks.map((t) => [t.id, t.title]));
  const submitted = new Set(c.submission?.evidenceIds ?? []);
  const changed = useChangedByOthers(c.id, me.id);
  // After losing a race, say what the winner did: the history's last entry (the page reloaded it).
  const winner = failure?.currentVersion ? history.at(-1) : undefined;
  return (
    <>
      <p>
        <Link to="/cases">← All cases</Link>
      </p>
      <h1>
        <span className="muted">{c.ref}</span> {c.title}
      </h1>
      <p>
        <StateBadge state={c.state} stateValue={c.stateValue} /> <DueBadge due={c.due} />{" "}
        {c.assessment.isDemo ? <span className="badge demo">Demo data</span> : null}
      </p>
      {changed && !failure ? (
        <p className="notice info" role="status">
          Just now: {describeEvent(changed)}. This page shows the case as it is now (
          {STATE_LABELS[c.stateValue]}).
        </p>
      ) : null}
      {done && doneLabel && !failure && !changed ? (
        <p className="notice success" role="status">
          Done: {doneLabel}.{otherDone ? null : <> The case is now {STATE_LABELS[c.stateValue]}.</>}
        </p>
      ) : null}
      {failure ? (
        <p className="notice error" role="alert">
          {winner ? (
            <>
              {winner.actor.name} changed this case first ({HISTORY_LABELS[winner.type] ?? winner.type}); it
              is now {STATE_LABELS[c.stateValue]}. Your action was not applied: check the case below and
              choose again.
            </>
          ) : (
            failure.message
          )}
        </p>
      ) : null}
      {/* In the order people need it, which is also the keyboard's and a phone's: the facts, what the
          viewer can do, the response, then tasks and evidence, and last the history and the diagram.
          On wide screens the facts and actions sit in a column beside the rest (styles.css). */}
      <div className="case-layout">
        <section className="card" aria-labelledby="text-heading">
          <h2 id="text-heading">Recommendation</h2>
          <p className="case-text">{c.text}</p>
        </section>
        <div className="case-side">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <dl className="meta">
              <dt>Country</dt>
              <dd>
                {c.assessment.countryName} ({c.country})
              </dd>
              <dt>Assessment</dt>
              <dd>{c.assessment.title}</dd>
              <dt>Resolutions</dt>
              <dd>{c.assessment.resolutions.join(", ")}</dd>
              <dt>Thematic area</dt>
              <dd>{areaLabel(areas, c.area)}</dd>
              <dt>Priority</dt>
              <dd>{c.priority.toLowerCase()}</dd>
              <dt>Owner</dt>
              <dd>{c.owner.name}</dd>
              <dt>Due</dt>
              <dd>{formatDate(c.dueAt)}</dd>
              <dt>Report sent</dt>
              <dd>{formatDate(c.assessment.reportSentAt)}</dd>
              <dt>Observations due</dt>
              <dd>
                {formatDate(c.assessment.observationsDueAt)} <DueBadge due={c.assessment.observationsDue} />
              </dd>
              <dt>Report adopted</dt>
              <dd>{formatDate(c.assessment.reportAdoptedAt)}</dd>
              <dt>Version</dt>
              <dd>{c.version}</dd>
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
          <h2 id="tasks-heading">Tasks</h2>
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
          <h2 id="history-heading">History</h2>
          <ol className="timeline">
            {history.map((h) => (
              <li key={h.id}>
                <strong>{HISTORY_LABELS[h.type] ?? h.type}</strong>
                {h.from && h.from !== h.to ? (
                  <>
                    {" "}
                    · {STATE_LABELS[h.from]} → {STATE_LABELS[h.to]}
                  </>
                ) : null}
                <br />
                <span className="muted">
                  {h.actor.name} ({ROLE_LABELS[h.actor.role]}),{" "}
                  <time dateTime={h.at}>
                    {new Date(h.at).toLocaleString("en-GB", {
                      timeZone: "UTC",
                      dateStyle: "medium",
                      timeStyle: "short",
                    })}{" "}
                    UTC
                  </time>
                </span>
                {h.reason ? <p className="reason">{h.reason}</p> : null}
                {h.responseText ? (
                  <details className="response-at-step">
                    <summary>Response at this step</summary>
                    <p className="case-text">{h.responseText}</p>
                  </details>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
        <section className="card case-diagram" aria-labelledby="workflow-heading">
          <h2 id="workflow-heading" className="sr-only">
            Workflow
          </h2>
          <WorkflowDiagram current={c.stateValue} />
        </section>
      </div>
    </>
  );
}
