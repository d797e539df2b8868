// Expected failures of the domain, each with the HTTP status the API answers with. Pages and the
// JSON API map them the same way (app/http/errors.server.ts). A message is a translation key
// (or key and values) and reads in the language of the request being handled.
import { type Message, translateMessage } from "~/i18n/i18n.server.ts";

export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string | Message,
    readonly details: Record<string, unknown> = {},
  ) {
    super(translateMessage(message));
  }
}

/** Absent, or not visible to this actor: the two are indistinguishable on purpose. */
export class NotFoundError extends DomainError {
  constructor(what = "Case") {
    super(404, `${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You may not do this") {
    super(403, message);
  }
}

export class InvalidInputError extends DomainError {
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    fields = Object.fromEntries(Object.entries(fields).map(([name, m]) => [name, translateMessage(m)]));
    const [name, message] = Object.entries(fields)[0] ?? ["input", "is invalid"];
    super(400, `${name}: ${message}`, { fields });
    this.fields = fields;
  }
}

export class ConflictError extends DomainError {
  constructor(
    readonly currentVersion: number,
    what = "case",
  ) {
    super(409, `This ${what} was changed by someone else in the meantime; reload it and try again`, {
      currentVersion,
    });
  }
}

export class NotAllowedInStateError extends DomainError {
  constructor(eventType: string, stateValue: string, what = "case") {
    super(422, `${eventType} is not possible while the ${what} is ${stateValue}`);
  }
}

/**
 * The workflow would accept this event now, but the case is not ready for it (no evidence to
 * submit, open tasks on a case to verify): 422, with a sentence that says what to do.
 */
export class NotReadyError extends DomainError {
  constructor(message: string) {
    super(422, message);
  }
}

/** What was submitted stays as it was submitted: deleting it is refused (409). */
export class AlreadySubmittedError extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}

/** A file larger than the limit (413): nothing of it is kept. */
export class FileTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super(413, `The file is larger than ${formatMegabytes(maxBytes)}, the largest accepted`);
  }
}

/** A file of a type not accepted as evidence (415), said in a sentence with the accepted ones. */
export class UnsupportedFileTypeError extends DomainError {
  constructor(message: string) {
    super(415, message);
  }
}

const formatMegabytes = (bytes: number) => {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
};
