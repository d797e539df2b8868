// The co-edited part of a case page: who is here, the response, the comments, and whether
// everything typed here is saved.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { colorFor } from "~/lib/colors.ts";
import type { SaveStatus } from "~/realtime/collab-provider.ts";

import { Comments } from "./Comments.tsx";
import type { Mentionable } from "./MentionSuggestions.tsx";
import { ResponseEditor } from "./ResponseEditor.tsx";
import { useCollabDocument } from "./useCollabDocument.ts";

interface Props {
  docId: string;
  user: { id: string; name: string };
  /** Offer to resolve anyone's comment: it only decides which controls to show; the server checks
   * every change against the user attached to the connection. */
  resolvesAnyComment: boolean;
  /** The others who may read the case's comments, whom the comment boxes offer to mention. */
  mentionable: Mentionable[];
  /** The saved response as text, shown until the editor is ready (and without JavaScript). */
  savedText: string | null;
  /** Why nobody may change the response now (the case is under review or verified), or null. */
  frozenReason?: string | null;
}

/** collab:status.<status> */
const STATUS_KEYS: Record<SaveStatus, string> = {
  connecting: "status.connecting",
  saving: "status.saving",
  saved: "status.saved",
  offline: "status.offline",
};

function Presence({ states }: { states: { id: string; name: string; color: string }[] }) {
  const { t } = useTranslation("collab");
  return (
    <ul className="presence" aria-label={t("presence.label")}>
      {states.map((u) => (
        <li key={u.id}>
          <span className="dot" style={{ background: u.color }} aria-hidden="true" />
          {u.name}
        </li>
      ))}
    </ul>
  );
}

export function CaseCollaboration({
  docId,
  user,
  resolvesAnyComment,
  mentionable,
  savedText,
  frozenReason,
}: Props) {
  const { t } = useTranslation("collab");
  const { provider, refusal } = useCollabDocument(docId);
  const viewer = { ...user, resolvesAny: resolvesAnyComment, mentionable };
  const [people, setPeople] = useState<{ id: string; name: string; color: string }[]>([]);
  useEffect(() => {
    if (!provider) return;
    const update = () => {
      const seen = new Map<string, { id: string; name: string; color: string }>();
      for (const state of provider.awareness.getStates().values()) {
        const u = state.user as { id?: string; name: string; color: string } | undefined;
        if (u?.id) seen.set(u.id, { id: u.id, name: u.name, color: u.color });
      }
      seen.set(user.id, {
        id: user.id,
        name: t("presence.you", { name: user.name }),
        color: colorFor(user.id),
      });
      setPeople([...seen.values()]);
    };
    update();
    provider.awareness.on("change", update);
    return () => provider.awareness.off("change", update);
  }, [provider, user.id, user.name, t]);

  const canWrite = provider?.access === "write";
  const status = provider?.status ?? "connecting";
  return (
    <section className="card collab" aria-labelledby="response-heading">
      <div className="collab-header">
        <h2 id="response-heading">{t("response.heading")}</h2>
        <p className={`save-status ${status}`} role="status" aria-live="polite">
          {t(STATUS_KEYS[status])}
        </p>
      </div>
      <Presence states={people} />
      {provider?.lastError &&
      provider.lastError.error !== "read_only" &&
      provider.lastError.error !== "forbidden" ? (
        <p className="notice error" role="alert">
          {provider.lastError.message}
        </p>
      ) : null}
      {refusal ? (
        <p className="notice error" role="alert">
          {t("refusal", { reason: refusal })}
        </p>
      ) : null}
      {/* Said from the start (and without JavaScript): the server refuses every change meanwhile. */}
      {frozenReason ? (
        <p className="notice frozen">{frozenReason}</p>
      ) : provider?.access === "read" ? (
        <p className="muted">{t("readOnly")}</p>
      ) : null}
      {provider?.loaded ? (
        <ResponseEditor
          provider={provider}
          user={{ name: user.name, color: colorFor(user.id) }}
          editable={canWrite}
        />
      ) : (
        <div className="editor loading">
          <p className="case-text" dir="auto">
            {savedText ?? t("response.none")}
          </p>
        </div>
      )}
      <h3>{t("comments.heading")}</h3>
      {provider?.loaded ? (
        <Comments doc={provider.doc} canWrite={canWrite} user={viewer} />
      ) : (
        <p className="muted">{t("comments.loading")}</p>
      )}
    </section>
  );
}
