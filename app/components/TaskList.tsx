// A case's tasks, with the actions the viewer may take on each and, for CTED or the State, the form
// to assign or propose one. Plain forms: they work without JavaScript.
import { Form, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";

import { useFormat } from "~/i18n/format.ts";
import { TRANS_WITH_DATA } from "~/i18n/trans.ts";

import { PastDateWarning, pastDayWarningId } from "./PastDateWarning.tsx";
import { DueBadge } from "./StateBadge.tsx";

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

/** The events whose reason box and button have words of their own (tasks:reason.*, tasks:confirm.*). */
const REASON_WORDS = new Set(["CANCEL", "DECLINE"]);

/** Values typed by people (titles) stay text inside <Trans>, whatever characters they hold. */

export function TaskList({ tasks }: { tasks: TaskItem[] }) {
  const { t } = useTranslation("tasks");
  if (tasks.length === 0) return <p className="muted">{t("empty")}</p>;
  return (
    <ul className="tasks">
      {tasks.map((task) => (
        <Task key={task.id} task={task} />
      ))}
    </ul>
  );
}

function Task({ task }: { task: TaskItem }) {
  const { t } = useTranslation("tasks");
  const format = useFormat();
  // One fetcher per task: its answer (an error) shows beside it, and the page's data reloads.
  const fetcher = useFetcher<{ ok: true } | { ok: false; message: string }>();
  const here = useLocation();
  const busyWith = fetcher.state !== "idle" ? fetcher.formData?.get("type") : null;
  return (
    <li data-task={task.title}>
      <div className="task-head">
        <strong>{task.title}</strong>
        <span className={`badge task-${task.state}`}>{t(`workflow:taskStates.${task.state}`)}</span>
        <DueBadge due={task.due} />
      </div>
      <div className="muted">
        {t("meta", {
          assignee: task.assignee.name,
          date: format.day(task.dueAt) || "—",
          creator: task.createdBy.name,
        })}
      </div>
      {task.description ? <p>{task.description}</p> : null}
      {task.allowedEvents.length > 0 ? (
        <div className="task-actions">
          {task.allowedEvents.map((type) => {
            const label = t(`workflow:taskEvents.${type}`);
            const hidden = (
              <>
                <input type="hidden" name="redirectTo" value={`${here.pathname}${here.search}`} />
                <input type="hidden" name="type" value={type} />
                <input type="hidden" name="version" value={task.version} />
              </>
            );
            if (!task.reasonRequiredFor.includes(type)) {
              return (
                <fetcher.Form method="post" action={`/tasks/${task.id}/events`} key={type}>
                  {hidden}
                  <button
                    className="button secondary"
                    type="submit"
                    disabled={busyWith === type}
                    aria-label={t("actionOn", { action: label, title: task.title })}
                  >
                    {label}
                  </button>
                </fetcher.Form>
              );
            }
            // An event that needs a reason asks for it only once chosen: a disclosure with the form
            // inside (works without JavaScript too).
            const own = REASON_WORDS.has(type);
            const confirm = own ? t(`confirm.${type}`) : label;
            const reasonId = `task-${task.id}-${type}-reason`;
            return (
              <details className="task-reason-action" key={type}>
                <summary className="button secondary">
                  <Trans
                    t={t}
                    i18nKey="chooseAction"
                    values={{ action: label, title: task.title }}
                    components={{ hidden: <span className="sr-only" /> }}
                    {...TRANS_WITH_DATA}
                  />
                </summary>
                <fetcher.Form method="post" action={`/tasks/${task.id}/events`}>
                  {hidden}
                  <div className="field">
                    <label htmlFor={reasonId}>
                      <Trans
                        t={t}
                        i18nKey={own ? `reason.${type}` : "reason.other"}
                        values={{ action: label, title: task.title }}
                        components={{ hidden: <span className="sr-only" /> }}
                        {...TRANS_WITH_DATA}
                      />
                    </label>
                    <textarea id={reasonId} name="reason" required maxLength={2000} rows={2} />
                  </div>
                  <button
                    className="button"
                    type="submit"
                    disabled={busyWith === type}
                    aria-label={t("actionOn", { action: confirm, title: task.title })}
                  >
                    {confirm}
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
      <TaskComments task={task} />
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
  const { t } = useTranslation("tasks");
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
      <summary className="button secondary">{t("new.toggle")}</summary>
      <Form method="post" className="new-task">
        <input type="hidden" name="intent" value="task-create" />
        <h3>{proposing ? t("new.proposeHeading") : t("new.assignHeading")}</h3>
        {proposing ? <p className="muted">{t("new.proposeHelp")}</p> : null}
        <div className="field">
          <label htmlFor="task-title">{t("new.title")}</label>
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
          <label htmlFor="task-description">{t("new.description")}</label>
          <textarea id="task-description" name="description" rows={2} maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor="task-assignee">{t("new.assignee")}</label>
          <select id="task-assignee" name="assignee" required defaultValue="">
            <option value="" disabled>
              {t("new.choose")}
            </option>
            {options.map((o) => (
              <optgroup key={o.id} label={o.name}>
                <option value={`org:${o.id}`}>{t("new.wholeOrganisation", { name: o.shortName })}</option>
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
          <label htmlFor="task-due">{t("new.due")}</label>
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
          {proposing ? t("new.propose") : t("new.assign")}
        </button>
      </Form>
    </details>
  );
}

function TaskComments({ task }: { task: TaskItem }) {
  const { t } = useTranslation("tasks");
  const format = useFormat();
  const fetcher = useFetcher<{ ok: true } | { ok: false; message: string }>();
  const here = useLocation();
  // Empty the box once the comment is in.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);
  if (task.comments.length === 0 && !task.canComment) return null;
  return (
    <details className="task-comments" open={task.comments.length > 0}>
      <summary>{t("comments.summary", { number: format.count(task.comments.length) })}</summary>
      <ul>
        {task.comments.map((c) => (
          <li key={c.id}>
            <strong translate="no">{c.author.name}</strong>{" "}
            <time dateTime={c.createdAt} className="muted">
              {format.time(c.createdAt)}
            </time>
            <p>{c.body}</p>
          </li>
        ))}
      </ul>
      {task.canComment ? (
        <fetcher.Form method="post" action={`/tasks/${task.id}/comments`} ref={formRef}>
          <input type="hidden" name="redirectTo" value={`${here.pathname}${here.search}`} />
          <label>
            <span className="sr-only">{t("comments.label", { title: task.title })}</span>
            <textarea
              name="body"
              required
              maxLength={4000}
              rows={2}
              placeholder={t("comments.placeholder")}
              aria-label={t("comments.ariaLabel", { title: task.title })}
            />
          </label>
          <button className="button secondary" type="submit" disabled={fetcher.state !== "idle"}>
            {t("comments.submit")}
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
