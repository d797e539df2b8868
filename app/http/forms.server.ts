// Helpers for the HTML pages: the form equivalents of app/http/errors.server.ts.
import { json, redirect } from "@remix-run/node";
import { ZodError } from "zod";
import { DomainError, NotFoundError } from "../domain/errors.server.ts";
import { fieldsFromZod } from "./errors.server.ts";

/** Pages answer 404 (never 403) for what the user may not see: the error boundary renders it. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export type FormFailure = { ok: false; message: string; fields: Record<string, string>; currentVersion?: number };

/** Runs a form action; expected failures come back as data for the form to show, with their status. */
export async function formAction<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof ZodError) {
      const fields = fieldsFromZod(error);
      return json<FormFailure>({ ok: false, message: "Please correct the highlighted fields.", fields }, { status: 400 });
    }
    if (error instanceof NotFoundError) throw new Response("Not found", { status: 404 });
    if (error instanceof DomainError) {
      const fields = (error.details.fields as Record<string, string> | undefined) ?? {};
      const currentVersion = error.details.currentVersion as number | undefined;
      return json<FormFailure>({ ok: false, message: error.message, fields, currentVersion }, { status: error.status });
    }
    throw error;
  }
}

/** Only same-site paths: an open redirect would hand a signed-in user to anyone. */
export function safeRedirectPath(value: FormDataEntryValue | string | null, fallback = "/dashboard"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/**
 * For a form that can be posted from any page (a task's actions and comments): with JavaScript it
 * is a fetcher, and the answer is data for it; without, a success goes back to the page it came
 * from (its `redirectTo` field). Failures are the same data as formAction's.
 */
export async function fetcherAction(request: Request, form: Record<string, FormDataEntryValue>, fallback: string, run: () => Promise<unknown>) {
  const fromScript = new URL(request.url).searchParams.has("_data");
  return formAction(async () => {
    await run();
    return fromScript ? json({ ok: true as const }) : redirect(safeRedirectPath(form.redirectTo ?? null, fallback));
  });
}
