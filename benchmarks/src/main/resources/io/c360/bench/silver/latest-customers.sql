-- DuckDB's silver peer: the newest accepted profile per customer (latest updated_at, then snapshot
-- date, then hash), as silver's latestVersions picks it, the standardized values in place of the
-- raw ones; no features or segments. One zstd Parquet file. Placeholders: ${customer_columns}
-- (bronze's columns), ${profile_columns} (the same, standardized where silver standardizes) and
-- ${out} (the output folder).
COPY (
  SELECT *,
    hash(${customer_columns}, profile_date) AS record_hash,
    'duckdb-benchmark' AS silver_run_id, now() AS silver_loaded_at
  FROM (
    SELECT ${profile_columns}, event_date AS profile_date
    FROM checked_customers WHERE len(rule_ids) = 0)
  QUALIFY row_number() OVER (PARTITION BY customer_id
    ORDER BY updated_at DESC NULLS LAST, profile_date DESC NULLS LAST, record_hash DESC) = 1
) TO '${out}/customers.parquet' (FORMAT parquet, COMPRESSION zstd);
