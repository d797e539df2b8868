// GET /api/me/notifications; POST /api/me/notifications {read: [ids] | "all"}. See docs/api.md.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";

import { listNotifications, markRead, unreadCount } from "~/domain/notifications.server.ts";
import { apiHandler, methodNotAllowed, readJson } from "~/http/errors.server.ts";
import { requireApiUser } from "~/http/session.server.ts";

const MarkRead = z
  .object({
    read: z.union(
      [
        z.literal("all"),
        z
          .array(z.string().regex(/^\d{1,18}$/, "notifications:api.notificationIds"))
          .max(500, "notifications:api.tooManyIds"),
      ],
      {
        errorMap: () => ({ message: "notifications:api.allOrIds" }),
      },
    ),
  })
  .strict();

export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => json(await listNotifications(await requireApiUser(request))));
}

export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") throw methodNotAllowed("GET, POST");
    const user = await requireApiUser(request);
    const { read } = MarkRead.parse(await readJson(request));
    await markRead(user, read === "all" ? undefined : read);
    return json({ unread: await unreadCount(user) });
  });
}
