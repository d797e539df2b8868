// My work: my open tasks and the cases waiting for my action, most urgent first. Follows the live
// feed like every page (LiveUpdates), so a task assigned to me appears without a reload.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { DueBadge, StateBadge } from "~/components/StateBadge.tsx";
import { TaskList } from "~/components/TaskList.tsx";
import { myWork } from "~/domain/work.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";

export const handle: TitleHandle = { title: () => ({ key: "cases:work.title" }) };

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await myWork(await requireUser(request)));
}

export default function MyWork() {
  const { tasks, cases } = useLoaderData<typeof loader>();
  const { t } = useTranslation("cases");
  const format = useFormat();
  // CTED's list is the verification queue: how long each submission has waited matters most.
  const reviewing = cases.some((c) => c.daysWaiting !== null);
  const waited = (days: number) =>
    days === 0 ? t("work.waitingSinceToday") : t("work.waitingDays", { count: days });
  return (
    <>
      <h1>{t("work.title")}</h1>
      <section className="card" aria-labelledby="my-tasks">
        <h2 id="my-tasks">{t("work.tasks")}</h2>
        {tasks.length === 0 ? <p className="muted">{t("work.noTasks")}</p> : null}
        {tasks.map((task) => (
          <div key={task.id} className="work-task">
            <p className="muted">
              <Link to={`/cases/${task.case.id}#tasks`} translate="no">
                {task.case.ref}
              </Link>{" "}
              {task.case.title}
            </p>
            <TaskList tasks={[task]} />
          </div>
        ))}
      </section>
      <section className="card" aria-labelledby="my-cases">
        <h2 id="my-cases">{t("work.cases")}</h2>
        {cases.length === 0 ? (
          <p className="muted">{t("work.noCases")}</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="my-cases" tabIndex={0}>
            <table className="cards">
              <thead>
                <tr>
                  <th scope="col">{t("work.columns.case")}</th>
                  <th scope="col">{t("work.columns.state")}</th>
                  <th scope="col">{t("work.columns.due")}</th>
                  {reviewing ? <th scope="col">{t("work.columns.waiting")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <td data-label={t("work.columns.case")}>
                      <Link to={`/cases/${c.id}`} translate="no">
                        {c.ref}
                      </Link>{" "}
                      {c.title}
                    </td>
                    <td data-label={t("work.columns.state")}>
                      <StateBadge state={c.state} stateValue={c.stateValue} />
                    </td>
                    <td data-label={t("work.columns.due")}>
                      {format.day(c.dueAt) || "—"} <DueBadge due={c.due} />
                    </td>
                    {reviewing ? (
                      <td data-label={t("work.columns.waiting")}>
                        {c.daysWaiting === null ? "" : waited(c.daysWaiting)}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
