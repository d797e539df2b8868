// My work: my open tasks and the cases waiting for my action, most urgent first. Follows the live
// feed like every page (LiveUpdates), so a task assigned to me appears without a reload.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { DueBadge, formatDate, StateBadge } from "~/components/StateBadge.tsx";
import { TaskList } from "~/components/TaskList.tsx";
import { myWork } from "~/domain/work.server.ts";
import { requireUser } from "~/http/session.server.ts";

export const meta: MetaFunction = () => [{ title: "My work · Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await myWork(await requireUser(request)));
}

export default function MyWork() {
  const { tasks, cases } = useLoaderData<typeof loader>();
  // CTED's list is the verification queue: how long each submission has waited matters most.
  const reviewing = cases.some((c) => c.daysWaiting !== null);
  return (
    <>
      <h1>My work</h1>
      <section className="card" aria-labelledby="my-tasks">
        <h2 id="my-tasks">My tasks</h2>
        {tasks.length === 0 ? <p className="muted">No open tasks for you or your organisation.</p> : null}
        {tasks.map((t) => (
          <div key={t.id} className="work-task">
            <p className="muted">
              <Link to={`/cases/${t.case.id}#tasks`}>{t.case.ref}</Link> {t.case.title}
            </p>
            <TaskList tasks={[t]} />
          </div>
        ))}
      </section>
      <section className="card" aria-labelledby="my-cases">
        <h2 id="my-cases">Cases waiting for my action</h2>
        {cases.length === 0 ? (
          <p className="muted">No case is waiting for you.</p>
        ) : (
          <div className="table-scroll" role="region" aria-labelledby="my-cases" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">State</th>
                  <th scope="col">Due</th>
                  {reviewing ? <th scope="col">Waiting for review</th> : null}
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/cases/${c.id}`}>{c.ref}</Link> {c.title}
                    </td>
                    <td>
                      <StateBadge state={c.state} stateValue={c.stateValue} />
                    </td>
                    <td>
                      {formatDate(c.dueAt)} <DueBadge due={c.due} />
                    </td>
                    {reviewing ? <td>{c.daysWaiting === null ? "" : daysLabel(c.daysWaiting)}</td> : null}
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

const daysLabel = (days: number) => (days === 0 ? "since today" : days === 1 ? "1 day" : `${days} days`);
