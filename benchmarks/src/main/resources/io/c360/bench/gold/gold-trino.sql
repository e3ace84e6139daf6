-- The five gold tables of docs/GOLD.md in Trino: gold-duckdb.sql translated, same definitions,
-- as CTAS into Iceberg tables of the stack's catalog from its silver tables (scripts/benchmark.py
-- --stage stack). Statements end with a line ending in ';'. Placeholders, filled by the benchmark:
-- ${silver} (the silver schema, e.g. lakehouse.silver), ${out} (the schema the tables go to, e.g.
-- lakehouse.bench_trino) and ${channels} (the six channels as an ARRAY[...] of strings).
-- Trino has no temporary tables or macros: DuckDB's macros capped() and ratio() are written out
-- (CASE WHEN v IS NOT NULL THEN round(least(1.0, v / lim), 4) END and CASE WHEN d > 0 THEN
-- round(n / d, scale) END, in DOUBLE), and its temporary table population is a table of ${out}
-- (population, kept: the comparison does not read it), built once for engagement and churn.
-- Dates: date_diff('day', a, b) for DuckDB's b - a, date_add('day', -n, d) for d - n. The daily
-- tables are partitioned by event_date like the job's (docs/GOLD.md); the others are not.

-- daily_kpis: one row per day. An order: a purchase not cancelled (a returned order is still one).
CREATE TABLE ${out}.daily_kpis WITH (partitioning = ARRAY['event_date']) AS
WITH interactions AS (
  SELECT *,
    coalesce(event_type = 'purchase', false)
      AND order_status IS DISTINCT FROM 'cancelled' AS is_order,
    coalesce(event_type = 'purchase', false)
      AND order_status IS DISTINCT FROM 'cancelled'
      AND coalesce(is_returned, false) AS is_returned_order
  FROM ${silver}.interactions),
per_day AS (
  SELECT event_date,
    count(DISTINCT customer_id) AS active_customers,
    count(DISTINCT session_id) AS sessions,
    count(*) FILTER (WHERE is_order) AS orders,
    CAST(coalesce(sum(revenue_usd) FILTER (WHERE is_order), 0) AS DECIMAL(18,2)) AS revenue_usd,
    count(DISTINCT customer_id) FILTER (WHERE is_order) AS buyers,
    count(*) FILTER (WHERE is_returned_order) AS returned_orders,
    count(*) FILTER (WHERE event_type = 'support_contact') AS support_contacts,
    count(nps_score) AS nps_responses,
    count(*) FILTER (WHERE nps_score >= 9) AS promoters,
    count(*) FILTER (WHERE nps_score <= 6) AS detractors
  FROM interactions
  GROUP BY event_date),
signups AS (
  SELECT signup_date, count(*) AS new_customers
  FROM ${silver}.customers
  WHERE signup_date IS NOT NULL
  GROUP BY signup_date)
SELECT d.event_date,
  d.active_customers,
  coalesce(s.new_customers, 0) AS new_customers,
  d.sessions,
  d.orders,
  d.revenue_usd,
  CASE WHEN d.orders > 0 THEN CAST(round(d.revenue_usd / d.orders, 2) AS DECIMAL(18,2))
    END AS avg_order_value_usd,
  d.buyers,
  CASE WHEN d.active_customers > 0
    THEN round(CAST(d.buyers AS DOUBLE) / CAST(d.active_customers AS DOUBLE), 4) END
    AS conversion_rate,
  d.returned_orders,
  CASE WHEN d.orders > 0
    THEN round(CAST(d.returned_orders AS DOUBLE) / CAST(d.orders AS DOUBLE), 4) END
    AS return_rate,
  d.support_contacts,
  d.nps_responses,
  CASE WHEN d.nps_responses > 0
    THEN round(CAST((d.promoters - d.detractors) * 100 AS DOUBLE)
      / CAST(d.nps_responses AS DOUBLE), 1) END AS nps
FROM per_day d LEFT JOIN signups s ON s.signup_date = d.event_date;

