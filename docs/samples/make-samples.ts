// Writes the import samples of docs/samples/ (run: npx tsx docs/samples/make-samples.ts):
// - visit-report-sample.docx: a report of a fictional visit to Kyrgyzstan, to try the importer on
//   (the demo's Kyrgyzstan visit has no cases until it is imported);
// - tajikistan-2024-visit-report.docx: a fictional 2024 follow-up visit to Tajikistan whose
//   recommendations reiterate some of the 2017 ones (prisma/seed/demo-data.ts), imported by the
//   seed with the links the importer proposes;
// - recommendations-sample.csv and recommendations-sample.json: the documented columns.
// The reports are built as Word builds them: headings in Heading styles, recommendations in real
// numbered lists, a cover page and narrative paragraphs that are not recommendations. The files
// are committed; tests/unit/import-readers.test.ts reads them and checks what the importer finds.
import { writeFile } from "node:fs/promises";

import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from "docx";

const HERE = new URL("./", import.meta.url);

// ---------------------------------------------------------------------------------------------
// Building blocks

const LISTS = {
  config: [
    {
      // The recommendations: numbered through the report, sub-points lettered.
      reference: "recommendations",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
        {
          level: 1,
          format: LevelFormat.LOWER_LETTER,
          text: "(%2)",
          alignment: AlignmentType.START,
          style: { paragraph: { indent: { left: 1080, hanging: 360 } } },
        },
      ],
    },
    {
      // Restarted at 8 after a number typed by hand (Word: "Set numbering value").
      reference: "recommendations-from-8",
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: "%1.", start: 8, alignment: AlignmentType.START },
      ],
    },
    {
      reference: "annex",
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }],
    },
    {
      reference: "bullets",
      levels: [{ level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.START }],
    },
  ],
};

const cover = (text: string, options: { bold?: boolean; size?: number } = {}) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 240 },
    children: [new TextRun({ text, bold: options.bold, size: options.size })],
  });
const title = (text: string) =>
  new Paragraph({ text, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER });
const h1 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1, pageBreakBefore: false });
const h2 = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const para = (text: string) => new Paragraph({ text, spacing: { after: 160 } });
const numbered = (text: string, reference = "recommendations", level = 0) =>
  new Paragraph({ text, numbering: { reference, level }, spacing: { after: 120 } });
const bullet = (text: string) => new Paragraph({ text, numbering: { reference: "bullets", level: 0 } });
const indented = (text: string) => new Paragraph({ text, indent: { left: 720 }, spacing: { after: 120 } });

