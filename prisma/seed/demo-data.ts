// Demo data. The Tajikistan visit's facts (dates, resolutions, thematic areas, partners on the
// delegation) come from CTED's public press release on the visit (February 2017); the
// recommendations, people and the Kazakhstan visit are invented for the demo and say so.
import type { DefaultAreaSlug } from "~/lib/areas.ts";
import type { CaseEventType } from "~workflows/recommendation-labels.ts";

export const DEMO_PASSWORD = "followup-demo";

export const PARTNERS = [
  {
    shortName: "1267 Monitoring Team",
    name: "Analytical Support and Sanctions Monitoring Team (1267/1989/2253 Committee)",
  },
  {
    shortName: "1540 Expert Group",
    name: "Expert Group of the Security Council Committee established pursuant to resolution 1540 (2004)",
  },
  { shortName: "UN Women", name: "UN Women" },
  { shortName: "ICAO", name: "International Civil Aviation Organization" },
  { shortName: "INTERPOL", name: "International Criminal Police Organization" },
  { shortName: "OSCE", name: "Organization for Security and Co-operation in Europe" },
  { shortName: "EAG", name: "Eurasian Group on Combating Money-Laundering and the Financing of Terrorism" },
  { shortName: "ATC-CIS", name: "Anti-Terrorism Centre of the Commonwealth of Independent States" },
  { shortName: "CSTO", name: "Collective Security Treaty Organization" },
  {
    shortName: "RATS SCO",
    name: "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization",
  },
];

export const USERS = [
  { email: "admin@cted.example", name: "Amina Haddad", role: "CTED_ADMIN", org: "CTED" },
  { email: "expert@cted.example", name: "Elena Petrova", role: "CTED_EXPERT", org: "CTED" },
  { email: "verifier@cted.example", name: "Daniel Okafor", role: "CTED_EXPERT", org: "CTED" },
  { email: "focal@tjk.example", name: "Rustam Nazarov", role: "GOVERNMENT_FOCAL_POINT", org: "TJK" },
  { email: "focal@kaz.example", name: "Aigerim Bekova", role: "GOVERNMENT_FOCAL_POINT", org: "KAZ" },
  { email: "officer@interpol.example", name: "Marc Dubois", role: "PARTNER_OFFICER", org: "INTERPOL" },
  { email: "observer@ctc.example", name: "Committee observer", role: "OBSERVER", org: "CTC" },
] as const;

type Who = "expert" | "verifier" | "admin" | "focal";

export interface DemoCase {
  area: DefaultAreaSlug;
  title: string;
  text: string;
  priority: "HIGH" | "MEDIUM" | "LOW";
  /** Days from the seeding day; absent means the default (six months after adoption). */
  dueInDays?: number;
  /** The workflow events that brought the case to where it is, oldest first. */
  path: { type: CaseEventType; by: Who; reason?: string }[];
}

const agree = [{ type: "AGREE", by: "focal" }] as const;
const started = [...agree, { type: "START", by: "focal" }] as const;
const submitted = [...started, { type: "SUBMIT_EVIDENCE", by: "focal" }] as const;
const verified = [...submitted, { type: "VERIFY", by: "verifier" }] as const;

const DEMO = "[Demo text] ";

