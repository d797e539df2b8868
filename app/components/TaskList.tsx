// A case's tasks, with the actions the viewer may take on each and, for CTED or the State, the form
// to assign or propose one. Plain forms: they work without JavaScript.
import { Form, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { formatUtcTime } from "~/lib/time-format.ts";
import { TASK_EVENT_LABELS, TASK_STATE_LABELS } from "~workflows/task-labels.ts";

import { PastDateWarning, pastDayWarningId } from "./PastDateWarning.tsx";
import { DueBadge, formatDate } from "./StateBadge.tsx";

export interface TaskItem {
  id: string;
  title: string;
  description: string | null;
  dueAt: string;
  due: "overdue" | "due_soon" | null;
  state: string;
  version: number;
  assignee: { kind: "user" | "organization"; name: string };
  createdBy: { name: string };
  allowedEvents: string[];
  reasonRequiredFor: string[];
  canComment: boolean;
  comments: { id: string; body: string; createdAt: string; author: { name: string } }[];
}

export interface AssigneeOption {
  id: string;
  name: string;
  shortName: string;
  kind: string;
  users: { id: string; name: string }[];
}

/** What the reason box and its button say for the events that need a reason. */
const REASON_WORDS: Record<string, { reason: string; confirm: string }> = {
  CANCEL: { reason: "Reason for cancelling", confirm: "Cancel this task" },
  DECLINE: { reason: "Reason for declining", confirm: "Decline this task" },
};

export function TaskList({ tasks }: { tasks: TaskItem[] }) {
  if (tasks.length === 0) return <p className="muted">No tasks yet.</p>;
  return (
    <ul className="tasks">
      {tasks.map((t) => (
        <Task key={t.id} task={t} />
      ))}
    </ul>
  );
}

function Task({ task: t }: { task: TaskItem }) {
  // One fetcher per task: its answer (an error) shows beside it, and the page's data reloads.
  const fetcher = useFetcher<{ ok: true } | { ok: false; message: string }>();
  const here = useLocation();
  const busyWith = fetcher.state !== "idle" ? fetcher.formData?.get("type") : null;
  return (
    <li data-task={t.title}>
      <div className="task-head">
        <strong>{t.title}</strong>
        <span className={`badge task-${t.state}`}>{TASK_STATE_LABELS[t.state] ?? t.state}</span>
        <DueBadge due={t.due} />
      </div>
      <div className="muted">
        {t.assignee.name} · due {formatDate(t.dueAt)} · by {t.createdBy.name}
      </div>
      {t.description ? <p>{t.description}</p> : null}
      {t.allowedEvents.length > 0 ? (
        <div className="task-actions">
          {t.allowedEvents.map((type) => {
            const label = TASK_EVENT_LABELS[type] ?? type;
            const hidden = (
              <>
                <input type="hidden" name="redirectTo" value={`${here.pathname}${here.search}`} />
                <input type="hidden" name="type" value={type} />
                <input type="hidden" name="version" value={t.version} />
              </>
            );
            if (!t.reasonRequiredFor.includes(type)) {
              return (
                <fetcher.Form method="post" action={`/tasks/${t.id}/events`} key={type}>
                  {hidden}
                  <button
                    className="button secondary"
                    type="submit"
                    disabled={busyWith === type}
                    aria-label={`${label}: ${t.title}`}
                  >
                    {label}
                  </button>
                </fetcher.Form>
              );
            }
            // An event that needs a reason asks for it only once chosen: a disclosure with the form
            // inside (works without JavaScript too).
            const words = REASON_WORDS[type] ?? { reason: `Reason for “${label}”`, confirm: label };
            const reasonId = `task-${t.id}-${type}-reason`;
            return (
              <details className="task-reason-action" key={type}>
                <summary className="button secondary">
                  {label}
                  <span className="sr-only">: {t.title}</span>
                </summary>
                <fetcher.Form method="post" action={`/tasks/${t.id}/events`}>
                  {hidden}
                  <div className="field">
                    <label htmlFor={reasonId}>
                      {words.reason}
                      <span className="sr-only"> “{t.title}”</span>
                    </label>
                    <textarea id={reasonId} name="reason" required maxLength={2000} rows={2} />
                  </div>
                  <button
                    className="button"
                    type="submit"
                    disabled={busyWith === type}
                    aria-label={`${words.confirm}: ${t.title}`}
                  >
                    {words.confirm}
                  </button>
                </fetcher.Form>
              </details>
            );
          })}
        </div>
      ) : null}
      {fetcher.data && !fetcher.data.ok ? (
        <p className="error" role="alert">
          {fetcher.data.message}
        </p>
      ) : null}
      <TaskComments task={t} />
    </li>
  );
}

/** The new-task form's fields: an error on one of them opens the form. */
const TASK_FIELDS = ["title", "description", "assignee", "assigneeOrgId", "assigneeUserId", "dueAt"];

export function NewTaskForm({
  proposing,
  options,
  errors,
}: {
  proposing: boolean;
  options: AssigneeOption[];
  errors?: Record<string, string>;
}) {
  // A day before today is accepted, with a warning as soon as it is chosen.
  const [dueAt, setDueAt] = useState("");
  const dueDescribedBy = [
    pastDayWarningId("task-due-warning", dueAt),
    errors?.dueAt ? "task-dueAt-error" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const err = (name: string) =>
    errors?.[name] ? (
      <span className="error" id={`task-${name}-error`}>
        {errors[name]}
      </span>
    ) : null;
  // Folded away unless it came back with errors, so that it does not push the rest of the page down.
  return (
    <details className="new-task-toggle" open={TASK_FIELDS.some((f) => errors?.[f]) || undefined}>
      <summary className="button secondary">Add a task</summary>
      <Form method="post" className="new-task">
        <input type="hidden" name="intent" value="task-create" />
        <h3>{proposing ? "Propose a task" : "Assign a task"}</h3>
        {proposing ? <p className="muted">CTED accepts or declines what you propose.</p> : null}
        <div className="field">
          <label htmlFor="task-title">Task</label>
          <input
            id="task-title"
            name="title"
            required
            minLength={3}
            maxLength={200}
            aria-describedby={errors?.title ? "task-title-error" : undefined}
          />
          {err("title")}
        </div>
        <div className="field">
          <label htmlFor="task-description">Details (optional)</label>
          <textarea id="task-description" name="description" rows={2} maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor="task-assignee">Assigned to</label>
          <select id="task-assignee" name="assignee" required defaultValue="">
            <option value="" disabled>
              Choose an organisation or a person
            </option>
            {options.map((o) => (
              <optgroup key={o.id} label={o.name}>
                <option value={`org:${o.id}`}>{o.shortName} (the whole organisation)</option>
                {o.users.map((u) => (
                  <option key={u.id} value={`user:${u.id}`}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {err("assignee") ?? err("assigneeOrgId") ?? err("assigneeUserId")}
        </div>
        <div className="field">
          <label htmlFor="task-due">Due</label>
          <input
            id="task-due"
            name="dueAt"
            type="date"
            required
            aria-describedby={dueDescribedBy || undefined}
            onChange={(e) => setDueAt(e.target.value)}
          />
          {err("dueAt")}
          <PastDateWarning id="task-due-warning" day={dueAt} what="task" />
        </div>
        <button className="button" type="submit">
          {proposing ? "Propose task" : "Assign task"}
        </button>
      </Form>
    </details>
  );
}

function TaskComments({ task: t }: { task: TaskItem }) {
  const fetcher = useFetcher<{ ok: true } | { ok: false; message: string }>();
  const here = useLocation();
  // Empty the box once the comment is in.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  if (t.comments.length === 0 && !t.canComment) return null;
  return (
    <details className="task-comments" open={t.comments.length > 0}>
      <summary>Comments ({t.comments.length})</summary>
      <ul>
        {t.comments.map((c) => (
          <li key={c.id}>
            <strong>{c.author.name}</strong>{" "}
            <time dateTime={c.createdAt} className="muted">
              {formatUtcTime(c.createdAt)}
            </time>
            <p>{c.body}</p>
          </li>
        ))}
      </ul>
      {t.canComment ? (
        <fetcher.Form method="post" action={`/tasks/${t.id}/comments`} ref={formRef}>
          <input type="hidden" name="redirectTo" value={`${here.pathname}${here.search}`} />
          <label>
            <span className="sr-only">Comment on “{t.title}”</span>
            <textarea
              name="body"
              required
              maxLength={4000}
              rows={2}
              placeholder="Add a comment"
              aria-label={`Comment on ${t.title}`}
            />
          </label>
          <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
            Comment
          </button>
          {fetcher.data && !fetcher.data.ok ? (
            <p className="error" role="alert">
              {fetcher.data.message}
            </p>
          ) : null}
        </fetcher.Form>
      ) : null}
    </details>
  );
}
