-- 0060: the published project texts exactly as the annual report 2023 prints them (table 1), so that
-- table 1 regenerated from the database matches the report cell for cell (dashboard/reports).
--   - The "Status pr. marts 2024" cell of a completed or closed project opens with the line
--     "Afsluttet marts 2023" / "Lukket august 2023". That line is the project's state and end month,
--     already in the row; the status text is the rest of the cell (it was stored with the line and a
--     full stop that the report does not print).
--   - Nyt RIS/PACS's purpose is printed as a list: one line per "• " item.
--   - LUNA's purpose keeps the report's "forsat" (sic).
-- Only rows still exactly as first loaded are changed (published, text unchanged); a text the
-- secretariat has edited since is left alone. db/seed/projects.csv holds the same texts for new
-- databases.
UPDATE project SET purpose = 'At udskifte Region Hovedstadens eksisterende RIS/PACS-system for herigennem at sikre:
• Mere effektiv og sikker diagnostik og behandling af patienterne
• Understøttelse af AI, hurtig tilkobling af nye muligheder og forskning
• Bedre samarbejde med og mellem hospitaler, leverandør og Region Hovedstadens Center for IT og Medicoteknologi (CIMT)
• Hurtigere efterlevelse af nuværende og kommende lovgivning.'
WHERE slug = 'ris-pacs-hovedstaden' AND provenance = 'published'
  AND purpose = 'At udskifte Region Hovedstadens eksisterende RIS/PACS-system for herigennem at sikre: mere effektiv og sikker diagnostik og behandling af patienterne; understøttelse af AI, hurtig tilkobling af nye muligheder og forskning; bedre samarbejde med og mellem hospitaler, leverandør og Region Hovedstadens Center for IT og Medicoteknologi (CIMT); hurtigere efterlevelse af nuværende og kommende lovgivning.';
UPDATE project SET status_text = 'It-rådet anbefalede i sin rådgivning bl.a., at regionerne fokuserede på et eller to initiativer i programmet til at starte med. Dette har regionerne, efter programmets nedlukning, efterlevet ved indledningsvist at igangsætte et projekt vedrørende anskaffelse af et laboratoriesystem på patologiområdet. Dette projekt indgår nu i RSI-porteføljen. Det er under afklaring, om andre initiativer i det tidligere program, skal igangsættes som fællesregionale projekter.'
WHERE slug = 'diagnostisk-program' AND provenance = 'published'
  AND status_text = 'Lukket august 2023. It-rådet anbefalede i sin rådgivning bl.a., at regionerne fokuserede på et eller to initiativer i programmet til at starte med. Dette har regionerne, efter programmets nedlukning, efterlevet ved indledningsvist at igangsætte et projekt vedrørende anskaffelse af et laboratoriesystem på patologiområdet. Dette projekt indgår nu i RSI-porteføljen. Det er under afklaring, om andre initiativer i det tidligere program, skal igangsættes som fællesregionale projekter.';
UPDATE project SET purpose = 'At etablere en fællesregional løsning, som understøtter alle regioner i at administrere praksisområdet efter gældende lovgivning og overenskomster, og som samtidig gør det muligt at udfase regionernes anvendelse af det eksisterende sygesikringssystem Notus, samt at sikre en forsat sikker og korrekt drift af praksisområdet, så lægerne kan have fokus på patienterne.'
WHERE slug = 'luna' AND provenance = 'published'
  AND purpose = 'At etablere en fællesregional løsning, som understøtter alle regioner i at administrere praksisområdet efter gældende lovgivning og overenskomster, og som samtidig gør det muligt at udfase regionernes anvendelse af det eksisterende sygesikringssystem Notus, samt at sikre en fortsat sikker og korrekt drift af praksisområdet, så lægerne kan have fokus på patienterne.';
UPDATE project SET status_text = 'Den regionale del af LUNA-projektet blev forsinket med tre måneder, men opfyldte alle sine strategiske målsætninger inden for det fastlagte budget inkl. risikobuffer.'
WHERE slug = 'luna' AND provenance = 'published'
  AND status_text = 'Afsluttet marts 2023. Den regionale del af LUNA-projektet blev forsinket med tre måneder, men opfyldte alle sine strategiske målsætninger inden for det fastlagte budget inkl. risikobuffer.';
UPDATE project SET status_text = 'Projektet leverede en MVP-løsning inden for aftalt budget og tidsplan.'
WHERE slug = 'fut' AND provenance = 'published'
  AND status_text = 'Afsluttet marts 2023. Projektet leverede en MVP-løsning inden for aftalt budget og tidsplan.';
UPDATE project SET status_text = 'Projektet leverede sine leverancer inden for aftalt budget og med en mindre forsinkelse på tre måneder.'
WHERE slug = 'smr2' AND provenance = 'published'
  AND status_text = 'Afsluttet marts 2023. Projektet leverede sine leverancer inden for aftalt budget og med en mindre forsinkelse på tre måneder.';
UPDATE project SET status_text = 'RSI-kredsen besluttede at lukke projektet før anskaffelsesfasen på baggrund af igangsættelsen af arbejdet med en fællesregional handleplan for hele det diagnostiske område, herunder laboratorieområdet. Der er på baggrund af handleplanen i januar 2024 igangsat et nyt RSI-projekt vedrørende anskaffelse af et fællesregionalt laboratorie information management system (LIMS) på patologiområdet.'
WHERE slug = 'patologisystem' AND provenance = 'published'
  AND status_text = 'Lukket september 2021. RSI-kredsen besluttede at lukke projektet før anskaffelsesfasen på baggrund af igangsættelsen af arbejdet med en fællesregional handleplan for hele det diagnostiske område, herunder laboratorieområdet. Der er på baggrund af handleplanen i januar 2024 igangsat et nyt RSI-projekt vedrørende anskaffelse af et fællesregionalt laboratorie information management system (LIMS) på patologiområdet.';
UPDATE project SET status_text = 'Valg af alternativ indkøbsstrategi medførte, at projektet blev gennemført 60 mio. kr. under budget og tre år tidligere end først planlagt.'
WHERE slug = 'labrek' AND provenance = 'published'
  AND status_text = 'Afsluttet januar 2023. Valg af alternativ indkøbsstrategi medførte, at projektet blev gennemført 60 mio. kr. under budget og tre år tidligere end først planlagt.';
