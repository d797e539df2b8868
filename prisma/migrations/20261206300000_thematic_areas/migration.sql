-- Thematic areas become data CTED administers, starting from the nine areas of the reports so far;
-- every case names one.

CREATE TABLE "ThematicArea" (
    "slug" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "ThematicArea_pkey" PRIMARY KEY ("slug")
);

CREATE UNIQUE INDEX "ThematicArea_code_key" ON "ThematicArea"("code");
CREATE UNIQUE INDEX "ThematicArea_label_key" ON "ThematicArea"("label");

INSERT INTO "ThematicArea" ("slug", "code", "label", "position") VALUES
  ('legislation-and-judicial-practice', 'LJ', 'Legislation and judicial practice', 1),
  ('counter-financing-of-terrorism', 'CF', 'Counter-financing of terrorism', 2),
  ('law-enforcement', 'LE', 'Law enforcement', 3),
  ('border-control', 'BC', 'Border control', 4),
  ('international-cooperation', 'IC', 'International cooperation', 5),
  ('countering-violent-extremism', 'VE', 'Countering violent extremism that leads to terrorism', 6),
  ('gender', 'GE', 'Gender: the role of women in countering terrorism', 7),
  ('human-rights-and-rule-of-law', 'HR', 'Human rights and rule-of-law-based responses', 8),
  ('internet-ftf-and-organized-crime', 'IF', 'Internet abuse, foreign terrorist fighters and organized crime', 9);

ALTER TABLE "Case" ADD CONSTRAINT "Case_area_fkey" FOREIGN KEY ("area") REFERENCES "ThematicArea"("slug") ON DELETE RESTRICT ON UPDATE CASCADE;
