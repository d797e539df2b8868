// The case page's "Your actions": one form per workflow event the user may send now. Agreeing
// (which locks the recommendation's text) and verifying ask for confirmation first: with
// JavaScript in a dialog opened by the button; without, the button opens the same step on the page
// (?confirm=<event>), with Confirm and Cancel. Verifying a case with open tasks needs a reason.
// Submitting without new evidence says what to do first.
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { type MouseEvent, type ReactNode, useEffect, useRef } from "react";

import { type CaseEventType, EVENT_LABELS } from "~workflows/recommendation-labels.ts";

interface Props {
  caseId: string;
  version: number;
  allowedEvents: string[];
  reasonRequiredFor: string[];
  /** Tasks still being worked or awaiting a decision: verifying then needs a reason. */
  openTasks: { id: string; title: string }[];
  /** Evidence added since the last submission. */
  newEvidence: number;
  canEdit: boolean;
}

/** The events that ask for confirmation, and what the confirmation says. */
const CONFIRM: Partial<Record<CaseEventType, { title: string; text: string; yes: string }>> = {
  AGREE: {
    title: "Agree to this recommendation?",
    text: "Agreeing locks the recommendation's text: CTED can no longer change it. The case then waits for your State to start implementing it, and the response as it is now is kept in the history.",
    yes: "Yes, agree",
  },
  VERIFY: {
    title: "Verify the implementation?",
    text: "Verifying closes the case as implemented: its response and evidence are kept as submitted, and no tasks can be added. CTED can reopen it later, with a reason.",
    yes: "Yes, verify",
  },
};

const label = (type: string) => EVENT_LABELS[type as CaseEventType] ?? type;
const quoted = (titles: string[]) => titles.map((t) => `“${t}”`).join(", ");

export function CaseActions(props: Props) {
  const { caseId, allowedEvents, canEdit } = props;
  const [params] = useSearchParams();
  const confirming = params.get("confirm");
  return (
    <section className="card actions" id="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Your actions</h2>
      {allowedEvents.length === 0 ? (
        <p className="muted">There is nothing for you to do on this case now.</p>
      ) : null}
      {allowedEvents.map((type) =>
        CONFIRM[type as CaseEventType] ? (
          <ConfirmedEvent key={type} {...props} type={type} inline={confirming === type} />
        ) : (
          <div className="action" key={type}>
            <EventForm {...props} type={type} />
          </div>
        ),
      )}
      {canEdit ? (
        <p>
          <Link className="button secondary" to={`/cases/${caseId}/edit`}>
            Edit recommendation
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** The form that sends an event (with its reason, when it needs one). */
function EventForm({
  type,
  version,
  reasonRequiredFor,
  openTasks,
  newEvidence,
  submitLabel,
  cancel,
}: Props & { type: string; submitLabel?: string; cancel?: ReactNode }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("type") === type;
  const verifyingOpen = type === "VERIFY" && openTasks.length > 0;
  const needsReason = reasonRequiredFor.includes(type) || verifyingOpen;
  const noEvidence = type === "SUBMIT_EVIDENCE" && newEvidence === 0;
  const helpId = `help-${type}`;
  return (
    <Form method="post">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="version" value={version} />
      {verifyingOpen ? (
        <p className="notice warning" id={helpId}>
          These tasks are still open: {quoted(openTasks.map((t) => t.title))}. Give a reason to verify anyway.
        </p>
      ) : null}
      {type === "SUBMIT_EVIDENCE" ? (
        <p className={noEvidence ? "notice warning" : "muted"} id={helpId}>
          {noEvidence ? (
            <>
              There is no new evidence to submit yet. First add what shows the work was done (a file, a link
              or an official reference) under <a href="#evidence">Evidence</a>, then submit it here.
            </>
          ) : (
            <>
              Sends {newEvidence === 1 ? "the new item" : `the ${newEvidence} new items`} of evidence and the
              response as it is now to CTED for review. The response is then frozen until CTED decides.
            </>
          )}
        </p>
      ) : null}
      {needsReason ? (
        <div className="field">
          <label htmlFor={`reason-${type}`}>
            {verifyingOpen ? "Reason to verify with open tasks" : `Reason for “${label(type)}”`} (required)
          </label>
          <textarea
            id={`reason-${type}`}
            name="reason"
            required
            maxLength={2000}
            rows={3}
            aria-describedby={verifyingOpen ? helpId : undefined}
          />
        </div>
      ) : null}
      <div className="buttons">
        <button
          className="button"
          type="submit"
          disabled={busy}
          aria-describedby={type === "SUBMIT_EVIDENCE" ? helpId : undefined}
        >
          {submitLabel ?? label(type)}
        </button>
        {cancel}
      </div>
    </Form>
  );
}

/**
 * An event asked for confirmation. The button is a GET form to ?confirm=<event> (the step on the
 * page, without JavaScript); with JavaScript it opens the same step in a modal dialog instead.
 */
function ConfirmedEvent(props: Props & { type: string; inline: boolean }) {
  const { type, caseId, inline } = props;
  const confirm = CONFIRM[type as CaseEventType]!;
  const dialog = useRef<HTMLDialogElement>(null);
  const navigation = useNavigation();
  // Closed once the submission is over: the page then shows its outcome (done, or why not).
  useEffect(() => {
    if (navigation.state === "idle") dialog.current?.close();
  }, [navigation.state]);
  const open = (event: MouseEvent<HTMLButtonElement>) => {
    if (!dialog.current?.showModal) return; // no <dialog> support: the step on the page instead
    event.preventDefault();
    dialog.current.showModal();
  };
  const step = (where: "dialog" | "page") => (
    <div className="confirm-step">
      <h3 id={`confirm-${type}-${where}`}>{confirm.title}</h3>
      <p>{confirm.text}</p>
      <EventForm
        {...props}
        submitLabel={confirm.yes}
        cancel={
          where === "dialog" ? (
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          ) : (
            <Link className="button secondary" to={`/cases/${caseId}#actions`} replace>
              Cancel
            </Link>
          )
        }
      />
    </div>
  );
  if (inline) {
    return (
      <div className="action confirming" role="group" aria-labelledby={`confirm-${type}-page`}>
        {step("page")}
      </div>
    );
  }
  return (
    <div className="action">
      <Form method="get" action={`/cases/${caseId}#actions`}>
        <button className="button" type="submit" name="confirm" value={type} onClick={open}>
          {label(type)}
        </button>
      </Form>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`confirm-${type}-dialog`}>
        {step("dialog")}
      </dialog>
    </div>
  );
}
