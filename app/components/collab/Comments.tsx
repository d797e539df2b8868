// The case's comment threads, in the shared document: each comment a Y.Map whose body is a Y.Text.
// Comments are attributable statements: only their author edits or deletes them, others reply,
// and a thread is resolved by whoever started it or by CTED. The server enforces this (see
// server/realtime/collab/case-documents.ts) and sets author and time, whatever this client
// writes; here we offer only what the user may do.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import * as Y from "yjs";

import { useFormat } from "~/i18n/format.ts";

import { type Mentionable, MentionStatus, MentionSuggestions, useMentions } from "./MentionSuggestions.tsx";
import { useYjs } from "./useCollabDocument.ts";

type Comment = Y.Map<unknown>;

/** The signed-in user, as far as comments go. */
export interface Viewer {
  id: string;
  name: string;
  /** May resolve or reopen any thread, not only their own (CTED: access/capabilities.ts). */
  resolvesAny: boolean;
  /** Whom the comment boxes offer to mention: the others who may read the case's comments. */
  mentionable: Mentionable[];
}

const field = <T,>(c: Comment, key: string) => c.get(key) as T;

function newComment(user: { id: string; name: string }, text: string, parentId: string | null): Comment {
  const comment = new Y.Map<unknown>();
  comment.set("id", crypto.randomUUID());
  comment.set("authorId", user.id);
  comment.set("authorName", user.name);
  comment.set("createdAt", new Date().toISOString());
  comment.set("resolved", false);
  comment.set("parentId", parentId);
  comment.set("body", new Y.Text(text));
  return comment;
}

/** Replaces a Y.Text's content with `next`, touching only the part that changed. */
function applyTextEdit(text: Y.Text, next: string) {
  const current = text.toString();
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < next.length - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  )
    end++;
  text.doc!.transact(() => {
    text.delete(start, current.length - start - end);
    text.insert(start, next.slice(start, next.length - end));
  });
}

function CommentForm({
  label,
  onSubmit,
  onCancel,
  initial = "",
  submitLabel,
  mentionable,
}: {
  label: string;
  mentionable: Mentionable[];
  onSubmit: (text: string) => void;
  onCancel?: () => void;
  initial?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation("collab");
  const [text, setText] = useState(initial);
  const id = useId();
  const mentions = useMentions(mentionable, text, setText);
  return (
    <form
      className="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        onSubmit(text.trim());
        setText("");
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      {/* Typing "@" and letters offers the people who may read the comments (MentionSuggestions.tsx). */}
      <div className="mention-field">
        <textarea
          id={id}
          {...mentions.combobox}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            mentions.readCaret(e);
          }}
          rows={2}
          dir="auto"
          placeholder={label}
          maxLength={5000}
        />
        {mentions.enabled ? <MentionSuggestions {...mentions.list} /> : null}
      </div>
      {mentions.enabled ? <MentionStatus typing={mentions.typing} count={mentions.count} /> : null}
      <p className="comment-actions">
        <button className="button secondary" type="submit" disabled={!text.trim()}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="link" onClick={onCancel}>
            {t("comments.cancel")}
          </button>
        ) : null}
      </p>
    </form>
  );
}

interface CommentProps {
  comment: Comment;
  /** Null for a reply. */
  replies: Comment[] | null;
  threadId: string;
  canWrite: boolean;
  user: Viewer;
  comments: Y.Array<Comment>;
}

