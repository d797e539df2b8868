// My notifications: newest first, mark read, and how often they come by email.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";

import {
  emailPreference,
  listNotifications,
  markRead,
  setEmailPreference,
} from "~/domain/notifications.server.ts";
import { formAction, readForm } from "~/http/forms.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { useFormat } from "~/i18n/format.ts";
import type { TitleHandle } from "~/i18n/page-title.ts";
import { EMAIL_DIGESTS } from "~/lib/email-digest.ts";
import { notificationHref } from "~/lib/notification-link.ts";

export const handle: TitleHandle = { title: () => ({ key: "notifications:page.title" }) };

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
        .regex(/^\d{1,18}$/, "notifications:form.notANotification")
        .optional(),
    }),
    z.object({ intent: z.literal("email"), digest: z.enum(EMAIL_DIGESTS) }),
  ],
  { errorMap: () => ({ message: "notifications:form.unknownIntent" }) },
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
  const { t } = useTranslation("notifications");
  const format = useFormat();
  return (
    <>
      <h1>{t("page.title")}</h1>
      <div className="card">
        {/* A div, not a p: a form cannot sit inside a paragraph, and the browser's repair of that
            markup would not match React's (hydration errors). */}
        <div className="unread-summary">
          <span>{unread === 0 ? t("page.nothingUnread") : t("page.unread", { count: unread })}</span>
          {unread > 0 ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="read" />
              <button className="button secondary" type="submit">
                {t("page.markAllRead")}
              </button>
            </Form>
          ) : null}
        </div>
        {items.length === 0 ? <p className="muted">{t("page.empty")}</p> : null}
        <ul className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? "read" : "unread"}>
              <span className="notification-text">
                {n.href ? <Link to={n.href}>{n.text}</Link> : n.text}{" "}
                <span className="muted">
                  · <time dateTime={n.createdAt}>{format.time(n.createdAt)}</time>
                </span>
              </span>
              {n.readAt ? null : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button
                    className="button secondary"
                    type="submit"
                    aria-label={t("page.markReadNamed", { text: n.text })}
                  >
                    {t("page.markRead")}
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
          <legend>{t("page.email")}</legend>
          {EMAIL_DIGESTS.map((d) => (
            <label key={d} className="choice">
              <input type="radio" name="digest" value={d} defaultChecked={digest === d} />{" "}
              {t(`workflow:emailDigests.${d}`)}
            </label>
          ))}
        </fieldset>
        <button className="button" type="submit">
          {t("page.save")}
        </button>
      </Form>
    </>
  );
}