export const TAJIKISTAN = {
  countryCode: "TJK",
  countryName: "Tajikistan",
  governmentName: "Government of the Republic of Tajikistan",
  title: "Assessment visit to Tajikistan, 19-24 February 2017",
  visitStart: "2017-02-19",
  visitEnd: "2017-02-24",
  resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)", "2242 (2015)"],
  // Invented for the demo: the press release gives no dates for the report.
  reportSentAt: "2017-04-20",
  reportAdoptedAt: "2017-06-15",
  partners: PARTNERS.map((p) => p.shortName),
  cases: [
    {
      area: "legislation-and-judicial-practice",
      title: "Define terrorist offences with legal precision",
      text: `${DEMO}Review the definitions of terrorism-related offences in the Criminal Code so that they are precise, foreseeable and consistent with international human rights law, and provide guidance to prosecutors and judges on their application.`,
      priority: "HIGH",
      path: [],
    },
    {
      area: "legislation-and-judicial-practice",
      title: "Criminalize travel of foreign terrorist fighters as required by resolution 2178 (2014)",
      text: `${DEMO}Ensure that domestic law criminalizes travel, and the financing and facilitation of travel, for terrorist purposes, in line with paragraph 6 of resolution 2178 (2014), with safeguards against arbitrary application.`,
      priority: "HIGH",
      dueInDays: 45,
      path: [...agree],
    },
    {
      area: "counter-financing-of-terrorism",
      title: "Implement targeted financial sanctions without delay",
      text: `${DEMO}Establish a mechanism to freeze terrorist funds and other assets without delay under resolution 1373 (2001), including designations on the basis of foreign requests, and publish guidance for reporting entities.`,
      priority: "HIGH",
      path: [...started],
    },
    {
      area: "counter-financing-of-terrorism",
      title: "Assess the non-profit sector's exposure to terrorist financing",
      text: `${DEMO}Conduct a risk assessment of the non-profit sector, in consultation with civil society, and apply focused and proportionate measures to the organizations identified as at risk, with the EAG's support.`,
      priority: "MEDIUM",
      dueInDays: 10,
      path: [...submitted],
    },
    {
      area: "law-enforcement",
      title: "Strengthen inter-agency information sharing on terrorism cases",
      text: `${DEMO}Create a secure channel and standard procedures for sharing terrorism-related information among the security service, the police, the prosecution and the financial intelligence unit.`,
      priority: "MEDIUM",
      path: [
        {
          type: "REQUEST_CHANGES",
          by: "focal",
          reason: "The text should name the agencies concerned under the 2016 law.",
        },
      ],
    },
    {
      area: "law-enforcement",
      title: "Connect front-line units to INTERPOL databases",
      text: `${DEMO}Extend access to INTERPOL's I-24/7 network and its databases (nominal data, stolen and lost travel documents, foreign terrorist fighters) from the National Central Bureau to front-line law-enforcement units.`,
      priority: "HIGH",
      path: [...verified],
    },
    {
      area: "border-control",
      title: "Screen passengers at Dushanbe international airport with API and PNR",
      text: `${DEMO}Introduce an Advance Passenger Information system and develop the capability to collect and use Passenger Name Record data at Dushanbe international airport, in line with resolution 2178 (2014) and ICAO standards.`,
      priority: "HIGH",
      dueInDays: 120,
      path: [...started],
    },
    {
      area: "border-control",
      title: "Equip the crossing point on the Tajik-Afghan border for document checks",
      text: `${DEMO}Provide the border crossing point visited by the delegation with document-examination equipment and connection to national and international watch lists, and train its staff in risk-based screening.`,
      priority: "MEDIUM",
      path: [
        ...submitted,
        {
          type: "RETURN",
          by: "expert",
          reason: "Please add the training records and the date the equipment was installed.",
        },
      ],
    },
    {
      area: "international-cooperation",
      title: "Designate a central authority for mutual legal assistance",
      text: `${DEMO}Designate a central authority for mutual legal assistance and extradition in terrorism cases, with published procedures and time limits, and join regional networks of prosecutors.`,
      priority: "MEDIUM",
      path: [
        ...verified,
        { type: "REOPEN", by: "expert", reason: "The designation was revoked by a later decree." },
      ],
    },
    {
      area: "countering-violent-extremism",
      title:
        "Implement the National Strategy on Countering Extremism and Terrorism 2016-2020 with all sectors of society",
      text: `${DEMO}Implement the National Strategy and its Action Plan with the engagement of civil society, religious leaders, youth and women's organizations, and set indicators to measure its effect.`,
      priority: "HIGH",
      dueInDays: 200,
      path: [...agree],
    },
    {
      area: "gender",
      title: "Integrate gender in counter-terrorism and CVE programmes",
      text: `${DEMO}Integrate a gender perspective in the National Strategy's Action Plan, consult women's organizations, and increase the number of women in law enforcement and border services, with UN Women's support (resolution 2242 (2015)).`,
      priority: "MEDIUM",
      path: [...verified],
    },
    {
      area: "human-rights-and-rule-of-law",
      title: "Guarantee procedural safeguards for persons suspected of terrorist offences",
      text: `${DEMO}Guarantee access to a lawyer from the outset of detention, judicial review of detention, and the exclusion of evidence obtained under duress in terrorism cases.`,
      priority: "HIGH",
      path: [],
    },
    {
      area: "internet-ftf-and-organized-crime",
      title: "Prepare prosecution, rehabilitation and reintegration strategies for returnees",
      text: `${DEMO}Develop strategies for the prosecution, rehabilitation and reintegration of returning foreign terrorist fighters and their families, including the large diaspora and labour migrants abroad.`,
      priority: "HIGH",
      dueInDays: 30,
      path: [...submitted],
    },
    {
      area: "internet-ftf-and-organized-crime",
      title: "Address the links between terrorism and trafficking of drugs, arms and persons",
      text: `${DEMO}Set up joint analysis of the links between terrorism and transnational organized crime, including illegal trafficking of drugs, arms and persons, with ATC-CIS, CSTO and RATS SCO.`,
      priority: "LOW",
      path: [...agree],
    },
  ] satisfies DemoCase[],
};

