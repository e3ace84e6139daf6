-- DuckDB's silver peer: the accepted interactions (no duplicate, no rule broken) in silver's
-- columns, with the canonical channel, the enrichment, the record hash and the lineage, as Parquet
-- partitioned by event_date. Iceberg's default Parquet codec is zstd (silver keeps it), so DuckDB
-- writes zstd too. Placeholders: ${interaction_columns} (bronze's columns and event_date),
-- ${accepted_columns} (the same, the channel the canonical one), ${usd_per_unit} (the exchange
-- rate of the row's currency, a CASE over silver's currencies) and ${out} (the output folder).
COPY (
  SELECT *,
    hash(${interaction_columns}, event_hour, is_weekend, revenue_usd) AS record_hash,
    'duckdb-benchmark' AS silver_run_id, now() AS silver_loaded_at
  FROM (
    SELECT ${accepted_columns},
      hour(event_ts) AS event_hour,
      dayofweek(event_date) IN (0, 6) AS is_weekend,
      CAST(round(revenue * ${usd_per_unit}, 2) AS DECIMAL(14,2)) AS revenue_usd
    FROM checked_interactions WHERE NOT is_duplicate AND len(rule_ids) = 0)
) TO '${out}/interactions' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (event_date));