-- revenue_by_channel: every channel on every day, zeros included.
CREATE TABLE ${out}.revenue_by_channel WITH (partitioning = ARRAY['event_date']) AS
WITH interactions AS (
  SELECT *,
    coalesce(event_type = 'purchase', false)
      AND order_status IS DISTINCT FROM 'cancelled' AS is_order
  FROM ${silver}.interactions),
days AS (SELECT DISTINCT event_date FROM interactions),
channels AS (SELECT channel FROM UNNEST(${channels}) AS c (channel)),
sold AS (
  SELECT event_date, channel, count(*) AS orders, sum(revenue_usd) AS revenue_usd
  FROM interactions
  WHERE is_order
  GROUP BY event_date, channel),
grid AS (
  SELECT d.event_date, c.channel,
    coalesce(s.orders, 0) AS orders,
    CAST(coalesce(s.revenue_usd, 0) AS DECIMAL(18,2)) AS revenue_usd
  FROM days d CROSS JOIN channels c
  LEFT JOIN sold s ON s.event_date = d.event_date AND s.channel = c.channel),
shares AS (
  SELECT *, sum(revenue_usd) OVER (PARTITION BY event_date) AS day_revenue FROM grid)
SELECT event_date, channel, orders, revenue_usd,
  CASE WHEN day_revenue > 0
    THEN round(CAST(revenue_usd AS DOUBLE) / CAST(day_revenue AS DOUBLE), 4) END
    AS revenue_share
FROM shares;

-- Every customer signed up by the as-of date (the latest event date; or without a signup date),
-- with their behaviour up to it: last active date over all history, 30- and 90-day windows that
-- include the as-of date.
CREATE TABLE ${out}.population AS
WITH interactions AS (
  SELECT *,
    coalesce(event_type = 'purchase', false)
      AND order_status IS DISTINCT FROM 'cancelled' AS is_order,
    coalesce(event_type = 'purchase', false)
      AND order_status IS DISTINCT FROM 'cancelled'
      AND coalesce(is_returned, false) AS is_returned_order
  FROM ${silver}.interactions),
params AS (
  SELECT max(event_date) AS as_of, min(event_date) AS first_date FROM ${silver}.interactions),
p AS (
  SELECT as_of,
    -- Prior days silver has: from 90 days back (or the first date) to the day before the last 14.
    greatest(0, date_diff('day', greatest(date_add('day', -89, as_of), first_date),
      date_add('day', -14, as_of)) + 1) AS prior_days
  FROM params),
w AS (
  SELECT i.*, date_diff('day', i.event_date, p.as_of) AS days_ago
  FROM interactions i CROSS JOIN p
  WHERE i.event_date <= p.as_of),
act AS (
  SELECT customer_id,
    max(event_date) AS last_active_date,
    count(DISTINCT event_date) FILTER (WHERE days_ago < 30) AS active_days_30d,
    count(DISTINCT session_id) FILTER (WHERE days_ago < 30) AS sessions_30d,
    coalesce(sum(session_duration_sec) FILTER (WHERE days_ago < 30), 0) AS seconds_30d,
    count(DISTINCT channel) FILTER (WHERE days_ago < 90) AS channels_90d,
    count(*) FILTER (WHERE days_ago < 30 AND event_type IN ('email_open', 'email_click'))
      AS email_engagements_30d,
    count(*) FILTER (WHERE days_ago < 90) AS events_90d,
    count(*) FILTER (WHERE days_ago < 14) AS events_last_14d,
    count(*) FILTER (WHERE days_ago >= 14 AND days_ago < 90) AS events_prior,
    count(*) FILTER (WHERE days_ago < 90 AND event_type = 'support_contact')
      AS support_contacts_90d,
    count(*) FILTER (WHERE days_ago < 90 AND is_order) AS orders_90d,
    count(*) FILTER (WHERE days_ago < 90 AND is_returned_order) AS returns_90d,
    sum(nps_score) FILTER (WHERE days_ago < 90) AS nps_sum,
    count(nps_score) FILTER (WHERE days_ago < 90) AS nps_count
  FROM w
  GROUP BY customer_id)
