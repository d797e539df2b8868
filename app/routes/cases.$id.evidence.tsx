// The case page's evidence forms, posted here (no page of its own):
// - a file: multipart/form-data with title, description?, taskId?, then the file (last);
// - a link or a reference: a form with kind=link|reference, title, url | text, description?, taskId?;
// - deleting: a form with intent=delete and evidenceId.
// Success goes back to the case page: /cases/:id?done=EVIDENCE_ADDED (or EVIDENCE_DELETED)#evidence.
// A refusal goes back to the case page with ?evidenceError=<what was wrong>#evidence: the first
// field's "field: sentence" (the page words it), or the refusal's sentence. A case the user does
// not see is 404, and another method 405, as on every page.
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";

import type { SessionUser } from "~/access/visibility.ts";
import { addFileEvidence, addLinkOrReference, deleteEvidence } from "~/domain/evidence.server.ts";
import { formAction, type FormFailure, readForm, requirePost } from "~/http/forms.server.ts";
import { idParam } from "~/http/route-params.server.ts";
import { requireUser } from "~/http/session.server.ts";
import { isMultipart, readUpload } from "~/http/uploads.server.ts";
import { id } from "~/lib/input-text.ts";

export const loader = ({ params }: LoaderFunctionArgs) => redirect(`/cases/${idParam(params)}#evidence`);

type Done = "EVIDENCE_ADDED" | "EVIDENCE_DELETED";

const DeleteInput = z.object({ evidenceId: id() });

/** A form without a file: a link or a reference to add, or an item to delete. */
async function fromFields(user: SessionUser, caseId: string, form: Record<string, string>): Promise<Done> {
  if (form.intent === "delete") {
    await deleteEvidence(user, DeleteInput.parse({ evidenceId: form.evidenceId }).evidenceId);
    return "EVIDENCE_DELETED";
  }
  const content =
    form.kind === "link" ? { url: form.url } : form.kind === "reference" ? { text: form.text } : {};
  await addLinkOrReference(user, caseId, {
    kind: form.kind,
    title: form.title,
    description: form.description,
    taskId: form.taskId,
    ...content,
  });
  return "EVIDENCE_ADDED";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const caseId = idParam(params);
  // Another method is refused as on every page (405), not sent back to the page.
  if (request.method !== "POST") return formAction(async () => requirePost(request));
  const answer = await formAction(async () => {
    let done: Done;
    if (isMultipart(request)) {
      const upload = await readUpload(request, (f, file) =>
        addFileEvidence(user, caseId, { title: f.title, description: f.description, taskId: f.taskId }, file),
      );
      done = upload.file ? "EVIDENCE_ADDED" : await fromFields(user, caseId, upload.fields);
    } else {
      done = await fromFields(user, caseId, await readForm(request));
    }
    return redirect(`/cases/${caseId}?done=${done}#evidence`);
  });
  if (answer.status < 400 || answer.status === 404) return answer;
  const { message, fields } = (await answer.json()) as FormFailure;
  const [field] = Object.entries(fields ?? {});
  const error = field ? `${field[0]}: ${field[1]}` : message;
  return redirect(`/cases/${caseId}?evidenceError=${encodeURIComponent(error)}#evidence`);
}
