-- The rule's verdict on every project as of :judged_on (screening_facts, migration 0071): the
-- portfolio's "must be assessed" column and filter need nothing else.
SELECT f.project_id, f.verdict
FROM screening_facts(CAST(:judged_on AS date)) f;
