// Helpers for the HTML pages: the form equivalents of app/http/errors.server.ts.
import { json, redirect } from "@remix-run/node";
import { ZodError } from "zod";

import { DomainError, InvalidInputError, NotFoundError } from "~/domain/errors.server.ts";
import { t } from "~/i18n/i18n.server.ts";
import { safeRedirectPath } from "~/lib/safe-redirect.ts";

import { bodyLimitFor } from "./body-limits.server.ts";
import { fieldsFromZod, methodNotAllowed, readBody, RequestRefusedError } from "./errors.server.ts";

/** The 404 a page throws for its error boundary: "Not found", in the request's language. */
export const notFoundResponse = () => new Response(t("errors:notFound.thing"), { status: 404 });

/** Pages answer 404 (never 403) for what the user may not see: the error boundary renders it. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) throw notFoundResponse();
    throw error;
  }
}

export type FormFailure = {
  ok: false;
  message: string;
  fields: Record<string, string>;
  currentVersion?: number;
};

/** Runs a form action; expected failures come back as data for the form to show, with their status. */
export async function formAction<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof ZodError) {
      const fields = fieldsFromZod(error);
      return json<FormFailure>(
        { ok: false, message: t("errors:form.correctFields"), fields },
        { status: 400 },
      );
    }
    if (error instanceof NotFoundError) throw notFoundResponse();
    if (error instanceof DomainError) {
      const fields = (error.details.fields as Record<string, string> | undefined) ?? {};
      const currentVersion = error.details.currentVersion as number | undefined;
      const headers = error instanceof RequestRefusedError ? error.headers : undefined;
      const message = error instanceof InvalidInputError ? error.pageMessage : error.message;
      return json<FormFailure>(
        { ok: false, message, fields, currentVersion },
        { status: error.status, headers },
      );
    }
    throw error;
  }
}

/** Pages change data with POST only (their forms and fetchers); PUT or DELETE is refused (405). */
export function requirePost(request: Request): void {
  if (request.method !== "POST") throw methodNotAllowed("POST");
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Reads a page's form post: POST only (405), a form body only (415: JSON or text is not a form),
 * within the size limit (413), readable as a form (400) and without files (no page takes one).
 * Call it inside formAction, which shows these failures as the page's error.
 */
export async function readForm(request: Request): Promise<Record<string, string>> {
  requirePost(request);
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!FORM_TYPES.some((type) => contentType.toLowerCase().startsWith(type))) {
    throw new RequestRefusedError(415, "errors:request.formOnly");
  }
  const bytes = await readBody(request, bodyLimitFor(new URL(request.url).pathname, contentType));
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw new InvalidInputError({ form: "errors:input.formUnreadable" });
  }
  const values: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value !== "string") throw new InvalidInputError({ [name]: "errors:input.fileNotText" });
    values[name] = value;
  }
  return values;
}

/**
 * For a form that can be posted from any page (a task's actions and comments): with JavaScript it
 * is a fetcher, and the answer is data for it; without, a success goes back to the page it came
 * from (its `redirectTo` field, if it is a path of this site). Failures are the same data as
 * formAction's.
 */
export async function fetcherAction(
  request: Request,
  fallback: string,
  run: (form: Record<string, string>) => Promise<unknown>,
) {
  const fromScript = new URL(request.url).searchParams.has("_data");
  return formAction(async () => {
    const form = await readForm(request);
    await run(form);
    return fromScript ? json({ ok: true as const }) : redirect(safeRedirectPath(form.redirectTo, fallback));
  });
}

/**
 * A form action whose page, rendered anew after a refusal (as without JavaScript), shows what was
 * typed beside the errors: `run` gets the form and throws its redirect once done; a refusal is
 * answered as formAction answers it, with `values`, the form as the page's fields take it.
 * `before` runs first (e.g. the 404 of something that does not exist, before the body is read).
 */
export async function formActionKeepingValues<V>(
  request: Request,
  run: (form: Record<string, string>) => Promise<never>,
  typed: (form: Record<string, string>) => V,
  before?: () => Promise<unknown>,
) {
  let form: Record<string, string> = {};
  const answer = await formAction(async () => {
    await before?.();
    form = await readForm(request);
    return run(form);
  });
  const failure = (await answer.json()) as FormFailure;
  return json({ ...failure, values: typed(form) }, { status: answer.status, headers: answer.headers });
}
