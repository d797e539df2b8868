// The case page's "Your actions": one form per workflow event the user may send now. Agreeing
// (which locks the recommendation's text) and verifying ask for confirmation first: with
// JavaScript in a dialog opened by the button; without, the button opens the same step on the page
// (?confirm=<event>), with Confirm and Cancel. Verifying a case with open tasks needs a reason.
// Submitting without new evidence says what to do first.
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { type MouseEvent, type ReactNode, useEffect, useRef } from "react";
import { Trans, useTranslation } from "react-i18next";

import type { Translate } from "~/i18n/languages.ts";

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

/** The events that ask for confirmation; what it says is review:actions.confirm.<event>.*. */
const CONFIRM = new Set(["AGREE", "VERIFY"]);

const label = (t: Translate, type: string) => t(`workflow:events.${type}`);
const quoted = (t: Translate, titles: string[]) =>
  titles.map((title) => t("actions.quoted", { title })).join(t("actions.listSeparator"));

export function CaseActions(props: Props) {
  const { caseId, allowedEvents, canEdit } = props;
  const [params] = useSearchParams();
  const confirming = params.get("confirm");
  const { t } = useTranslation("review");
  return (
    <section className="card actions" id="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t("actions.heading")}</h2>
      {allowedEvents.length === 0 ? <p className="muted">{t("actions.nothing")}</p> : null}
      {allowedEvents.map((type) =>
        CONFIRM.has(type) ? (
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
            {t("actions.edit")}
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
  const { t } = useTranslation("review");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("type") === type;
  const verifyingOpen = type === "VERIFY" && openTasks.length > 0;
  const openTitles = openTasks.map((task) => task.title);
  const needsReason = reasonRequiredFor.includes(type) || verifyingOpen;
  const noEvidence = type === "SUBMIT_EVIDENCE" && newEvidence === 0;
  const helpId = `help-${type}`;
  return (
    <Form method="post">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="version" value={version} />
      {verifyingOpen ? (
        <p className="notice warning" id={helpId}>
          {t("actions.openTasks", { titles: quoted(t, openTitles) })}
        </p>
      ) : null}
      {type === "SUBMIT_EVIDENCE" ? (
        <p className={noEvidence ? "notice warning" : "muted"} id={helpId}>
          {noEvidence ? (
            <Trans t={t} i18nKey="actions.noEvidence" components={{ anchor: <a href="#evidence" /> }} />
          ) : newEvidence === 1 ? (
            t("actions.sendsOne")
          ) : (
            t("actions.sends", { count: newEvidence })
          )}
        </p>
      ) : null}
      {needsReason ? (
        <div className="field">
          <label htmlFor={`reason-${type}`}>
            {verifyingOpen
              ? t("actions.reasonOpenTasks")
              : t("actions.reasonFor", { action: label(t, type) })}
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
          {submitLabel ?? label(t, type)}
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
  const { t } = useTranslation("review");
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
      <h3 id={`confirm-${type}-${where}`}>{t(`actions.confirm.${type}.title`)}</h3>
      <p>{t(`actions.confirm.${type}.text`)}</p>
      <EventForm
        {...props}
        submitLabel={t(`actions.confirm.${type}.yes`)}
        cancel={
          where === "dialog" ? (
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
              {t("actions.cancel")}
            </button>
          ) : (
            <Link className="button secondary" to={`/cases/${caseId}#actions`} replace>
              {t("actions.cancel")}
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
          {label(t, type)}
        </button>
      </Form>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`confirm-${type}-dialog`}>
        {step("dialog")}
      </dialog>
    </div>
  );
}
