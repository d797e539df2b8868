// The case's comment threads, in the shared document: each comment a Y.Map whose body is a Y.Text
// that others may edit too. Author and time are set by the server, whatever this client writes.
import { useState } from "react";
import * as Y from "yjs";
import { useYjs } from "./useCollabDocument.ts";

type Comment = Y.Map<unknown>;

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
  while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
  text.doc!.transact(() => {
    text.delete(start, current.length - start - end);
    text.insert(start, next.slice(start, next.length - end));
  });
}

function CommentForm({ label, onSubmit, initial = "", submitLabel }: { label: string; onSubmit: (text: string) => void; initial?: string; submitLabel: string }) {
  const [text, setText] = useState(initial);
  const id = `comment-${label.replace(/\W+/g, "-").toLowerCase()}`;
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
      <label htmlFor={id} className="sr-only">{label}</label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={2} placeholder={label} maxLength={5000} />
      <button className="button secondary" type="submit" disabled={!text.trim()}>{submitLabel}</button>
    </form>
  );
}

function CommentView({ comment, replies, canWrite, user, comments }: { comment: Comment; replies: Comment[]; canWrite: boolean; user: { id: string; name: string }; comments: Y.Array<Comment> }) {
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const body = field<Y.Text>(comment, "body");
  const resolved = field<boolean>(comment, "resolved");
  const when = field<string>(comment, "createdAt");
  return (
    <li className={`comment${resolved ? " resolved" : ""}`}>
      <p className="comment-meta">
        <strong>{field<string>(comment, "authorName")}</strong>{" "}
        <time dateTime={when} className="muted">{when ? new Date(when).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : ""}</time>
        {resolved ? <span className="badge verified">Resolved</span> : null}
      </p>
      {editing ? (
        <CommentForm label="Edit the comment" initial={body?.toString()} submitLabel="Save" onSubmit={(text) => { applyTextEdit(body, text); setEditing(false); }} />
      ) : (
        <p className="comment-body">{body?.toString()}</p>
      )}
      {canWrite ? (
        <p className="comment-actions">
          <button type="button" className="link" onClick={() => setReplying(!replying)}>Reply</button>
          <button type="button" className="link" onClick={() => setEditing(!editing)}>{editing ? "Cancel" : "Edit"}</button>
          <button type="button" className="link" onClick={() => comment.set("resolved", !resolved)}>{resolved ? "Reopen" : "Resolve"}</button>
        </p>
      ) : null}
      {replies.length > 0 ? (
        <ul className="replies">
          {replies.map((r) => <CommentView key={field<string>(r, "id")} comment={r} replies={[]} canWrite={canWrite} user={user} comments={comments} />)}
        </ul>
      ) : null}
      {replying ? (
        <CommentForm label="Write a reply" submitLabel="Reply" onSubmit={(text) => { comments.push([newComment(user, text, field<string>(comment, "id"))]); setReplying(false); }} />
      ) : null}
    </li>
  );
}

export function Comments({ doc, canWrite, user }: { doc: Y.Doc; canWrite: boolean; user: { id: string; name: string } }) {
  const comments = doc.getArray<Comment>("comments");
  useYjs(comments);
  const all = comments.toArray().filter((c) => c instanceof Y.Map);
  const threads = all.filter((c) => !field<string | null>(c, "parentId"));
  return (
    <div className="comments">
      {threads.length === 0 ? <p className="muted">No comments yet.</p> : null}
      <ul className="threads">
        {threads.map((c) => (
          <CommentView key={field<string>(c, "id")} comment={c} replies={all.filter((r) => field<string>(r, "parentId") === field<string>(c, "id"))} canWrite={canWrite} user={user} comments={comments} />
        ))}
      </ul>
      {canWrite ? <CommentForm label="Add a comment" submitLabel="Add comment" onSubmit={(text) => comments.push([newComment(user, text, null)])} /> : null}
    </div>
  );
}
