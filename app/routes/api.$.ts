// Any /api/ address no route answers: the API's JSON 404 rather than the pages' not-found page.
import { json } from "@remix-run/node";

const notFound = () => json({ error: "There is no such API address; see docs/api.md" }, { status: 404 });

export const loader = notFound;
export const action = notFound;