export const KAZAKHSTAN = {
  countryCode: "KAZ",
  countryName: "Kazakhstan",
  governmentName: "Government of the Republic of Kazakhstan",
  title: "Demo assessment visit to Kazakhstan (fictional)",
  visitStart: "2018-05-14",
  visitEnd: "2018-05-18",
  resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)"],
  reportSentAt: "2018-07-02",
  reportAdoptedAt: "2018-09-10",
  partners: ["OSCE", "INTERPOL"],
  cases: [
    {
      area: "border-control",
      title: "Share watch-list hits with neighbouring States",
      text: `${DEMO}Agree procedures with neighbouring States for sharing watch-list hits at land borders in real time.`,
      priority: "MEDIUM",
      path: [...agree],
    },
    {
      area: "counter-financing-of-terrorism",
      title: "Supervise money-value transfer services",
      text: `${DEMO}Register and supervise money or value transfer services, including informal ones, for compliance with counter-financing obligations.`,
      priority: "HIGH",
      path: [],
    },
    {
      area: "countering-violent-extremism",
      title: "Evaluate prison rehabilitation programmes",
      text: `${DEMO}Evaluate the prison rehabilitation programmes for persons convicted of terrorist offences and publish the results.`,
      priority: "LOW",
      path: [...submitted],
    },
  ] satisfies DemoCase[],
};

/** Ministries of the visited States: tasks go to them; their State's focal point acts for them. */
export const MINISTRIES = [
  {
    government: "TJK",
    shortName: "TJK Ministry of Justice",
    name: "Ministry of Justice of the Republic of Tajikistan (demo)",
  },
  {
    government: "TJK",
    shortName: "TJK Ministry of Internal Affairs",
    name: "Ministry of Internal Affairs of the Republic of Tajikistan (demo)",
  },
];

export interface DemoTask {
  /** The case, by its title. */
  caseTitle: string;
  title: string;
  description?: string;
  /** An organisation by short name, or a person by email. */
  assignee: { org: string } | { user: string };
  /** Days from the seeding day (negative: overdue). */
  dueInDays: number;
  /** How far the task has gone; "proposed": proposed by the State's focal point, not yet accepted. */
  state: "proposed" | "open" | "in_progress" | "done";
}

export const DEMO_TASKS: DemoTask[] = [
  {
    caseTitle: "Connect front-line units to INTERPOL databases",
    title: "Deploy I-24/7 access at the Dushanbe airport border post",
    assignee: { org: "INTERPOL" },
    dueInDays: -10,
    state: "open",
  },
  {
    caseTitle: "Connect front-line units to INTERPOL databases",
    title: "Train 40 border officers on INTERPOL notices and diffusions",
    description: "Two sessions in Dushanbe, one at the Nizhniy Panj crossing point.",
    assignee: { user: "officer@interpol.example" },
    dueInDays: 10,
    state: "in_progress",
  },
  {
    caseTitle: "Screen passengers at Dushanbe international airport with API and PNR",
    title: "Assess the API/PNR legal framework against ICAO Annex 9",
    assignee: { org: "ICAO" },
    dueInDays: 45,
    state: "open",
  },
  {
    caseTitle: "Integrate gender in counter-terrorism and CVE programmes",
    title: "Run a gender-sensitive CVE programme with women's organisations",
    assignee: { org: "UN Women" },
    dueInDays: -20,
    state: "open",
  },
  {
    caseTitle: "Define terrorist offences with legal precision",
    title: "Draft amendments to the Criminal Code's definitions of terrorist offences",
    assignee: { org: "TJK Ministry of Justice" },
    dueInDays: 5,
    state: "in_progress",
  },
  {
    caseTitle: "Strengthen inter-agency information sharing on terrorism cases",
    title: "Set up the inter-agency protocol for sharing terrorism case files",
    assignee: { org: "TJK Ministry of Internal Affairs" },
    dueInDays: -5,
    state: "open",
  },
  {
    caseTitle:
      "Implement the National Strategy on Countering Extremism and Terrorism 2016-2020 with all sectors of society",
    title: "Support the regional CVE action plans",
    assignee: { org: "OSCE" },
    dueInDays: 30,
    state: "open",
  },
  {
    caseTitle: "Connect front-line units to INTERPOL databases",
    title: "Assess the National Central Bureau's connectivity needs",
    assignee: { org: "INTERPOL" },
    dueInDays: -30,
    state: "done",
  },
  {
    caseTitle: "Prepare prosecution, rehabilitation and reintegration strategies for returnees",
    title: "Design a reintegration programme for returnee women and children",
    assignee: { org: "UN Women" },
    dueInDays: 60,
    state: "proposed",
  },
  {
    caseTitle: "Share watch-list hits with neighbouring States",
    title: "Connect the national watch-list to neighbouring INTERPOL National Central Bureaus",
    assignee: { org: "INTERPOL" },
    dueInDays: 20,
    state: "open",
  },
];

