// The thematic areas of a visit report. `slug` is what URLs and the API use; `code` goes into
// case references (TJK-2017-BC-03).
export const THEMATIC_AREAS = [
  { slug: "legislation-and-judicial-practice", code: "LJ", label: "Legislation and judicial practice" },
  { slug: "counter-financing-of-terrorism", code: "CF", label: "Counter-financing of terrorism" },
  { slug: "law-enforcement", code: "LE", label: "Law enforcement" },
  { slug: "border-control", code: "BC", label: "Border control" },
  { slug: "international-cooperation", code: "IC", label: "International cooperation" },
  {
    slug: "countering-violent-extremism",
    code: "VE",
    label: "Countering violent extremism that leads to terrorism",
  },
  { slug: "gender", code: "GE", label: "Gender: the role of women in countering terrorism" },
  { slug: "human-rights-and-rule-of-law", code: "HR", label: "Human rights and rule-of-law-based responses" },
  {
    slug: "internet-ftf-and-organized-crime",
    code: "IF",
    label: "Internet abuse, foreign terrorist fighters and organized crime",
  },
] as const;

export type AreaSlug = (typeof THEMATIC_AREAS)[number]["slug"];
export const AREA_SLUGS = THEMATIC_AREAS.map((a) => a.slug) as unknown as readonly [AreaSlug, ...AreaSlug[]];

const bySlug = new Map<string, (typeof THEMATIC_AREAS)[number]>(THEMATIC_AREAS.map((a) => [a.slug, a]));
export const areaLabel = (slug: string) => bySlug.get(slug)?.label ?? slug;
export const areaCode = (slug: string) => bySlug.get(slug)?.code ?? "XX";
