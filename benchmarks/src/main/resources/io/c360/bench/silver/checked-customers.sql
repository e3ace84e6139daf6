-- DuckDB's silver peer: the customers, standardized as silver's standardizers do (the macros and
-- lookup tables of lookups.sql), with the ids of the rules each row breaks, the bronze columns kept
-- as they arrived. Placeholders: ${customers} (bronze's customers folder), ${state_placeholders}
-- (silver's values for "no state"), ${subdivided} (the countries with subdivision codes in
-- silver) and ${rule_<id>} (each rule's id, from silver's Rule). An email is kept when it is an
-- address with a real-looking domain: the syntax EmailValidator checks, without its list of
-- top-level domains.
CREATE TEMP TABLE checked_customers AS
WITH raw AS (SELECT * FROM read_parquet('${customers}/*/*.parquet', hive_partitioning = true)),
located AS MATERIALIZED (
  SELECT raw.*, co.code AS std_country, clean_text(raw.state) AS state_clean,
    clean_text(raw.state) IS NULL OR upper(clean_text(raw.state)) IN (${state_placeholders}) AS state_placeholder,
    state_key(clean_text(raw.state)) AS skey
  FROM raw LEFT JOIN countries co ON co.key = country_key(clean_or_null(raw.country))),
-- A misspelled name: the closest name within 2 edits, when no other state is as close.
unresolved AS (
  SELECT DISTINCT l.std_country AS country, l.skey AS key FROM located l
  LEFT JOIN states s ON s.country = l.std_country AND s.key = l.skey
  WHERE l.std_country IN (${subdivided}) AND NOT l.state_placeholder
    AND s.code IS NULL AND length(l.skey) > 3),
near AS (
  SELECT u.country, u.key, s.code, damerau_levenshtein(u.key, s.key) AS d
  FROM unresolved u JOIN states s ON s.country = u.country AND length(s.key) > 2),
fuzzy AS (
  SELECT country, key, min(code) AS code FROM (
    SELECT *, min(d) OVER (PARTITION BY country, key) AS best FROM near WHERE d <= 2)
  WHERE d = best GROUP BY country, key HAVING count(DISTINCT code) = 1),
stated AS (
  SELECT l.*,
    CASE WHEN l.state_placeholder THEN NULL
         WHEN l.std_country IN (${subdivided}) THEN coalesce(s.code, f.code)
         ELSE l.state_clean END AS std_state,
    NOT coalesce(l.std_country IN (${subdivided}), false)
      OR (NOT l.state_placeholder AND coalesce(s.code, f.code) IS NOT NULL) AS state_valid,
    lower(clean_or_null(l.email)) AS email_clean,
    upper(clean_or_null(l.zip_code)) AS zip_clean,
    regexp_replace(clean_or_null(l.phone), '(?i)\s*(ext\.?|extension|x)\s*\d+$', '') AS phone_body
  FROM located l
  LEFT JOIN states s ON s.country = l.std_country AND s.key = l.skey
  LEFT JOIN fuzzy f ON f.country = l.std_country AND f.key = l.skey),
phoned AS (
  SELECT *, regexp_replace(phone_body, '[^0-9]', '', 'g') AS digits,
    regexp_full_match(phone_body, '\+?[0-9 ().\-/]+') AS phone_plausible,
    phone_body LIKE '+%' AS international
  FROM stated),
national AS (
  SELECT *, CASE
      WHEN std_country IN ('US', 'CA') AND length(digits) = 11 AND digits LIKE '1%'
        THEN substr(digits, 2)
      WHEN std_country IN ('GB', 'DE') AND digits LIKE '0%' THEN substr(digits, 2)
      ELSE digits END AS nsn
  FROM phoned),
std AS (
  SELECT n.*,
    CASE WHEN regexp_full_match(email_clean, '[a-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&''*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}') THEN email_clean END AS std_email,
    CASE WHEN NOT phone_plausible THEN NULL
      WHEN international THEN CASE
        WHEN (digits LIKE '1%' AND length(digits) = 11 AND substr(digits, 2, 1) BETWEEN '2' AND '9' AND substr(digits, 5, 1) BETWEEN '2' AND '9')
          OR (digits LIKE '44%' AND length(digits) IN (11, 12) AND substr(digits, 3, 1) <> '0')
          OR (digits LIKE '49%' AND length(digits) BETWEEN 8 AND 15 AND substr(digits, 3, 1) <> '0')
        THEN '+' || digits END
      WHEN std_country IN ('US', 'CA') THEN CASE WHEN length(nsn) = 10 AND substr(nsn, 1, 1) BETWEEN '2' AND '9' AND substr(nsn, 4, 1) BETWEEN '2' AND '9' THEN '+1' || nsn END
      WHEN std_country = 'GB' THEN CASE WHEN length(nsn) IN (9, 10) AND substr(nsn, 1, 1) <> '0' THEN '+44' || nsn END
      WHEN std_country = 'DE' THEN CASE WHEN length(nsn) BETWEEN 6 AND 13 AND substr(nsn, 1, 1) <> '0' THEN '+49' || nsn END
      END AS std_phone,
    CASE WHEN zip_clean IS NULL THEN NULL
      WHEN std_country IS NULL THEN zip_clean
      WHEN std_country = 'US' THEN CASE WHEN regexp_full_match(zip_clean, '\d{5}(-\d{4})?') AND (std_state IS NULL OR z.state IS NOT NULL) THEN zip_clean END
      WHEN std_country = 'CA' THEN CASE WHEN regexp_full_match(zip_clean, '[A-Z]\d[A-Z] ?\d[A-Z]\d') THEN regexp_replace(zip_clean, '^([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$', '\1 \2') END
      WHEN std_country = 'GB' THEN CASE WHEN regexp_full_match(zip_clean, '[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}') THEN regexp_replace(zip_clean, '^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$', '\1 \2') END
      WHEN std_country = 'DE' THEN CASE WHEN regexp_full_match(zip_clean, '\d{5}') THEN zip_clean END
      ELSE zip_clean END AS std_zip_code,
    clean_or_null(first_name) AS std_first_name,
    clean_or_null(last_name) AS std_last_name,
    lower(clean_or_null(gender)) AS std_gender,
    clean_text(street_address) AS std_street_address,
    clean_text(city) AS std_city,
    lower(clean_or_null(signup_channel)) AS std_signup_channel,
    lower(clean_or_null(loyalty_tier)) AS std_loyalty_tier,
    lower(clean_or_null(preferred_channel)) AS std_preferred_channel
  FROM national n
  LEFT JOIN zip3 z ON z.state = n.std_state AND z.prefix = substr(n.zip_clean, 1, 3))
SELECT *, list_filter([
    CASE WHEN customer_id IS NULL THEN '${rule_customer_missing_id}' END,
    CASE WHEN std_email IS NULL THEN '${rule_malformed_email}' END,
    CASE WHEN std_phone IS NULL THEN '${rule_invalid_phone}' END,
    CASE WHEN std_zip_code IS NULL THEN '${rule_invalid_zip}' END,
    CASE WHEN birth_date > signup_date OR birth_date < signup_date - INTERVAL 120 YEAR THEN '${rule_implausible_birth_date}' END,
    CASE WHEN std_country IS NULL THEN '${rule_invalid_country}' END,
    CASE WHEN NOT state_valid THEN '${rule_invalid_state}' END
  ], x -> x IS NOT NULL) AS rule_ids
FROM std;
