// The response, co-edited in rich text (Tiptap bound to the document's "response" fragment), with
// the others' named carets.
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { type Editor, EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useTranslation } from "react-i18next";

import { useNonce } from "~/components/nonce.ts";
import type { CollabProvider } from "~/realtime/collab-provider.ts";

interface Props {
  provider: CollabProvider;
  user: { name: string; color: string };
  editable: boolean;
}

function ToolbarButton({
  editor,
  label,
  active,
  run,
}: {
  editor: Editor;
  label: string;
  active: boolean;
  run: () => void;
}) {
  return (
    <button
      type="button"
      className={`tool${active ? " active" : ""}`}
      aria-pressed={active}
      onClick={run}
      disabled={!editor.isEditable}
    >
      {label}
    </button>
  );
}

export function ResponseEditor({ provider, user, editable }: Props) {
  const nonce = useNonce();
  const { t } = useTranslation("collab");
  const editor = useEditor(
    {
      immediatelyRender: false,
      // The response may be written in any language, Arabic beside English: each paragraph,
      // heading and list item takes the direction of its own text (dir="auto" on every node).
      textDirection: "auto",
      // Tiptap adds a <style> element with the editor's base CSS (white-space: pre-wrap among
      // others); the page's Content-Security-Policy applies it only with the page's nonce.
      injectNonce: nonce,
      editable,
      extensions: [
        // Yjs keeps the history; the editor's own undo would fight it.
        StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
        Collaboration.configure({ document: provider.doc, field: "response" }),
        CollaborationCaret.configure({ provider, user }),
      ],
      editorProps: {
        attributes: {
          class: "editor-content",
          "aria-label": t("response.heading"),
          role: "textbox",
          "aria-multiline": "true",
        },
      },
    },
    [provider],
  );
  if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  if (!editor) return <div className="editor loading">{t("editor.loading")}</div>;
  const chain = () => editor.chain().focus();
  const setLink = () => {
    const previous = editor.getAttributes("link").href as string | undefined;
    const href = window.prompt(t("editor.linkPrompt"), previous ?? "https://");
    if (href === null) return;
    if (href === "") chain().unsetLink().run();
    else chain().extendMarkRange("link").setLink({ href }).run();
  };
  return (
    <div className="editor">
      <div className="toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
        <ToolbarButton
          editor={editor}
          label={t("editor.bold")}
          active={editor.isActive("bold")}
          run={() => chain().toggleBold().run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.italic")}
          active={editor.isActive("italic")}
          run={() => chain().toggleItalic().run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.heading")}
          active={editor.isActive("heading", { level: 2 })}
          run={() => chain().toggleHeading({ level: 2 }).run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.subheading")}
          active={editor.isActive("heading", { level: 3 })}
          run={() => chain().toggleHeading({ level: 3 }).run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.bullets")}
          active={editor.isActive("bulletList")}
          run={() => chain().toggleBulletList().run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.numbered")}
          active={editor.isActive("orderedList")}
          run={() => chain().toggleOrderedList().run()}
        />
        <ToolbarButton
          editor={editor}
          label={t("editor.link")}
          active={editor.isActive("link")}
          run={setLink}
        />
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