SELECT c.customer_id,
  c.value_segment,
  p.as_of AS as_of_date,
  a.last_active_date,
  CAST(date_diff('day', a.last_active_date, p.as_of) AS INTEGER) AS days_since_last_active,
  CAST(coalesce(a.active_days_30d, 0) AS INTEGER) AS active_days_30d,
  CAST(coalesce(a.sessions_30d, 0) AS INTEGER) AS sessions_30d,
  coalesce(round(CAST(a.seconds_30d AS DOUBLE) / 60.0E0, 1), 0.0E0) AS minutes_30d,
  CAST(coalesce(a.channels_90d, 0) AS INTEGER) AS channels_90d,
  CAST(coalesce(a.email_engagements_30d, 0) AS INTEGER) AS email_engagements_30d,
  CAST(coalesce(a.events_last_14d, 0) AS INTEGER) AS events_last_14d,
  -- Per 14 days over the prior days silver has; unknown with under a week of them.
  CASE WHEN p.prior_days >= 7 AND a.events_90d > 0
    THEN round(CAST(a.events_prior * 14 AS DOUBLE) / p.prior_days, 2) END
    AS events_prior_14d_avg,
  CAST(coalesce(a.support_contacts_90d, 0) AS INTEGER) AS support_contacts_90d,
  CASE WHEN a.nps_count > 0
    THEN round(CAST(a.nps_sum AS DOUBLE) / CAST(a.nps_count AS DOUBLE), 2) END AS avg_nps_90d,
  coalesce(CASE WHEN a.orders_90d > 0
    THEN round(CAST(a.returns_90d AS DOUBLE) / CAST(a.orders_90d AS DOUBLE), 4) END, 0.0E0)
    AS return_rate_90d
FROM ${silver}.customers c
CROSS JOIN p
LEFT JOIN act a ON a.customer_id = c.customer_id
WHERE c.signup_date IS NULL OR c.signup_date <= p.as_of;

-- customer_engagement: six component scores in 0..1 and their weighted sum, 0..100.
CREATE TABLE ${out}.customer_engagement AS
WITH scored AS (
  SELECT *,
    CASE WHEN days_since_last_active IS NOT NULL
      THEN round(greatest(0.0E0, 1.0E0 - days_since_last_active / 90.0E0), 4)
      ELSE 0.0E0 END AS recency_score,
    CASE WHEN active_days_30d IS NOT NULL
      THEN round(least(1.0E0, CAST(active_days_30d AS DOUBLE) / 15), 4) END AS frequency_score,
    CASE WHEN sessions_30d IS NOT NULL
      THEN round(least(1.0E0, CAST(sessions_30d AS DOUBLE) / 20), 4) END AS session_score,
    CASE WHEN minutes_30d IS NOT NULL
      THEN round(least(1.0E0, CAST(minutes_30d AS DOUBLE) / 300), 4) END AS time_score,
    CASE WHEN channels_90d IS NOT NULL
      THEN round(least(1.0E0, CAST(channels_90d AS DOUBLE) / 6), 4) END AS breadth_score,
    CASE WHEN email_engagements_30d IS NOT NULL
      THEN round(least(1.0E0, CAST(email_engagements_30d AS DOUBLE) / 10), 4) END AS email_score
  FROM ${out}.population),
total AS (
  SELECT *,
    -- Exact decimals (as the job): a sum such as 59.95 rounds half up, not by double error.
    CAST(round(CAST(recency_score AS DECIMAL(5,4)) * 25 + CAST(frequency_score AS DECIMAL(5,4)) * 25
      + CAST(session_score AS DECIMAL(5,4)) * 15 + CAST(time_score AS DECIMAL(5,4)) * 15
      + CAST(breadth_score AS DECIMAL(5,4)) * 10 + CAST(email_score AS DECIMAL(5,4)) * 10, 1)
      AS DOUBLE) AS engagement_score
  FROM scored)
SELECT customer_id, value_segment, as_of_date, last_active_date, days_since_last_active,
  active_days_30d, sessions_30d, minutes_30d, channels_90d, email_engagements_30d,
  recency_score, frequency_score, session_score, time_score, breadth_score, email_score,
  engagement_score,
  CASE WHEN engagement_score >= 60 THEN 'high' WHEN engagement_score >= 30 THEN 'medium'
    ELSE 'low' END AS engagement_level
FROM total;