function CommentView({ comment, replies, threadId, canWrite, user, comments }: CommentProps) {
  const { t } = useTranslation("collab");
  const format = useFormat();
  const [mode, setMode] = useState<"view" | "editing" | "deleting">("view");
  const [replying, setReplying] = useState(false);
  const body = field<Y.Text>(comment, "body");
  const resolved = field<boolean>(comment, "resolved");
  const when = field<string>(comment, "createdAt");
  const authorName = field<string>(comment, "authorName");
  const own = field<string>(comment, "authorId") === user.id;
  const isThread = replies !== null;
  // What this user may do here: the server refuses anything else.
  const mayEdit = canWrite && own;
  const mayResolve = canWrite && isThread && (own || user.resolvesAny);
  const remove = () => {
    const index = comments.toArray().indexOf(comment);
    if (index >= 0) comments.delete(index, 1);
  };
  return (
    <li className={`comment${resolved ? " resolved" : ""}`}>
      <p className="comment-meta">
        <strong translate="no">{authorName}</strong>{" "}
        <time dateTime={when} className="muted">
          {format.time(when)}
        </time>
        {resolved && isThread ? <span className="badge verified">{t("comments.resolved")}</span> : null}
      </p>
      {mode === "editing" ? (
        <CommentForm
          label={t("comments.editLabel")}
          mentionable={user.mentionable}
          initial={body?.toString()}
          submitLabel={t("comments.save")}
          onCancel={() => setMode("view")}
          onSubmit={(text) => {
            applyTextEdit(body, text);
            setMode("view");
          }}
        />
      ) : (
        <p className="comment-body" dir="auto">
          {body?.toString()}
        </p>
      )}
      {mode === "deleting" ? (
        <div role="group" aria-label={t("comments.confirmDeletion")}>
          <p className="comment-body">
            <strong>{t("comments.deleteQuestion")}</strong> {t("comments.cannotBeUndone")}
          </p>
          <p className="comment-actions">
            <button type="button" className="link" onClick={remove}>
              {t("comments.delete")}
            </button>
            <button type="button" className="link" onClick={() => setMode("view")}>
              {t("comments.keep")}
            </button>
          </p>
        </div>
      ) : null}
      {canWrite && mode === "view" ? (
        <p className="comment-actions">
          <button
            type="button"
            className="link"
            aria-expanded={replying}
            onClick={() => setReplying(!replying)}
          >
            {t("comments.reply")}
          </button>
          {mayEdit ? (
            <button type="button" className="link" onClick={() => setMode("editing")}>
              {t("comments.edit")}
            </button>
          ) : null}
          {mayEdit ? (
            <button type="button" className="link" onClick={() => setMode("deleting")}>
              {t("comments.delete")}
            </button>
          ) : null}
          {mayResolve ? (
            <button type="button" className="link" onClick={() => comment.set("resolved", !resolved)}>
              {resolved ? t("comments.reopen") : t("comments.resolve")}
            </button>
          ) : null}
        </p>
      ) : null}
      {replies && replies.length > 0 ? (
        <ul className="replies">
          {replies.map((r) => (
            <CommentView
              key={field<string>(r, "id")}
              comment={r}
              replies={null}
              threadId={threadId}
              canWrite={canWrite}
              user={user}
              comments={comments}
            />
          ))}
        </ul>
      ) : null}
      {replying ? (
        // A reply to a reply goes into the same thread: threads are one level deep.
        <CommentForm
          label={t("comments.replyLabel")}
          mentionable={user.mentionable}
          submitLabel={t("comments.reply")}
          onCancel={() => setReplying(false)}
          onSubmit={(text) => {
            comments.push([newComment(user, text, threadId)]);
            setReplying(false);
          }}
        />
      ) : null}
    </li>
  );
}

/** Replies whose first comment its author deleted: they stay, under a note saying so. */
function DeletedThread({
  replies,
  threadId,
  canWrite,
  user,
  comments,
}: {
  replies: Comment[];
  threadId: string;
  canWrite: boolean;
  user: Viewer;
  comments: Y.Array<Comment>;
}) {
  const { t } = useTranslation("collab");
  return (
    <li className="comment">
      <p className="comment-body muted">{t("comments.deletedByAuthor")}</p>
      <ul className="replies">
        {replies.map((r) => (
          <CommentView
            key={field<string>(r, "id")}
            comment={r}
            replies={null}
            threadId={threadId}
            canWrite={canWrite}
            user={user}
            comments={comments}
          />
        ))}
      </ul>
    </li>
  );
}

export function Comments({ doc, canWrite, user }: { doc: Y.Doc; canWrite: boolean; user: Viewer }) {
  const { t } = useTranslation("collab");
  const comments = doc.getArray<Comment>("comments");
  useYjs(comments);
  const all = comments.toArray().filter((c) => c instanceof Y.Map);
  const byId = new Map(all.map((c) => [field<string>(c, "id"), c]));
  // The thread a reply belongs to: its parent's, up to a first comment (replies made to a reply by
  // earlier versions included), or the id of a first comment its author deleted.
  const threadOf = (c: Comment): string => {
    let id = field<string>(c, "id");
    for (let parent = field<string | null>(c, "parentId"), hops = 0; parent && hops < 100; hops++) {
      id = parent;
      const next = byId.get(parent);
      parent = next ? field<string | null>(next, "parentId") : null;
    }
    return id;
  };
  const threads = all.filter((c) => !field<string | null>(c, "parentId"));
  const replies = new Map<string, Comment[]>();
  for (const c of all) {
    if (!field<string | null>(c, "parentId")) continue;
    const thread = threadOf(c);
    replies.set(thread, [...(replies.get(thread) ?? []), c]);
  }
  const deleted = [...replies.keys()].filter((id) => !byId.has(id));
  return (
    <div className="comments">
      {threads.length === 0 && deleted.length === 0 ? <p className="muted">{t("comments.none")}</p> : null}
      <ul className="threads">
        {threads.map((c) => (
          <CommentView
            key={field<string>(c, "id")}
            comment={c}
            replies={replies.get(field<string>(c, "id")) ?? []}
            threadId={field<string>(c, "id")}
            canWrite={canWrite}
            user={user}
            comments={comments}
          />
        ))}
        {deleted.map((id) => (
          <DeletedThread
            key={id}
            replies={replies.get(id)!}
            threadId={id}
            canWrite={canWrite}
            user={user}
            comments={comments}
          />
        ))}
      </ul>
      {canWrite ? (
        <CommentForm
          label={t("comments.addLabel")}
          mentionable={user.mentionable}
          submitLabel={t("comments.add")}
          onSubmit={(text) => comments.push([newComment(user, text, null)])}
        />
      ) : null}
    </div>
  );
}
