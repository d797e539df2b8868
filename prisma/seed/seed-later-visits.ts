// The demo's later visits: a 2024 follow-up visit to Tajikistan whose recommendations come in
// through the importer from its report (docs/samples/tajikistan-2024-visit-report.docx), with the
// links it proposes to the 2017 cases confirmed, so that the demo shows lineage across visits;
// and a visit to Kyrgyzstan with no cases yet, to try the importer on
// docs/samples/visit-report-sample.docx.
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";

import type { SessionUser } from "~/access/visibility.ts";
import { confirmImport, startImport } from "~/domain/imports.server.ts";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { stopImportReader } from "~/import/read-off-thread.server.ts";

import { KYRGYZSTAN_2025, TAJIKISTAN_2024 } from "./demo-data.ts";

const SAMPLES = new URL("../../docs/samples/", import.meta.url);

export async function seedLaterVisits(prisma: PrismaClient, expertEmail: string): Promise<void> {
  const [tajikistan] = await Promise.all(
    [TAJIKISTAN_2024, KYRGYZSTAN_2025].map((visit) =>
      prisma.assessment.create({
        data: {
          countryCode: visit.countryCode,
          countryName: visit.countryName,
          title: visit.title,
          visitStart: new Date(visit.visitStart),
          visitEnd: new Date(visit.visitEnd),
          resolutions: visit.resolutions,
          reportSentAt: new Date(visit.reportSentAt),
          reportAdoptedAt: new Date(visit.reportAdoptedAt),
          isDemo: true,
        },
      }),
    ),
  );
  const expert = await prisma.user.findUniqueOrThrow({
    where: { email: expertEmail },
    include: { organization: true },
  });
  const user: SessionUser = {
    id: expert.id,
    name: expert.name,
    email: expert.email,
    role: expert.role,
    organization: expert.organization,
  };
  const bytes = await readFile(new URL(TAJIKISTAN_2024.report, SAMPLES));
  const preview = await startImport(
    user,
    { assessmentId: tajikistan!.id },
    { stream: Readable.from([bytes]), name: TAJIKISTAN_2024.report },
  );
  // The seed runs before the server, or in a test's setup: no thread is left behind.
  await stopImportReader();
  await confirmImport(user, preview.id, {
    links: preview.rows.flatMap((r) => (r.suggested ? [{ key: r.key, followsCaseId: r.suggested }] : [])),
  });
}
