// The refusals people and API clients read are sentences in their language: the domain's errors,
// the body readers' and zod's problems (plainMessage), in English as before and in Russian,
// French and Arabic when the request is in those languages. No database: only the messages.
import { describe, expect, it } from "vitest";
import { z, type ZodError } from "zod";

import { CaseEventInput, CaseListQuery, reasonRequiredMessage, SORT_MESSAGE } from "~/domain/case-input.ts";
import {
  ConflictError,
  FileTooLargeError,
  ForbiddenError,
  InvalidInputError,
  NotAllowedInStateError,
  NotFoundError,
} from "~/domain/errors.server.ts";
import { TaskInput } from "~/domain/task-input.ts";
import { edgeMessage, tooLargeMessage } from "~/http/body-limits.server.ts";
import { fieldsFromZod, invalidInputFromZod, methodNotAllowed } from "~/http/errors.server.ts";
import { translatorFor } from "~/i18n/i18n.server.ts";
import { keyed, plainMessage, unkeyed } from "~/lib/input-messages.ts";
import { withRequest } from "~/lib/log.server.ts";

const inLanguage = <T>(language: string, fn: () => T): T =>
  withRequest({ requestId: "test", address: "127.0.0.1", language } as never, fn);
const zodError = (schema: z.ZodTypeAny, value: unknown) => schema.safeParse(value).error as ZodError;
const CYRILLIC = /[А-Яа-яЁё]/;
const LATIN_WORD = /\b(must|is|the|not|be|found|Check)\b/;

describe("in English, as before", () => {
  it("the domain's errors keep their sentences, each with a stable code", () => {
    inLanguage("en", () => {
      expect(new NotFoundError().message).toBe("Case not found");
      expect(new NotFoundError().code).toBe("not_found");
      expect(new NotFoundError("Evidence file").message).toBe("Evidence file not found");
      expect(new ForbiddenError().message).toBe("You may not do this");
      expect(new ForbiddenError().code).toBe("forbidden");
      expect(new ConflictError(3, "task").message).toBe(
        "This task was changed by someone else in the meantime; reload it and try again",
      );
      expect(new ConflictError(3).code).toBe("conflict");
      expect(new FileTooLargeError(25 * 1024 * 1024).message).toBe(
        "The file is larger than 25 MB, the largest accepted",
      );
      expect(new FileTooLargeError(2.5 * 1024 * 1024).message).toMatch(/than 2\.5 MB/);
      expect(methodNotAllowed("POST").code).toBe("method_not_allowed");
    });
  });

  it("a state refuses an event in words, never in codes", () => {
    inLanguage("en", () => {
      const refused = new NotAllowedInStateError("VERIFY", "drafted");
      expect(refused.message).toBe("“Verify implementation” is not possible while the case is Drafted");
      expect(refused.code).toBe("not_allowed_in_state");
      expect(new NotAllowedInStateError("VERIFY", "in_progress.under_review").message).toMatch(
        /while the case is Under review$/,
      );
      expect(new NotAllowedInStateError("CANCEL", "done", "task").message).toBe(
        "“Cancel task” is not possible while the task is Done",
      );
      expect(new NotAllowedInStateError("Adding evidence", "agreed").message).toBe(
        "Adding evidence is not possible while the case is Agreed",
      );
    });
  });

  it("invalid input: one sentence naming the field as sent, and each field's message beside it", () => {
    inLanguage("en", () => {
      const error = invalidInputFromZod(zodError(CaseEventInput, { type: "AGREE", version: "3" }));
      expect(error.message).toBe("Check “version”: it must be a number.");
      expect(error.fields).toEqual({ version: "must be a number" });
      expect(error.code).toBe("invalid_input");
      const reason = new InvalidInputError({ reason: reasonRequiredMessage("REQUEST_CHANGES") });
      expect(reason.message).toBe("Check “reason”: Give a reason to request changes.");
      expect(reason.fields).toEqual({ reason: "Give a reason to request changes." });
      // A page names no field by its code: the field's own sentence, or that fields need correcting.
      expect(reason.pageMessage).toBe("Give a reason to request changes.");
      expect(error.pageMessage).toBe(translatorFor("en")("errors:form.correctFields"));
    });
    // Whether a field's message is a sentence is the English's to say: Arabic has no capitals.
    inLanguage("ar", () => {
      const reason = new InvalidInputError({ reason: reasonRequiredMessage("REQUEST_CHANGES") });
      expect(reason.pageMessage).toBe(reason.fields.reason);
      expect(reason.pageMessage).not.toBe(translatorFor("ar")("errors:form.correctFields"));
    });
  });

  it("zod's problems in plain words, lengths with their digits grouped", () => {
    inLanguage("en", () => {
      const fields = fieldsFromZod(
        zodError(TaskInput, { title: "x", dueAt: "2027-02-30", assigneeUserId: "a", extra: 1 }),
      );
      expect(fields.title).toBe("must be at least 3 characters");
      expect(fields.dueAt).toBe("is not a day of the calendar (2027-02-30 does not exist)");
      expect(fields[""] ?? fields.body).toMatch(/^has fields this request does not take: extra$/);
      expect(
        fieldsFromZod(zodError(z.object({ t: z.string().max(20_000) }), { t: "x".repeat(20_001) })),
      ).toEqual({ t: "must be at most 20,000 characters" });
      expect(fieldsFromZod(zodError(CaseListQuery, { sort: "bogus", page: "0" }))).toEqual({
        sort: translatorFor("en")(SORT_MESSAGE),
        page: "must be 1 or more",
      });
    });
  });

  it("a key with values survives a zod message", () => {
    expect(unkeyed(keyed("errors:input.orMore", { value: 2 }))).toEqual({
      key: "errors:input.orMore",
      values: { value: 2 },
    });
    expect(unkeyed("must be text")).toBe("must be text");
  });
});

