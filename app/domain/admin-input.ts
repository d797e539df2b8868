// Input schemas for administering organisations, assessment visits and thematic areas, shared by
// the JSON API (/api/admin/*) and the admin pages' forms: one validation, one set of messages. As
// in case-input.ts, messages complete a sentence that starts with the field's name ("Short name is
// required"); they are translation keys (admin:input.*), read in the request's language, and
// lengths are zod's own checks, worded by app/lib/input-messages.ts; rules that need the database (a name already used, a State with cases, an area's
// code in use) are the domain's (admin-organizations.server.ts, admin-visits.server.ts,
// thematic-areas.server.ts).
import { z } from "zod";

import { AREA_CODE_PATTERN } from "~/lib/areas.ts";
import { calendarDate } from "~/lib/input-date.ts";
import { keyed } from "~/lib/input-messages.ts";
import { id, text } from "~/lib/input-text.ts";

export const ORGANIZATION_KINDS = ["CTED", "GOVERNMENT", "MINISTRY", "PARTNER", "COMMITTEE"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * The ISO 3166-1 alpha-3 codes assigned to countries and territories (249). A government's code
 * must be one of them: a typing mistake (TJI) is refused rather than becoming a State of its own.
 */
export const ISO_3166_ALPHA3 = new Set(
  (
    "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR " +
    "BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG " +
    "COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH " +
    "FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY " +
    "HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM " +
    "KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL " +
    "MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR " +
    "NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU " +
    "SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA " +
    "TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB " +
    "VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE"
  ).split(" "),
);

const ISO_MESSAGE = "admin:input.isoCode";

const blankToUndefined = (v: unknown) =>
  v === null || (typeof v === "string" && v.trim() === "") ? undefined : v;

/** A required text field: "is required" when empty, then its length (input-messages.ts words both). */
const requiredText = (min: number, max: number) => text().trim().min(1).min(min).max(max);

/** An ISO 3166 alpha-3 code, upper-cased ("tjk" is TJK). */
const isoCode = () =>
  text()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => ISO_3166_ALPHA3.has(v), ISO_MESSAGE);

export const OrganizationInput = z
  .object({
    kind: z.enum(ORGANIZATION_KINDS, {
      errorMap: () => ({ message: "admin:input.kind" }),
    }),
    name: requiredText(2, 200),
    shortName: requiredText(2, 80),
    /** Governments only: their State. */
    countryCode: z.preprocess(blankToUndefined, isoCode().optional()),
    /** Ministries only: the government they belong to. */
    governmentId: z.preprocess(blankToUndefined, id().optional()),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.kind === "GOVERNMENT" && !v.countryCode) issue("countryCode", "admin:input.countryCodeRequired");
    if (v.kind !== "GOVERNMENT" && v.countryCode)
      issue("countryCode", "admin:input.countryCodeOnlyGovernments");
    if (v.kind === "MINISTRY" && !v.governmentId) issue("governmentId", "admin:input.governmentRequired");
    if (v.kind !== "MINISTRY" && v.governmentId)
      issue("governmentId", "admin:input.governmentOnlyMinistries");
  });
export type OrganizationInput = z.infer<typeof OrganizationInput>;

/** The organisation form's fields, as the schema takes them (a page's form sends text only). */
export function organizationFromForm(form: Record<string, string>): Record<string, unknown> {
  const { kind, name, shortName, countryCode, governmentId } = form;
  return { kind, name, shortName, countryCode, governmentId };
}

/** "1373 (2001)": a Security Council resolution's number and its year, in brackets. */
const RESOLUTION = /^(\d{1,4}) ?\( ?(\d{4}) ?\)$/;

/**
 * The resolutions a visit assessed: a list (API) or text separated by commas, semicolons or lines
 * (the form's). Each is written like 1373 (2001); spaces are tidied, repeats dropped.
 */
const resolutionList = () =>
  z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(/[\n,;]+/) : v),
      z.array(z.string({ invalid_type_error: "admin:input.resolutions.eachText" }), {
        invalid_type_error: "admin:input.resolutions.list",
        required_error: "admin:input.resolutions.required",
      }),
    )
    .transform((items, ctx) => {
      const resolutions: string[] = [];
      for (const raw of items) {
        const item = raw.trim().replace(/\s+/g, " ");
        if (item === "") continue;
        const match = RESOLUTION.exec(item);
        if (!match) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: keyed("admin:input.resolutions.format", { item: JSON.stringify(item) }),
          });
          return z.NEVER;
        }
        const resolution = `${Number(match[1])} (${match[2]})`;
        if (!resolutions.includes(resolution)) resolutions.push(resolution);
      }
      if (resolutions.length === 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: "admin:input.resolutions.none",
        });
        return z.NEVER;
      }
      if (resolutions.length > 50) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "admin:input.resolutions.tooMany" });
        return z.NEVER;
      }
      return resolutions;
    });

