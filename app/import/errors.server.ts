// The import's own refusal: a file that cannot be read into recommendations (damaged, a zip bomb,
// a malformed CSV or JSON, a required column missing). 400, with a sentence that says what is wrong
// with the file and, where there is one, what to do about it.
import { DomainError } from "~/domain/errors.server.ts";
import type { Message } from "~/i18n/i18n.server.ts";

export class UnreadableFileError extends DomainError {
  constructor(message: string | Message) {
    super(400, message);
  }
}
