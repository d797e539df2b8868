// Expected failures of the domain, each with the HTTP status the API answers with and a stable
// `code` a program can act on. Pages and the JSON API map them the same way
// (app/http/errors.server.ts). A message is a translation key (or key and values) and reads in
// the language of the request being handled; `source` keeps it untranslated, for whoever must
// translate it again elsewhere (a worker thread's refusal, read back on the request's thread).
import { type Message, t, translateMessage, translatorFor } from "~/i18n/i18n.server.ts";

/** The machine-readable kinds of refusal, as the API's `code` names them. */
export type ErrorCode =
  | "invalid_input"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "timeout"
  | "conflict"
  | "already_submitted"
  | "gone"
  | "too_large"
  | "unsupported_type"
  | "not_allowed_in_state"
  | "not_ready"
  | "rate_limited"
  | "internal_error"
  | "refused";

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: "invalid_input",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  408: "timeout",
  409: "conflict",
  410: "gone",
  413: "too_large",
  415: "unsupported_type",
  422: "not_ready",
  429: "rate_limited",
  500: "internal_error",
};

export class DomainError extends Error {
  /** The message as given: a key (or key and values), or a sentence already translated. */
  readonly source: string | Message;
  readonly code: ErrorCode;
  constructor(
    readonly status: number,
    message: string | Message,
    readonly details: Record<string, unknown> = {},
    code?: ErrorCode,
  ) {
    super(translateMessage(message));
    this.source = message;
    this.code = code ?? CODE_OF_STATUS[status] ?? (status >= 500 ? "internal_error" : "refused");
  }
}

/** What a NotFoundError may name, each with its sentence (errors:notFound.*). */
const NOT_FOUND = {
  Case: "case",
  Task: "task",
  User: "user",
  Evidence: "evidence",
  "Evidence file": "evidenceFile",
  Assessment: "assessment",
  Visit: "visit",
  Organisation: "organisation",
  "Thematic area": "thematicArea",
  Import: "import",
  Page: "page",
} as const;
export type NotFoundSubject = keyof typeof NOT_FOUND;

/** Absent, or not visible to this actor: the two are indistinguishable on purpose. */
export class NotFoundError extends DomainError {
  constructor(what: NotFoundSubject = "Case") {
    super(404, `errors:notFound.${NOT_FOUND[what] ?? "thing"}`, {}, "not_found");
  }
}

/** The 404 sentence for `what`, for answers built without a NotFoundError (route-params.server.ts). */
export const notFoundMessage = (what: NotFoundSubject = "Case") =>
  t(`errors:notFound.${NOT_FOUND[what] ?? "thing"}`);

export class ForbiddenError extends DomainError {
  constructor(message: string | Message = "errors:forbidden.default") {
    super(403, message, {}, "forbidden");
  }
}

/**
 * Whether a field's message completes a sentence ("must be a number") rather than being one ("Give
 * a reason."): a key's English says; text already translated, its first letter.
 */
function isPredicate(message: string | Message): boolean {
  const english =
    typeof message === "string"
      ? /^[a-zA-Z]+:[\w.]+$/.test(message)
        ? translatorFor("en")(message)
        : message
      : translatorFor("en")(message.key, message.values);
  return /^\p{Ll}/u.test(english);
}

/**
 * Input refused field by field. Its message is one sentence a person reads, about the first field
 * (named as it was sent): "Check “version”: it must be a number."; `fields` keeps each field's
 * message, which completes a sentence that starts with the field's label ("must be a number").
 */
export class InvalidInputError extends DomainError {
  readonly fields: Record<string, string>;
  /**
   * What a page says above its form, which names no field by its code: the first field's own
   * sentence ("Give a reason to request changes."), else that the fields need correcting (each
   * says why beside itself).
   */
  readonly pageMessage: string;
  constructor(fields: Record<string, string | Message>) {
    const translated = Object.fromEntries(
      Object.entries(fields).map(([name, m]) => [name, translateMessage(m)]),
    );
    const first = Object.entries(fields)[0];
    const sentence = first !== undefined && !isPredicate(first[1]);
    const message: Message = !first
      ? { key: "errors:invalidInput.generic" }
      : {
          key: sentence ? "errors:invalidInput.fieldSentence" : "errors:invalidInput.field",
          values: { field: first[0], problem: translated[first[0]] },
        };
    super(400, message, { fields: translated }, "invalid_input");
    this.fields = translated;
    this.pageMessage = sentence ? translated[first[0]]! : t("errors:form.correctFields");
  }
}

export class ConflictError extends DomainError {
  constructor(
    readonly currentVersion: number,
    what: "case" | "task" = "case",
  ) {
    super(409, `errors:conflict.${what}`, { currentVersion }, "conflict");
  }
}

/** Actions refused in a state that are not workflow events, each with its sentence. */
const ACTIONS: Record<string, string> = {
  "Adding evidence": "addEvidence",
  "Adding a task": "addTask",
  EDIT: "edit",
};

/** A state's name in words: "in_progress.under_review" (or "under review") reads "Under review". */
function stateInWords(stateValue: string, what: "case" | "task"): string {
  const key = stateValue.split(".").at(-1)!.trim().toLowerCase().replace(/\s+/g, "_");
  return t(`workflow:${what === "task" ? "taskStates" : "states"}.${key}`, { defaultValue: stateValue });
}

/**
 * An event (or action) the state refuses, named in words: "“Verify implementation” is not possible
 * while the case is Drafted".
 */
export class NotAllowedInStateError extends DomainError {
  constructor(eventType: string, stateValue: string, what: "case" | "task" = "case") {
    const state = stateInWords(stateValue, what);
    const action = ACTIONS[eventType];
    super(
      422,
      action
        ? { key: `errors:notAllowedInState.${action}`, values: { state } }
        : {
            key: `errors:notAllowedInState.${what}Event`,
            values: {
              state,
              event: t(`workflow:${what === "task" ? "taskEvents" : "events"}.${eventType}`, {
                defaultValue: eventType,
              }),
            },
          },
      {},
      "not_allowed_in_state",
    );
  }
}

/**
 * The workflow would accept this event now, but the case is not ready for it (no evidence to
 * submit, open tasks on a case to verify): 422, with a sentence that says what to do.
 */
export class NotReadyError extends DomainError {
  constructor(message: string | Message) {
    super(422, message, {}, "not_ready");
  }
}

/** What was submitted stays as it was submitted: deleting it is refused (409). */
export class AlreadySubmittedError extends DomainError {
  constructor(message: string | Message) {
    super(409, message, {}, "already_submitted");
  }
}

/** A file larger than the limit (413): nothing of it is kept. */
export class FileTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super(413, { key: "errors:fileTooLarge", values: { size: megabytes(maxBytes) } }, {}, "too_large");
  }
}

/** A file of a type not accepted as evidence (415), said in a sentence with the accepted ones. */
export class UnsupportedFileTypeError extends DomainError {
  constructor(message: string | Message) {
    super(415, message, {}, "unsupported_type");
  }
}

/** Megabytes with at most one decimal, in the request's language's digits ("25", "2.5"). */
const megabytes = (bytes: number) => {
  const mb = bytes / 1024 / 1024;
  return Number.isInteger(mb) ? mb : Number(mb.toFixed(1));
};