const requiredDate = () => z.preprocess(blankToUndefined, calendarDate());
const optionalDate = () => z.preprocess(blankToUndefined, calendarDate().optional());

export const VisitInput = z
  .object({
    /** The State visited: the ISO code of a government organisation. */
    countryCode: z.preprocess(
      blankToUndefined,
      text()
        .trim()
        .transform((v) => v.toUpperCase())
        .refine((v) => /^[A-Z]{3}$/.test(v), ISO_MESSAGE),
    ),
    /** How pages and reports name the State; empty: from its government's short name. */
    countryName: z.preprocess(blankToUndefined, requiredText(2, 100).optional()),
    title: requiredText(3, 300),
    visitStart: requiredDate(),
    visitEnd: requiredDate(),
    resolutions: resolutionList(),
    reportSentAt: optionalDate(),
    reportAdoptedAt: optionalDate(),
    /** The partner organisations that took part. */
    partnerIds: z
      .array(id(), { invalid_type_error: "admin:input.partnerIds.list" })
      .max(100, "admin:input.partnerIds.tooMany")
      .default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    // A date that failed its own check is not compared (it has its message already).
    const day = (d: unknown) => (d instanceof Date ? d : undefined);
    const [visitStart, visitEnd] = [day(v.visitStart), day(v.visitEnd)];
    const [reportSentAt, reportAdoptedAt] = [day(v.reportSentAt), day(v.reportAdoptedAt)];
    if (visitStart && visitEnd && visitEnd < visitStart) issue("visitEnd", "admin:input.visitEndBeforeStart");
    if (visitEnd && reportSentAt && reportSentAt < visitEnd)
      issue("reportSentAt", "admin:input.reportBeforeVisitEnd");
    if (reportAdoptedAt && v.reportSentAt === undefined)
      issue("reportSentAt", "admin:input.reportSentRequired");
    if (visitEnd && reportAdoptedAt && reportAdoptedAt < visitEnd)
      issue("reportAdoptedAt", "admin:input.reportBeforeVisitEnd");
    else if (reportSentAt && reportAdoptedAt && reportAdoptedAt < reportSentAt)
      issue("reportAdoptedAt", "admin:input.adoptedBeforeSent");
  });
export type VisitInput = z.infer<typeof VisitInput>;

/** The form's partner checkboxes are named `partner:<organisation id>` (a form field holds one value). */
export const PARTNER_FIELD_PREFIX = "partner:";

/** The visit form's fields, as the schema takes them. */
export function visitFromForm(form: Record<string, string>): Record<string, unknown> {
  const { countryCode, countryName, title, visitStart, visitEnd, resolutions } = form;
  return {
    countryCode,
    countryName,
    title,
    visitStart,
    visitEnd,
    resolutions: resolutions ?? "",
    reportSentAt: form.reportSentAt,
    reportAdoptedAt: form.reportAdoptedAt,
    partnerIds: Object.keys(form)
      .filter((name) => name.startsWith(PARTNER_FIELD_PREFIX))
      .map((name) => name.slice(PARTNER_FIELD_PREFIX.length)),
  };
}

/** A visit's default country name, from its government: "Government of Tajikistan" gives "Tajikistan". */
export function countryNameFrom(government: { shortName: string }): string {
  return government.shortName.replace(/^government of (the )?/i, "").trim() || government.shortName;
}

/** A thematic area's code, upper-cased ("bc" is BC): it goes into case references (TJK-2017-BC-03). */
const areaCode = () =>
  text()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine((v) => AREA_CODE_PATTERN.test(v), "admin:input.areaCode");

const WHOLE_NUMBER = "admin:input.wholeNumber";

/** An area's place in the order (1 first); a form's text of digits is read as its number. */
const areaPosition = () =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : blankToUndefined(v)),
    z
      .number({ invalid_type_error: WHOLE_NUMBER })
      .int(WHOLE_NUMBER)
      .min(1, "admin:input.positionMin")
      .max(1000, "admin:input.positionMax")
      .optional(),
  );

const areaLabel = () => requiredText(3, 120);

/** A new thematic area: its label and code; its place, when not given, is last. */
export const AreaInput = z
  .object({ label: areaLabel(), code: areaCode(), position: areaPosition() })
  .strict();
export type AreaInput = z.infer<typeof AreaInput>;

/** A change to an area: any of its label, code (while no case uses it), place, and whether it is retired. */
export const AreaChange = z
  .object({
    label: areaLabel().optional(),
    code: areaCode().optional(),
    position: areaPosition(),
    retired: z.boolean({ invalid_type_error: "admin:input.trueOrFalse" }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Object.values(v).every((value) => value === undefined))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["body"],
        message: "admin:input.nothingToChange",
      });
  });
export type AreaChange = z.infer<typeof AreaChange>;

/** The area form's fields, as the schemas take them (AreaInput to create, AreaChange to edit). */
export function areaFromForm(form: Record<string, string>): Record<string, unknown> {
  const { label, code, position } = form;
  return { label: label ?? "", code: code ?? "", position };
}
