-- DuckDB's bronze peer (BronzeBenchmark): a table of the same shape as customer_interactions (31
-- columns of the same types, similar null shares and cardinalities, one row per i), partitioned by
-- event_date, snappy-compressed Parquet. Each column draws from hash(i, salt), one salt per draw;
-- a column that several others depend on (e.g. is a purchase) shares their salt.
-- Placeholders, filled by the benchmark: ${interactions} (rows), ${customers} (customer ids
-- 1..n), ${start_date} and ${days} (the dates the rows spread over, in order), ${out} (the folder),
-- and the generated value lists ${campaign_ids} (42), ${store_ids} (240), ${product_ids} and
-- ${product_names} (2500, drawn with the same salt: a name belongs to its id) and ${departments}
-- (18); the modulus after each list is its length.
COPY (SELECT
  CAST(i AS BIGINT) AS interaction_id,
  CAST(hash(i, 1) % ${customers} + 1 AS BIGINT) AS customer_id,
  event_date + to_microseconds(CAST(hash(i, 2) % 86400000000 AS BIGINT)) AS event_ts,
  event_date + to_microseconds(CAST(hash(i, 2) % 86400000000 + hash(i, 3) % 7200000000 AS BIGINT)) AS ingested_at,
  ['web', 'mobile_app', 'store', 'call_center', 'email', 'social'][CAST(1 + hash(i, 4) % 6 AS BIGINT)] AS channel,
  ['page_view', 'product_view', 'add_to_cart', 'purchase', 'support_contact', 'email_open', 'email_click', 'search', 'social_engagement'][CAST(1 + hash(i, 5) % 9 AS BIGINT)] AS event_type,
  CASE WHEN hash(i, 6) % 100 < 75 THEN CAST(hash(i, 7) >> 1 AS BIGINT) END AS session_id,
  CASE WHEN hash(i, 6) % 100 < 78 THEN CAST(hash(i, 8) % 2400 AS INTEGER) END AS session_duration_sec,
  CASE WHEN hash(i, 6) % 100 < 75 THEN CAST(hash(i, 9) % 30 + 1 AS INTEGER) END AS page_views,
  ['desktop', 'mobile', 'tablet', 'pos_terminal', 'phone'][CAST(1 + hash(i, 10) % 5 AS BIGINT)] AS device_type,
  CASE WHEN hash(i, 6) % 100 < 80 THEN ['Windows', 'macOS', 'Linux', 'iOS', 'Android'][CAST(1 + hash(i, 11) % 5 AS BIGINT)] END AS os,
  CASE WHEN hash(i, 6) % 100 < 45 THEN ['Chrome', 'Edge', 'Firefox', 'Safari', 'Samsung Internet'][CAST(1 + hash(i, 12) % 5 AS BIGINT)] END AS browser,
  CASE WHEN hash(i, 13) % 100 < 25 THEN ${campaign_ids}[CAST(1 + hash(i, 14) % 42 AS BIGINT)] END AS campaign_id,
  CASE WHEN hash(i, 13) % 100 < 30 THEN ['google', 'bing', 'affiliate', 'direct', 'newsletter', 'facebook', 'instagram', 'tiktok', 'pinterest'][CAST(1 + hash(i, 15) % 9 AS BIGINT)] END AS utm_source,
  CASE WHEN hash(i, 13) % 100 < 12 THEN ${store_ids}[CAST(1 + hash(i, 16) % 240 AS BIGINT)] END AS store_id,
  CASE WHEN hash(i, 17) % 100 < 55 THEN ${product_ids}[CAST(1 + hash(i, 18) % 2500 AS BIGINT)] END AS product_id,
  CASE WHEN hash(i, 17) % 100 < 55 THEN ${product_names}[CAST(1 + hash(i, 18) % 2500 AS BIGINT)] END AS product_name,
  CASE WHEN hash(i, 17) % 100 < 55 THEN ${departments}[CAST(1 + hash(i, 19) % 18 AS BIGINT)] END AS product_category,
  CASE WHEN hash(i, 20) % 100 < 18 THEN CAST(hash(i, 21) % 4 + 1 AS INTEGER) END AS quantity,
  CASE WHEN hash(i, 20) % 100 < 18 THEN CAST(CAST(hash(i, 22) % 50000 + 99 AS BIGINT) / 100.0 AS DECIMAL(10,2)) END AS unit_price,
  CASE WHEN hash(i, 20) % 100 < 8 THEN CAST((hash(i, 23) % 7) * 5 / 100.0 AS DECIMAL(3,2)) END AS discount_rate,
  CASE WHEN hash(i, 20) % 100 < 8 THEN CAST(CAST(hash(i, 24) % 200000 + 99 AS BIGINT) / 100.0 AS DECIMAL(12,2)) END AS revenue,
  CASE WHEN hash(i, 20) % 100 < 18 THEN ['USD', 'CAD', 'GBP', 'EUR'][CAST(1 + hash(i, 25) % 4 AS BIGINT)] END AS currency,
  CASE WHEN hash(i, 20) % 100 < 8 THEN ['credit_card', 'debit_card', 'paypal', 'apple_pay', 'google_pay', 'gift_card', 'cash'][CAST(1 + hash(i, 26) % 7 AS BIGINT)] END AS payment_method,
  CASE WHEN hash(i, 20) % 100 < 8 THEN CAST(i AS BIGINT) END AS order_id,
  CASE WHEN hash(i, 20) % 100 < 8 THEN ['completed', 'cancelled', 'returned'][CAST(1 + hash(i, 27) % 3 AS BIGINT)] END AS order_status,
  CASE WHEN hash(i, 20) % 100 < 8 THEN hash(i, 28) % 100 < 8 END AS is_returned,
  CASE WHEN hash(i, 20) % 100 < 1 THEN event_date + to_microseconds(CAST(hash(i, 29) % 2592000000000 AS BIGINT)) END AS returned_at,
  CASE WHEN hash(i, 30) % 100 < 6 THEN CAST(i AS BIGINT) END AS support_ticket_id,
  CASE WHEN hash(i, 30) % 100 < 6 THEN CAST(hash(i, 31) % 5 + 1 AS INTEGER) END AS satisfaction_score,
  CASE WHEN hash(i, 32) % 100 < 8 THEN CAST(hash(i, 33) % 11 AS INTEGER) END AS nps_score,
  event_date
FROM (SELECT i, DATE '${start_date}' + CAST(i * ${days} // ${interactions} AS INTEGER) AS event_date
      FROM range(${interactions}) t(i))) TO '${out}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (event_date), OVERWRITE_OR_IGNORE);
