// Mentioning someone in a comment: typing "@" and letters in a comment box offers the people who
// may read the case's comments (the case page's loader gives them: app/domain/mentions.server.ts),
// and picking one writes "@Full Name ", which is what the server looks for to notify them.
// The text box is an ARIA 1.2 combobox whose popup is the listbox below; focus stays in the box
// and aria-activedescendant names the active option. Styles: app/styles/mentions.css.
import { type KeyboardEvent, type SyntheticEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** Someone who may be mentioned: their name and their organisation's short name. */
export interface Mentionable {
  id: string;
  name: string;
  organization: string;
}

/** At most this many suggestions. */
const MAX_SUGGESTIONS = 8;

/** Case and accents folded away: "ELE", "élé" and "Ele" all find "Elena". */
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * The "@…" being typed just before the caret, or null: an "@" at the start or after a space or an
 * opening bracket or quote (not inside an e-mail address), then a letter, then what a name holds.
 */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|[\s([{"'«“])@([\p{L}\p{M}][\p{L}\p{M}\p{Pd}'’. ]{0,60})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]! };
}

/** The people whose name contains the typed letters, in the order given (by name), at most 8. */
function matchingPeople(people: Mentionable[], query: string): Mentionable[] {
  const wanted = fold(query);
  return people.filter((p) => fold(p.name).includes(wanted)).slice(0, MAX_SUGGESTIONS);
}

/**
 * The combobox's behaviour for a comment box holding `text`: the attributes and handlers for the
 * textarea, and what the list and the live region show. Without people, it does nothing.
 */
export function useMentions(people: Mentionable[], text: string, setText: (text: string) => void) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  // The "@" whose suggestions were closed (Escape, or one was picked): not offered again.
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [active, setActive] = useState({ key: "", index: 0 });
  const [caretAfterInsert, setCaretAfterInsert] = useState<number | null>(null);

  let typed = people.length > 0 && caret !== null ? mentionAt(text, caret) : null;
  const matches = typed ? matchingPeople(people, typed.query) : [];
  // Past the first word, the "@…" ends once it no longer starts anyone's name: it is text.
  if (typed && matches.length === 0 && /\s/.test(typed.query)) typed = null;
  if (typed && typed.start === dismissed) typed = null;
  const open = typed !== null && matches.length > 0;
  const key = typed ? `${typed.start}:${typed.query}` : "";
  const index = active.key === key ? Math.min(active.index, matches.length - 1) : 0;
  const optionId = (i: number) => `${listId}-option-${i}`;

  useEffect(() => {
    if (caretAfterInsert === null || !ref.current) return;
    ref.current.setSelectionRange(caretAfterInsert, caretAfterInsert);
    setCaretAfterInsert(null);
  }, [caretAfterInsert]);

  const readCaret = (e: SyntheticEvent<HTMLTextAreaElement>) => {
    const box = e.currentTarget;
    setCaret(box.selectionStart === box.selectionEnd ? box.selectionStart : null);
    if (dismissed !== null && !mentionAt(box.value, box.selectionStart)) setDismissed(null);
  };

  const choose = (person: Mentionable) => {
    if (!typed) return;
    const before = text.slice(0, typed.start);
    const after = text.slice(caret ?? typed.start).replace(/^ /, "");
    const inserted = `@${person.name} `;
    setText(before + inserted + after);
    setDismissed(typed.start);
    setCaret(before.length + inserted.length);
    setCaretAfterInsert(before.length + inserted.length);
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open || !typed || e.nativeEvent.isComposing) return;
    const move = (step: number) =>
      setActive({ key, index: (index + step + matches.length) % matches.length });
    switch (e.key) {
      case "ArrowDown":
        move(1);
        break;
      case "ArrowUp":
        move(-1);
        break;
      case "Enter":
      case "Tab":
        if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
        choose(matches[index]!);
        break;
      case "Escape":
        setDismissed(typed.start);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const combobox =
    people.length > 0
      ? {
          ref,
          role: "combobox" as const,
          "aria-autocomplete": "list" as const,
          "aria-expanded": open,
          "aria-controls": listId,
          "aria-activedescendant": open ? optionId(index) : undefined,
          onKeyDown,
          onSelect: readCaret,
          onFocus: readCaret,
          onClick: readCaret,
          onBlur: () => setCaret(null),
        }
      : { ref };

  return {
    enabled: people.length > 0,
    combobox,
    /** Call with the new value's event from the textarea's onChange. */
    readCaret,
    list: {
      id: listId,
      open,
      people: open ? matches : [],
      active: index,
      optionId,
      onChoose: choose,
      onHover: (i: number) => setActive({ key, index: i }),
    },
    /** What the live region says: how many are offered, or that nobody matches the typed letters. */
    typing: typed !== null,
    count: open ? matches.length : 0,
  };
}

/** The listbox of suggestions (hidden while closed, so that aria-controls always names it). */
export function MentionSuggestions({
  id,
  open,
  people,
  active,
  optionId,
  onChoose,
  onHover,
}: {
  id: string;
  open: boolean;
  people: Mentionable[];
  active: number;
  optionId: (index: number) => string;
  onChoose: (person: Mentionable) => void;
  onHover: (index: number) => void;
}) {
  const { t } = useTranslation("collab");
  return (
    <ul
      id={id}
      role="listbox"
      aria-label={t("mentions.listLabel")}
      className="mention-suggestions"
      hidden={!open}
    >
      {people.map((p, i) => (
        // Focus stays in the text box: pressing on an option must not take it away.
        <li
          key={p.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className="mention-option"
          onMouseDown={(e) => e.preventDefault()}
          onMouseMove={() => {
            if (i !== active) onHover(i);
          }}
          onClick={() => onChoose(p)}
        >
          <bdi className="mention-name" translate="no">
            {p.name}
          </bdi>{" "}
          <span className="mention-organization" translate="no">
            {p.organization}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Says, politely, how many people are offered, or that nobody matches what was typed. */
export function MentionStatus({ typing, count }: { typing: boolean; count: number }) {
  const { t } = useTranslation("collab");
  return (
    <p className="sr-only" role="status" aria-live="polite">
      {typing ? (count > 0 ? t("mentions.count", { count }) : t("mentions.none")) : ""}
    </p>
  );
}
