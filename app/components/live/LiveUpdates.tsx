// Keeps whatever page is open in step with the live case feed: each change a user may see
// re-runs the page's loaders (so dashboard counts, list rows with their filters, and the case
// page all show it), and a short notice says who did what.
import { Link, useLocation, useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { markLiveReload, unmarkLiveReload } from "~/http/live-reload.ts";
import type { Translate } from "~/i18n/languages.ts";
import { stateName } from "~/i18n/workflow-names.ts";
import { LiveClient } from "~/realtime/live-client.ts";
import type { CaseUpdated } from "~/realtime/live-protocol.ts";
import { getSocket } from "~/realtime/socket.client.ts";
import { isCaseHistoryType } from "~workflows/recommendation-labels.ts";
import { isTaskHistoryType } from "~workflows/task-labels.ts";

const NOTICE_MS = 8000;
const MAX_NOTICES = 3;
// A notification about the same case (and task) as a change's notice shown this recently is the
// same news: one notice, in the notification's words, not two.
const SAME_NEWS_MS = 5000;
// Several changes in quick succession cost one reload of the page's data.
const REVALIDATE_AFTER_MS = 100;

/**
 * "Rustam Nazarov agreed to TJK-2017-BC-01", "Marc Dubois: Task: Mark done “Train …” on
 * TJK-2017-BC-02", in the page's language (workflow:eventPast, workflow:history).
 */
export function describeEvent(e: CaseUpdated, t: Translate): string {
  const name = e.event.actor.name;
  const type = e.event.type;
  if (e.task) {
    const event = isTaskHistoryType(type) ? t(`workflow:history.${type}`) : type;
    return t("notifications:live.taskEvent", { name, event, title: e.task.title, ref: e.ref });
  }
  return isCaseHistoryType(type)
    ? t(`workflow:eventPast.${type}`, { name, ref: e.ref })
    : t("notifications:live.otherEvent", { name, event: type, ref: e.ref });
}

type Listener = (event: CaseUpdated) => void;
type Notice = { key: string; text: string; caseId: string | null; link?: string };
/** What a notice is about, and when it came: to tell a change's notice and its notification apart from others. */
type Subject = { caseId: string | null; taskId: string | null; at: number; key: string };
const sameSubject = (a: Subject, b: Subject) =>
  a.caseId !== null && a.caseId === b.caseId && a.taskId === b.taskId && Math.abs(a.at - b.at) < SAME_NEWS_MS;
const LiveContext = createContext<{ subscribe(listener: Listener): () => void } | null>(null);

/** The latest change to this case made by someone else since the page opened, if any. */
export function useChangedByOthers(caseId: string, myId: string): CaseUpdated | null {
  const live = useContext(LiveContext);
  const [event, setEvent] = useState<CaseUpdated | null>(null);
  useEffect(() => {
    setEvent(null);
    return live?.subscribe((e) => {
      if (e.caseId === caseId && e.event.actor.id !== myId) setEvent(e);
    });
  }, [live, caseId, myId]);
  return event;
}

export function LiveUpdates({ from, me, children }: { from: number; me: string; children: React.ReactNode }) {
  const { t } = useTranslation("notifications");
  // The notices follow the page's language, whenever they come.
  const translate = useRef<Translate>(t);
  translate.current = t;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // The reload's mark goes once the reload is done (and on its own after 30 s at the latest).
  const reloading = revalidator.state === "loading";
  useEffect(() => {
    if (!reloading) unmarkLiveReload();
  }, [reloading]);
  const [notices, setNotices] = useState<Notice[]>([]);
  // The case page says it itself (useChangedByOthers): no second notice for the case on screen.
  const path = useRef("");
  path.current = useLocation().pathname;
  const [listeners] = useState(() => new Set<Listener>());
  const [context] = useState(() => ({
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  }));

  useEffect(() => {
    const socket = getSocket();
    // Signing in again in this tab: the previous session's connection was closed by the server.
    if (!socket.connected) socket.connect();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The change notices and notifications shown lately (SAME_NEWS_MS), whichever came first.
    let recentEvents: Subject[] = [];
    let recentNotifications: Subject[] = [];
    const lately = (list: Subject[]) => list.filter((s) => Date.now() - s.at < SAME_NEWS_MS);
    const show = (notice: Notice) => {
      setNotices((current) => [...current, notice].slice(-MAX_NOTICES));
      setTimeout(() => setNotices((current) => current.filter((n) => n !== notice)), NOTICE_MS);
    };
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Marked, so that the server does not take the reload for the person's activity: a page
        // left open while others work must still reach the idle timeout (app/http/live-reload.ts).
        markLiveReload();
        revalidate.current();
      }, REVALIDATE_AFTER_MS);
    };
    const client = new LiveClient(socket, from, {
      onEvent(event) {
        refresh();
        for (const listener of listeners) listener(event);
        // Task changes reach those concerned as notifications; a second notice would repeat them.
        if (event.event.actor.id === me || event.task || path.current === `/cases/${event.caseId}`) return;
        const subject = { caseId: event.caseId, taskId: null, at: Date.now(), key: `e${event.id}` };
        // Its notification came first and says it already.
        recentNotifications = lately(recentNotifications);
        if (recentNotifications.some((n) => sameSubject(n, subject))) return;
        recentEvents = [...lately(recentEvents), subject];
        const t = translate.current;
        show({
          key: `e${event.id}`,
          text: t("notifications:live.changedNow", { change: describeEvent(event, t) }),
          caseId: event.caseId,
          link: stateName(t, event.stateValue),
        });
      },
      onReload: refresh,
    });
    // Notifications for me: the unread count is in the root loader's data.
    const onNotification = (n: {
      id: string;
      text: string;
      caseId: string | null;
      taskId?: string | null;
    }) => {
      refresh();
      const subject = { caseId: n.caseId, taskId: n.taskId ?? null, at: Date.now(), key: `n${n.id}` };
      recentNotifications = [...lately(recentNotifications), subject];
      // The change's notice already shown gives way to the notification, which says more.
      recentEvents = lately(recentEvents);
      const same = new Set(recentEvents.filter((e) => sameSubject(e, subject)).map((e) => e.key));
      recentEvents = recentEvents.filter((e) => !same.has(e.key));
      if (same.size > 0) setNotices((current) => current.filter((x) => !same.has(x.key)));
      show({ key: subject.key, text: n.text, caseId: n.caseId });
    };
    socket.on("notification:new", onNotification);
    return () => {
      clearTimeout(timer);
      client.destroy();
      socket.off("notification:new", onNotification);
    };
    // `from` only matters when following starts; the client keeps its own position after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me]);

  return (
    <LiveContext.Provider value={context}>
      {children}
      <div className="live-notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <p key={n.key} className="live-notice">
            {n.link ? (
              <>
                {n.text} <Link to={`/cases/${n.caseId}`}>{n.link}</Link>
              </>
            ) : n.caseId ? (
              <Link to={`/cases/${n.caseId}`}>{n.text}</Link>
            ) : (
              n.text
            )}
          </p>
        ))}
      </div>
    </LiveContext.Provider>
  );
}