function report(creator: string, documentTitle: string, children: Paragraph[]) {
  return Packer.toBuffer(
    new Document({
      creator,
      lastModifiedBy: creator,
      title: documentTitle,
      description:
        "Fictional demo document for Follow-up: not a real report of the Counter-Terrorism Committee.",
      numbering: LISTS,
      sections: [{ children }],
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Kyrgyzstan, 2025 (fictional): 12 recommendations in five areas, one under "Other matters"

const KYRGYZSTAN = "Demo assessment visit to Kyrgyzstan, 15-19 September 2025 (fictional)";

const kyrgyzstan = () =>
  report("CTED (demo)", KYRGYZSTAN, [
    cover("Counter-Terrorism Committee Executive Directorate", { bold: true }),
    title("Report on the demo assessment visit to Kyrgyzstan"),
    cover("15-19 September 2025"),
    cover(
      "Fictional demo document. The visit, its findings and its recommendations are invented to show how " +
        "Follow-up imports a visit report; they say nothing about Kyrgyzstan.",
      { size: 20 },
    ),

    h1("Executive summary"),
    para(
      "On behalf of the Counter-Terrorism Committee, the Executive Directorate conducted an assessment visit " +
        "to Kyrgyzstan from 15 to 19 September 2025, with the participation of its partner organizations.",
    ),
    para(
      "The delegation acknowledges the progress made since the previous visit and identifies the priority " +
        "areas below, where it makes twelve recommendations.",
    ),

    h1("I. Legislation and judicial practice"),
    new Paragraph({
      spacing: { after: 160 },
      children: [
        new TextRun(
          "The Criminal Code was amended in 2023 to criminalize the financing of travel for terrorist purposes",
        ),
        new FootnoteReferenceRun({
          children: [new Paragraph("Law No. 112 of 4 July 2023 (fictional reference).")],
        }),
        new TextRun(". Several offences remain broadly worded."),
      ],
    }),
    h2("Recommendations"),
    numbered(
      "Review the definitions of terrorist offences in the Criminal Code so that they are precise and " +
        "foreseeable, and consistent with international human rights law.",
    ),
    numbered(
      "Provide specialized training to prosecutors and judges on the investigation and adjudication of " +
        "terrorism cases, including the use of electronic evidence.",
    ),
    numbered(
      "Establish a mechanism for the regular review of terrorism-related case law, and publish anonymized " +
        "judgments in such cases.",
    ),

    h1("II. Countering the financing of terrorism"),
    para("The delegation met the financial intelligence unit and the national bank. It noted the following:"),
    bullet("the financial intelligence unit received 312 suspicious transaction reports in 2024;"),
    bullet("no funds have been frozen under resolution 1373 (2001)."),
    h2("Recommendations"),
    numbered(
      "Implement targeted financial sanctions without delay, including on the basis of designations requested " +
        "by other States.",
    ),
    numbered(
      "Assess the risk of terrorist financing in the non-profit sector, in consultation with civil society, " +
        "and in particular:",
    ),
    numbered("identify the organizations most at risk;", "recommendations", 1),
    numbered("apply focused and proportionate measures to them.", "recommendations", 1),

    h1("III. Law enforcement"),
    para(
      "Counter-terrorism investigations are led by the State Committee for National Security; the police " +
        "have a dedicated counter-extremism unit.",
    ),
    numbered(
      "Create a secure channel for sharing terrorism-related information among the security service, the " +
        "police and the prosecution service.",
    ),
    indented("The channel should be governed by written procedures that set time limits for responses."),
    // Typed by hand, not a Word list: the importer reads the number from the text.
    para(
      "7. Extend access to INTERPOL's I-24/7 network and its databases to front-line units at the main " +
        "border crossing points.",
    ),

    h1("IV. Border control"),
    para("The delegation visited Manas international airport and two land crossing points."),
    numbered(
      "Introduce an Advance Passenger Information system at Manas international airport, in line with " +
        "resolution 2396 (2017).",
      "recommendations-from-8",
    ),
    numbered(
      "Provide the land crossing points with document-examination equipment and train their staff in " +
        "risk-based screening.",
      "recommendations-from-8",
    ),
    numbered(
      "Develop a national watch list, connected to the border crossing points, with clear criteria for " +
        "listing and delisting.",
      "recommendations-from-8",
    ),

    h1("V. Countering violent extremism"),
    para(
      "The National Programme on Countering Extremism and Terrorism 2023-2027 was adopted after " +
        "consultations with civil society.",
    ),
    numbered(
      "Set indicators to measure the effect of the National Programme, and involve youth and women's " +
        "organizations in its evaluation.",
      "recommendations-from-8",
    ),

    h1("VI. Other matters"),
    para("The delegation discussed the follow-up to this visit with the Government."),
    numbered(
      "Designate a national focal point for the follow-up to this report and inform the Executive " +
        "Directorate of the designation.",
      "recommendations-from-8",
    ),

    h1("Annex: list of interlocutors"),
    numbered("State Committee for National Security", "annex"),
    numbered("Ministry of Internal Affairs", "annex"),
    numbered("Financial Intelligence Service", "annex"),
    numbered("General Prosecutor's Office", "annex"),
  ]);

// ---------------------------------------------------------------------------------------------
// 2. Tajikistan, 2024 (fictional follow-up visit): ten recommendations, six of them reiterating
// or updating a 2017 one. Each comment names the 2017 case (its title in prisma/seed/demo-data.ts)
// the recommendation follows; "new" ones follow none. The seed confirms the links the importer
// proposes, and the test checks that it proposes exactly these.

const TAJIKISTAN = "Demo follow-up visit to Tajikistan, 14-18 October 2024 (fictional)";

const tajikistan = () =>
  report("CTED (demo)", TAJIKISTAN, [
    cover("Counter-Terrorism Committee Executive Directorate", { bold: true }),
    title("Report on the demo follow-up visit to Tajikistan"),
    cover("14-18 October 2024"),
    cover(
      "Fictional demo document. The 2024 visit, its findings and its recommendations are invented for the " +
        "Follow-up demo; only the 2017 visit took place.",
      { size: 20 },
    ),

    h1("Introduction"),
    para(
      "The follow-up visit assessed the implementation of the recommendations of the assessment visit of " +
        "February 2017 and the new requirements of resolution 2396 (2017).",
    ),
    para("The delegation thanks the Government for its cooperation and for the meetings it arranged."),

    h1("1. Legal framework and judicial practice"),
    para("A draft amendment to the Criminal Code was prepared in 2022 but has not been adopted."),
    // Follows 2017: "Define terrorist offences with legal precision"
    numbered(
      "Complete the review of the definitions of terrorism-related offences in the Criminal Code so that " +
        "they are precise, foreseeable and consistent with international human rights law, and provide " +
        "guidance to prosecutors and judges on their application.",
    ),

    h1("2. Countering the financing of terrorism"),
    para("No assets have yet been frozen on the basis of a foreign request."),
    // Follows 2017: "Implement targeted financial sanctions without delay"
    numbered(
      "Establish without further delay a mechanism to freeze terrorist funds and other assets under " +
        "resolution 1373 (2001), including designations on the basis of foreign requests, and publish " +
        "guidance for reporting entities.",
    ),
    // New
    numbered(
      "Bring virtual asset service providers under supervision: licensing, customer due diligence and " +
        "monitoring of cryptocurrency exchanges.",
    ),

    h1("3. Law enforcement"),
    // Follows 2017: "Strengthen inter-agency information sharing on terrorism cases"
    numbered(
      "Bring into use the secure channel for sharing terrorism-related information, with written procedures " +
        "binding the security service, the police and the prosecution.",
    ),

    h1("4. Border control and aviation security"),
    para("The Advance Passenger Information system was installed at Dushanbe international airport in 2023."),
    // Follows 2017: "Screen passengers at Dushanbe international airport with API and PNR"
    numbered(
      "Put the Advance Passenger Information system of Dushanbe international airport into operation, and " +
        "start collecting and analysing Passenger Name Record data as resolution 2396 (2017) requires.",
    ),

    h1("5. International cooperation"),
    // Follows 2017: "Designate a central authority for mutual legal assistance"
    numbered(
      "Designate again a central authority for mutual legal assistance and extradition in terrorism cases, " +
        "with published procedures and time limits, and join regional networks of prosecutors.",
    ),

    h1("6. Countering violent extremism"),
    // New
    numbered(
      "Develop school and university programmes that build young people's resilience to recruitment and " +
        "propaganda by terrorist groups.",
    ),

    h1("7. The role of women"),
    // New
    numbered(
      "Collect sex-disaggregated data on persons prosecuted for terrorist offences and on participants in " +
        "rehabilitation programmes.",
    ),

    h1("8. Human rights and the rule of law"),
    // Follows 2017: "Guarantee procedural safeguards for persons suspected of terrorist offences"
    numbered(
      "Guarantee in law and in practice access to a lawyer from the outset of detention, judicial review of " +
        "detention, and the exclusion of evidence obtained under duress in terrorism cases.",
    ),

    h1("9. Internet, foreign terrorist fighters and organized crime"),
    // New
    numbered(
      "Set up a unit to detect terrorist content online and request its removal, with safeguards for " +
        "freedom of expression and a procedure for appeals.",
    ),
  ]);

// ---------------------------------------------------------------------------------------------
// 3. The tables: the documented columns, areas given each way the importer accepts

const TABLE = [
  {
    number: "1",
    area: "border-control",
    title: "Connect the land crossing points to the national watch list",
    text: "Connect all land border crossing points to the national watch list and to INTERPOL's databases, and train their staff to query them.",
    priority: "High",
  },
  {
    number: "2",
    area: "CF",
    title: "",
    text: "Supervise money-value transfer services for compliance with obligations to counter the financing of terrorism. Publish guidance for them.",
    priority: "medium",
  },
  {
    number: "3",
    area: "Law enforcement",
    title: "Set up a joint investigation team on terrorism cases",
    text: "Set up a joint investigation team of the police and the security service for terrorism cases, with a written agreement on the sharing of information.",
    priority: "",
  },
  {
    number: "4",
    area: "IV. International cooperation",
    title: "Join the regional network of prosecutors",
    text: "Join the regional network of prosecutors dealing with terrorism cases and designate a contact point for it.",
    priority: "LOW",
  },
  {
    number: "5",
    area: "gender",
    title: "Consult women's organizations on the national programme",
    text: "Consult women's organizations on the evaluation of the national programme on countering violent extremism, in all regions.",
    priority: "Medium",
  },
];

function csv(rows: Record<string, string>[]): string {
  const columns = Object.keys(rows[0]!);
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return (
    [columns.join(","), ...rows.map((row) => columns.map((c) => cell(row[c] ?? "")).join(","))].join("\r\n") +
    "\r\n"
  );
}

await Promise.all([
  kyrgyzstan().then((bytes) => writeFile(new URL("visit-report-sample.docx", HERE), bytes)),
  tajikistan().then((bytes) => writeFile(new URL("tajikistan-2024-visit-report.docx", HERE), bytes)),
  writeFile(new URL("recommendations-sample.csv", HERE), csv(TABLE)),
  writeFile(
    new URL("recommendations-sample.json", HERE),
    `${JSON.stringify(
      // A missing title is left out, as an export without that column would have it.
      TABLE.map((row) =>
        Object.fromEntries(Object.entries(row).filter(([key, value]) => key !== "title" || value)),
      ),
      null,
      2,
    )}\n`,
  ),
]);
console.log("Wrote the samples to docs/samples/");
