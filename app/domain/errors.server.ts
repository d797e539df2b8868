// Expected failures of the domain, each with the HTTP status the API answers with. Pages and the
// JSON API map them the same way (app/http/errors.server.ts).
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
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
  constructor(readonly fields: Record<string, string>) {
    const [name, message] = Object.entries(fields)[0] ?? ["input", "is invalid"];
    super(400, `${name}: ${message}`, { fields });
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