describe("in the request's language", () => {
  it("Russian: the errors and zod's problems are Russian sentences", () => {
    inLanguage("ru", () => {
      expect(new NotFoundError().message).toBe("Дело не найдено");
      expect(new NotAllowedInStateError("VERIFY", "drafted").message).toBe(
        "Действие «Подтвердить выполнение» невозможно, пока дело находится в состоянии «Проект»",
      );
      const invalid = invalidInputFromZod(zodError(CaseEventInput, { type: "AGREE", version: "3" }));
      expect(invalid.message).toBe("Проверьте поле «version»: значение должно быть числом.");
      const fields = fieldsFromZod(
        zodError(TaskInput, { title: "x", dueAt: "someday", assigneeUserId: "a" }),
      );
      for (const message of Object.values(fields)) {
        expect(message).toMatch(CYRILLIC);
        expect(message).not.toMatch(LATIN_WORD);
      }
      expect(fields.title).toBe("не менее 3 символов");
    });
  });

  it("French and Arabic too", () => {
    inLanguage("fr", () => {
      expect(new ConflictError(1).message).toMatch(/^Ce dossier a été modifié/);
      expect(new FileTooLargeError(2.5 * 1024 * 1024).message).toMatch(/2,5 Mo/);
    });
    inLanguage("ar", () => {
      expect(new NotFoundError("Task").message).toBe("لم يُعثر على المهمة");
      expect(translatorFor("ar")("errors:input.minChars", { count: 5 })).toBe("يجب ألا يقل عن 5 أحرف");
    });
  });

  it("plainMessage gives keys, never text, for zod's own problems", () => {
    const issue = zodError(z.object({ n: z.number() }), { n: "1" }).issues[0]!;
    expect(plainMessage(issue)).toEqual({ key: "errors:input.number" });
  });

  it("the HTTP edge, before the app, speaks the request's language too", () => {
    inLanguage("en", () => {
      expect(tooLargeMessage(256 * 1024)).toBe(
        "The request body is larger than 256 KiB, the most this address accepts",
      );
      expect(edgeMessage("internal")).toBe("Something went wrong on our side");
    });
    inLanguage("fr", () => expect(tooLargeMessage(16 * 1024 * 1024)).toMatch(/dépasse 16 Mio/));
    inLanguage("ru", () => expect(edgeMessage("notFound.thing")).toBe("Не найдено"));
    expect(edgeMessage("edge.crossOrigin")).toBe("Cross-origin request refused");
  });
});
