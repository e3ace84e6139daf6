-- DuckDB's silver peer: the counts silver's run report has, for one checked table. Placeholders:
-- ${checked} (checked_customers or checked_interactions) and ${duplicate} (the condition that
-- marks a duplicate row; false for customers, which silver does not deduplicate by row).

-- Rows read, duplicates, quarantined rows.
SELECT count(*), count(*) FILTER (${duplicate}),
  count(*) FILTER (NOT ${duplicate} AND len(rule_ids) > 0)
FROM ${checked};

-- Rows per broken rule.
SELECT rule, count(*)
FROM (SELECT unnest(rule_ids) AS rule FROM ${checked} WHERE NOT ${duplicate})
GROUP BY rule;
