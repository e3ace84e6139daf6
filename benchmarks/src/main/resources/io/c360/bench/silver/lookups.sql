-- DuckDB's silver peer (SilverBenchmark), first statements: the macros that mirror silver's
-- standardizers, and the lookup tables. Placeholders, filled by the benchmark: ${countries}
-- (key, ISO code), ${states} (country, key, code) and ${zip3} (state, three-digit ZIP prefix), as
-- VALUES rows built from silver's own sources and checked against its standardizers.

-- Text.clean: Unicode whitespace trimmed at both ends, inner runs as one space.
CREATE MACRO clean_text(s) AS regexp_replace(regexp_replace(s,
  '^[\s\p{Z}]+|[\s\p{Z}]+$', '', 'g'), '[\s\p{Z}]+', ' ', 'g');
CREATE MACRO clean_or_null(s) AS nullif(clean_text(s), '');

-- Countries.key: upper case, letters and single spaces; "U S A" as "USA".
CREATE MACRO spaced_key(s) AS trim(regexp_replace(regexp_replace(upper(s),
  '[^\p{L}\s]', '', 'g'), '\s+', ' ', 'g'));
CREATE MACRO country_key(s) AS CASE WHEN regexp_full_match(spaced_key(s),
  '(\p{L} )+\p{L}') THEN replace(spaced_key(s), ' ', '') ELSE spaced_key(s) END;

-- Subdivisions.key: upper case, hyphens as spaces, single spaces.
CREATE MACRO state_key(s) AS trim(regexp_replace(replace(upper(s), '-', ' '), '\s+',
  ' ', 'g'));

CREATE TEMP TABLE countries AS SELECT * FROM (VALUES ${countries}) t(key, code);
CREATE TEMP TABLE states AS SELECT * FROM (VALUES ${states}) t(country, key, code);
CREATE TEMP TABLE zip3 AS SELECT * FROM (VALUES ${zip3}) t(state, prefix);
