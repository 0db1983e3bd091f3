-- The data's version counter and when it last changed (cache key and "last changed").
SELECT version, changed_at FROM data_version;
