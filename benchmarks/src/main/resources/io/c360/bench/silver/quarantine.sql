-- DuckDB's silver peer: the rejected rows of both tables (duplicates aside), whole and as received,
-- as JSON, with their rules, as Parquet partitioned by table and date. Placeholders:
-- ${customers_table} and ${interactions_table} (bronze's table names), ${customer_record} and
-- ${interaction_record} (each bronze column and event_date, as struct_pack arguments) and ${out}.
COPY (
  SELECT 'duckdb-benchmark' AS silver_run_id, now() AS quarantined_at,
    '${customers_table}' AS source_table, event_date,
    'event_date=' || event_date AS source_partition,
    CAST(customer_id AS VARCHAR) AS record_key, customer_id, rule_ids,
    to_json(struct_pack(${customer_record})) AS record
  FROM checked_customers WHERE len(rule_ids) > 0
  UNION ALL
  SELECT 'duckdb-benchmark' AS silver_run_id, now() AS quarantined_at,
    '${interactions_table}' AS source_table, event_date,
    'event_date=' || event_date AS source_partition,
    CAST(interaction_id AS VARCHAR) AS record_key, customer_id, rule_ids,
    to_json(struct_pack(${interaction_record})) AS record
  FROM checked_interactions WHERE NOT is_duplicate AND len(rule_ids) > 0
) TO '${out}/quarantine' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (source_table, event_date));