-- churn_risk: five drivers in 0..1, their weighted sum, the band and the main drivers.
CREATE TABLE ${out}.churn_risk AS
WITH drivers AS (
  SELECT *,
    coalesce(CASE WHEN days_since_last_active IS NOT NULL
      THEN round(least(1.0E0, CAST(days_since_last_active AS DOUBLE) / 30), 4) END, 1.0E0)
      AS inactivity_risk,
    CASE WHEN events_prior_14d_avg > 0
      THEN round(greatest(0.0E0, least(1.0E0,
        (events_prior_14d_avg - events_last_14d) / events_prior_14d_avg)), 4)
      ELSE 0.0E0 END AS frequency_decline_risk,
    CASE WHEN support_contacts_90d IS NOT NULL
      THEN round(least(1.0E0, CAST(support_contacts_90d AS DOUBLE) / 5), 4) END AS support_risk,
    CASE WHEN avg_nps_90d IS NOT NULL
      THEN round(greatest(0.0E0, least(1.0E0, (7.0E0 - avg_nps_90d) / 7.0E0)), 4)
      ELSE 0.0E0 END AS nps_risk,
    round(return_rate_90d, 4) AS returns_risk
  FROM ${out}.population),
weighted AS (
  SELECT *,
    -- Exact decimals (as the job): a sum such as 0.24995 rounds half up, not by double error.
    CAST(inactivity_risk AS DECIMAL(5,4)) * DECIMAL '0.35' AS c_inactivity,
    CAST(frequency_decline_risk AS DECIMAL(5,4)) * DECIMAL '0.25' AS c_decline,
    CAST(support_risk AS DECIMAL(5,4)) * DECIMAL '0.15' AS c_support,
    CAST(nps_risk AS DECIMAL(5,4)) * DECIMAL '0.15' AS c_nps,
    CAST(returns_risk AS DECIMAL(5,4)) * DECIMAL '0.10' AS c_returns
  FROM drivers),
scored AS (
  SELECT *,
    CAST(round(c_inactivity + c_decline + c_support + c_nps + c_returns, 4) AS DOUBLE)
      AS churn_risk_score
  FROM weighted)
SELECT customer_id, value_segment, as_of_date, days_since_last_active, events_last_14d,
  events_prior_14d_avg, support_contacts_90d, avg_nps_90d, return_rate_90d,
  inactivity_risk, frequency_decline_risk, support_risk, nps_risk, returns_risk,
  churn_risk_score,
  CASE WHEN churn_risk_score >= 0.5 THEN 'high' WHEN churn_risk_score >= 0.25 THEN 'medium'
    ELSE 'low' END AS risk_band,
  -- Up to three drivers contributing at least 0.05, largest first (ties: name descending).
  transform(
    slice(
      reverse(array_sort(filter(ARRAY[
        ROW(round(c_inactivity, 4), 'inactivity'),
        ROW(round(c_decline, 4), 'declining_frequency'),
        ROW(round(c_support, 4), 'support_contacts'),
        ROW(round(c_nps, 4), 'low_nps'),
        ROW(round(c_returns, 4), 'returns')],
        d -> d[1] >= 0.05E0))),
      1, 3),
    d -> d[2]) AS main_drivers
FROM scored;

-- segment_engagement: per value segment ('unknown' when silver has none).
CREATE TABLE ${out}.segment_engagement AS
SELECT coalesce(e.value_segment, 'unknown') AS value_segment,
  e.as_of_date,
  count(*) AS customers,
  round(avg(e.engagement_score), 1) AS avg_engagement_score,
  round(avg(CASE WHEN e.engagement_level = 'high' THEN 1.0E0 ELSE 0.0E0 END), 4)
    AS high_engagement_share,
  round(avg(CASE WHEN e.engagement_level = 'low' THEN 1.0E0 ELSE 0.0E0 END), 4)
    AS low_engagement_share,
  round(avg(c.churn_risk_score), 4) AS avg_churn_risk
FROM ${out}.customer_engagement e LEFT JOIN ${out}.churn_risk c ON c.customer_id = e.customer_id
GROUP BY coalesce(e.value_segment, 'unknown'), e.as_of_date;