/** An evidence item of a demo submission. */
export interface DemoEvidence {
  kind: "file" | "link" | "reference";
  title: string;
  description?: string;
  /** A link's address (example.org: the demo's pages do not exist). */
  url?: string;
  /** A reference as it is cited. */
  reference?: string;
  /** A file: a one-page PDF made in code (demo-pdf.ts), its name, heading and lines. */
  pdf?: { fileName: string; heading: string; lines: string[] };
  /** Added by a partner officer (by email) for one of its organisation's tasks (by title); else by the State's focal point. */
  partner?: { user: string; task: string };
  /** How many days before the submission it was added. */
  daysBefore: number;
}

/** What a demo case's last submission held: the response when agreed and as submitted, and the evidence. */
export interface DemoSubmission {
  caseTitle: string;
  /** The response when the State agreed, and as submitted: one paragraph each; also the response document's text. */
  response?: { agreed: string; submitted: string };
  evidence: DemoEvidence[];
}

const RESPONSE = "[Demo response] ";

export const DEMO_SUBMISSIONS: DemoSubmission[] = [
  {
    caseTitle: "Assess the non-profit sector's exposure to terrorist financing",
    response: {
      agreed: `${RESPONSE}Tajikistan accepts the recommendation. The Ministry of Finance will assess the risk of terrorist financing in the non-profit sector in 2018.`,
      submitted: `${RESPONSE}Tajikistan accepts the recommendation. The Ministry of Finance assessed the risk of terrorist financing in the non-profit sector in 2018, with the EAG's support, and consulted 42 civil society organisations. The 11 organisations found at risk now file annual financial reports.`,
    },
    evidence: [
      {
        kind: "file",
        title: "Risk assessment of the non-profit sector: summary (demo)",
        description: "The summary adopted by the interagency working group; the full report is restricted.",
        pdf: {
          fileName: "npo-risk-assessment-summary-demo.pdf",
          heading: "Risk assessment of the non-profit sector (demo document)",
          lines: [
            "Demo data: this document was generated for the Follow-up demo.",
            "",
            "Scope: 2,350 registered non-profit organisations.",
            "Consulted: 42 civil society organisations, in three regional meetings.",
            "Found at risk: 11 organisations receiving funds from abroad.",
            "Measures: annual financial reports, outreach by the Ministry of Finance.",
          ],
        },
        daysBefore: 6,
      },
      {
        kind: "reference",
        title: "Government resolution on reporting by non-profit organisations (demo)",
        reference:
          "Resolution No. 512 of the Government of the Republic of Tajikistan of 2 November 2018 (demo reference)",
        daysBefore: 4,
      },
      {
        kind: "link",
        title: "Ministry of Finance: notice to non-profit organisations (demo page)",
        url: "https://www.example.org/demo/tj/minfin/npo-reporting-notice",
        daysBefore: 2,
      },
    ],
  },
  {
    caseTitle: "Connect front-line units to INTERPOL databases",
    response: {
      agreed: `${RESPONSE}Tajikistan accepts the recommendation. The National Central Bureau will extend access to the I-24/7 network to the border posts.`,
      submitted: `${RESPONSE}Tajikistan accepts the recommendation. The National Central Bureau extended access to the I-24/7 network to 14 border posts and to Dushanbe international airport; 60 officers were trained to query the databases.`,
    },
    evidence: [
      {
        kind: "reference",
        title: "Order on access to INTERPOL databases (demo)",
        reference: "Order No. 45 of the Ministry of Internal Affairs of 3 May 2018 (demo reference)",
        daysBefore: 5,
      },
      {
        kind: "link",
        title: "INTERPOL: connectivity assessment of the National Central Bureau (demo page)",
        url: "https://www.example.org/demo/interpol/ncb-dushanbe-connectivity",
        partner: {
          user: "officer@interpol.example",
          task: "Assess the National Central Bureau's connectivity needs",
        },
        daysBefore: 3,
      },
    ],
  },
  {
    caseTitle: "Integrate gender in counter-terrorism and CVE programmes",
    response: {
      agreed: `${RESPONSE}Tajikistan accepts the recommendation and will consult women's organisations on the Action Plan.`,
      submitted: `${RESPONSE}Tajikistan accepts the recommendation. Women's organisations were consulted on the Action Plan in four regions, and the share of women in the border services rose from 4 to 9 per cent.`,
    },
    evidence: [
      {
        kind: "file",
        title: "Report on the consultations with women's organisations (demo)",
        pdf: {
          fileName: "gender-consultations-report-demo.pdf",
          heading: "Consultations with women's organisations (demo document)",
          lines: [
            "Demo data: this document was generated for the Follow-up demo.",
            "",
            "Four regional consultations, with UN Women's support.",
            "Recommendations received: 27; taken into the Action Plan: 19.",
          ],
        },
        daysBefore: 3,
      },
    ],
  },
  {
    caseTitle: "Prepare prosecution, rehabilitation and reintegration strategies for returnees",
    response: {
      agreed: `${RESPONSE}Tajikistan accepts the recommendation. A working group will draft the strategies.`,
      submitted: `${RESPONSE}Tajikistan accepts the recommendation. A working group of five ministries drafted the strategies, which the Government adopted; a reintegration centre opened in Dushanbe.`,
    },
    evidence: [
      {
        kind: "reference",
        title: "Government decree adopting the returnee strategies (demo)",
        reference:
          "Decree No. 77 of the Government of the Republic of Tajikistan of 14 March 2019 (demo reference)",
        daysBefore: 2,
      },
      {
        kind: "link",
        title: "Reintegration centre in Dushanbe: opening announcement (demo page)",
        url: "https://www.example.org/demo/tj/reintegration-centre-opening",
        daysBefore: 1,
      },
    ],
  },
  {
    caseTitle: "Equip the crossing point on the Tajik-Afghan border for document checks",
    evidence: [
      {
        kind: "reference",
        title: "Act of delivery of the document-examination equipment (demo)",
        reference: "Act No. 19 of the State Border Service of 21 August 2018 (demo reference)",
        daysBefore: 2,
      },
    ],
  },
  {
    caseTitle: "Evaluate prison rehabilitation programmes",
    response: {
      agreed: `${RESPONSE}Kazakhstan accepts the recommendation and will evaluate the programmes.`,
      submitted: `${RESPONSE}Kazakhstan accepts the recommendation. An independent evaluation of the three programmes was completed and published, with a plan to revise the least effective one.`,
    },
    evidence: [
      {
        kind: "file",
        title: "Evaluation of the prison rehabilitation programmes (demo)",
        pdf: {
          fileName: "prison-rehabilitation-evaluation-demo.pdf",
          heading: "Evaluation of prison rehabilitation programmes (demo document)",
          lines: [
            "Demo data: this document was generated for the Follow-up demo (fictional visit).",
            "",
            "Programmes evaluated: 3. Participants interviewed: 120.",
          ],
        },
        daysBefore: 4,
      },
    ],
  },
];

/**
 * A later visit to Tajikistan, invented for the demo: its recommendations are imported from its
 * report (docs/samples/), several reiterating the 2017 ones.
 */
export const TAJIKISTAN_2024 = {
  countryCode: "TJK",
  countryName: "Tajikistan",
  title: "Demo follow-up visit to Tajikistan, 2024 (fictional)",
  visitStart: "2024-10-14",
  visitEnd: "2024-10-18",
  resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)", "2396 (2017)"],
  reportSentAt: "2024-12-16",
  // Late, so that the demo's new recommendations are not overdue on the day they are seeded.
  reportAdoptedAt: "2026-09-15",
  report: "tajikistan-2024-visit-report.docx",
};

/** A visit with no cases yet, to import docs/samples/visit-report-sample.docx into. */
export const KYRGYZSTAN_2025 = {
  countryCode: "KGZ",
  countryName: "Kyrgyzstan",
  title: "Demo assessment visit to Kyrgyzstan, 2025 (fictional)",
  visitStart: "2025-09-15",
  visitEnd: "2025-09-19",
  resolutions: ["1373 (2001)", "1624 (2005)", "2178 (2014)", "2396 (2017)"],
  reportSentAt: "2025-11-20",
  reportAdoptedAt: "2026-10-15",
};
