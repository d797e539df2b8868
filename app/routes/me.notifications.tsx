// My notifications: newest first, mark read, and how often they come by email.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import {
  emailPreference,
  listNotifications,
  markRead,
  setEmailPreference,
} from "~/domain/notifications.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { EMAIL_DIGEST_LABELS, EMAIL_DIGESTS } from "~/lib/email-digest.ts";
import { notificationHref } from "~/lib/notification-link.ts";

export const meta: MetaFunction = () => [{ title: "Notifications · Follow-up" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [{ items, unread }, digest] = await Promise.all([
    listNotifications(user, 100),
    emailPreference(user),
  ]);
  return json({ items: items.map((n) => ({ ...n, href: notificationHref(n, user) })), unread, digest });
}

const NotificationsForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("read"),
      id: z
        .string()
        .regex(/^\d{1,18}$/, "is not a notification")
        .optional(),
    }),
    z.object({ intent: z.literal("email"), digest: z.enum(EMAIL_DIGESTS) }),
  ],
  { errorMap: () => ({ message: "is not something this page does" }) },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formAction(async () => {
    const input = NotificationsForm.parse(await readForm(request));
    if (input.intent === "read") await markRead(user, input.id ? [input.id] : undefined);
    else await setEmailPreference(user, input.digest);
    return redirect("/me/notifications");
  });
}

export default function Notifications() {
  const { items, unread, digest } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Notifications</h1>
      <div className="card">
        {/* A div, not a p: a form cannot sit inside a paragraph, and the browser's repair of that
            markup would not match React's (hydration errors). */}
        <div className="unread-summary">
          <span>{unread === 0 ? "Nothing unread." : `${unread} unread.`}</span>
          {unread > 0 ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="read" />
              <button className="button secondary" type="submit">
                Mark all as read
              </button>
            </Form>
          ) : null}
        </div>
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "read" : "unread"}>
              <span className="notification-text">
                {n.href ? <Link to={n.href}>{n.text}</Link> : n.text}{" "}
                <span className="muted">
                  ·{" "}
                  {new Date(n.createdAt).toLocaleString("en-GB", {
                    timeZone: "UTC",
                    dateStyle: "medium",
                    timeStyle: "short",
                  })}{" "}
                  UTC
                </span>
              </span>
              {n.readAt ? null : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button className="button secondary" type="submit">
                    Mark read<span className="sr-only">: {n.text}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </div>
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="email" />
        <fieldset>
          <legend>Email</legend>
          {EMAIL_DIGESTS.map((d) => (
            <label key={d} className="choice">
              <input type="radio" name="digest" value={d} defaultChecked={digest === d} />{" "}
              {EMAIL_DIGEST_LABELS[d]}
            </label>
          ))}
        </fieldset>
        <button className="button" type="submit">
          Save
        </button>
      </Form>
    </>
  );
}
