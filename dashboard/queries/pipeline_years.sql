-- The years that have a pipeline.
SELECT DISTINCT plan_year::int AS year FROM activity WHERE plan_year IS NOT NULL ORDER BY 1;
