-- DuckDB's silver peer: the interactions with the canonical channel, the duplicate flag (per
-- interaction_id, the earliest ingested_at wins, ties broken by a hash of the row) and the ids of
-- the rules each row breaks. Placeholders: ${interactions} (bronze's interactions folder),
-- ${interaction_columns} (bronze's columns and event_date), ${channels} and ${event_types} (the
-- vocabulary, as lists of strings), ${purchase} (the purchase event type) and ${rule_<id>}.
CREATE TEMP TABLE checked_interactions AS
WITH raw AS (SELECT * FROM read_parquet('${interactions}/*/*.parquet', hive_partitioning = true)),
known AS (SELECT DISTINCT customer_id AS known_id FROM checked_customers WHERE customer_id IS NOT NULL),
std AS (
  SELECT *,
    regexp_replace(lower(clean_text(channel)), '[\s\-_]+', '_', 'g') AS std_channel,
    interaction_id IS NOT NULL AND row_number() OVER (PARTITION BY interaction_id ORDER BY ingested_at ASC NULLS LAST, hash(${interaction_columns})) > 1 AS is_duplicate
  FROM raw)
SELECT std.*, list_filter([
    CASE WHEN interaction_id IS NULL THEN '${rule_interaction_missing_id}' END,
    CASE WHEN customer_id IS NULL THEN '${rule_interaction_missing_customer}' END,
    CASE WHEN customer_id IS NOT NULL AND known.known_id IS NULL THEN '${rule_orphan_customer}' END,
    CASE WHEN event_ts > ingested_at THEN '${rule_future_timestamp}' END,
    CASE WHEN quantity < 0 OR unit_price < 0 OR revenue < 0 THEN '${rule_negative_amount}' END,
    CASE WHEN event_type = '${purchase}' AND revenue IS NOT NULL AND round(CAST(quantity AS DECIMAL(10,2)) * unit_price * (1 - discount_rate), 2) IS NOT NULL AND revenue <> round(CAST(quantity AS DECIMAL(10,2)) * unit_price * (1 - discount_rate), 2) THEN '${rule_revenue_mismatch}' END,
    CASE WHEN NOT coalesce(std_channel IN (${channels}), false) THEN '${rule_unknown_channel}' END,
    CASE WHEN nps_score < 0 OR nps_score > 10 THEN '${rule_nps_out_of_range}' END,
    CASE WHEN returned_at < event_ts THEN '${rule_return_before_purchase}' END,
    CASE WHEN event_ts IS NULL OR ingested_at IS NULL THEN '${rule_missing_event_ts}' END,
    CASE WHEN NOT coalesce(event_type IN (${event_types}), false) THEN '${rule_unknown_event_type}' END,
    CASE WHEN revenue IS NOT NULL AND NOT (event_type = '${purchase}') THEN '${rule_revenue_without_purchase}' END,
    CASE WHEN event_type = '${purchase}' AND (quantity IS NULL OR unit_price IS NULL OR revenue IS NULL) THEN '${rule_incomplete_purchase}' END
  ], x -> x IS NOT NULL) AS rule_ids
FROM std LEFT JOIN known ON std.customer_id = known.known_id;
