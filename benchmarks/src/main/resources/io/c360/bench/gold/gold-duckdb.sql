-- The five gold tables of docs/GOLD.md in DuckDB, from silver's rows exported to Parquet
-- (GoldBenchmark). Statements end with a line ending in ';'. Placeholders, filled by the benchmark:
-- ${interactions} and ${customers} (Parquet globs), ${out} (output folder), ${codec} (Parquet
-- codec: Iceberg's default, zstd, as the job writes) and ${channels} (the six channels).

-- The as-of date (latest event date) and the first date, which the job reads from silver's
-- partition metadata; here from the Parquet footers' statistics.
CREATE OR REPLACE TEMP TABLE params AS
SELECT max(event_date) AS as_of, min(event_date) AS first_date
FROM read_parquet('${interactions}');

-- An order: a purchase not cancelled (a returned order is still an order).
CREATE OR REPLACE TEMP VIEW interactions AS
SELECT *,
  coalesce(event_type = 'purchase', false)
    AND order_status IS DISTINCT FROM 'cancelled' AS is_order,
  coalesce(event_type = 'purchase', false)
    AND order_status IS DISTINCT FROM 'cancelled'
    AND coalesce(is_returned, false) AS is_returned_order
FROM read_parquet('${interactions}');

CREATE OR REPLACE TEMP VIEW customers AS
SELECT * FROM read_parquet('${customers}');

-- value / limit rounded to 4 decimals and capped at 1; null stays null.
CREATE OR REPLACE TEMP MACRO capped(v, lim) AS
  CASE WHEN v IS NOT NULL THEN round(least(1.0::DOUBLE, CAST(v AS DOUBLE) / lim), 4) END;

-- numerator / denominator rounded, null when the denominator is 0 or null.
CREATE OR REPLACE TEMP MACRO ratio(n, d, scale) AS
  CASE WHEN d > 0 THEN round(CAST(n AS DOUBLE) / CAST(d AS DOUBLE), scale) END;

-- daily_kpis: one row per day.
COPY (
  WITH per_day AS (
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
    FROM customers
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
    ratio(d.buyers, d.active_customers, 4) AS conversion_rate,
    d.returned_orders,
    ratio(d.returned_orders, d.orders, 4) AS return_rate,
    d.support_contacts,
    d.nps_responses,
    ratio((d.promoters - d.detractors) * 100, d.nps_responses, 1) AS nps
  FROM per_day d LEFT JOIN signups s ON s.signup_date = d.event_date
) TO '${out}/daily_kpis.parquet' (FORMAT parquet, COMPRESSION ${codec});

-- revenue_by_channel: every channel on every day, zeros included.
COPY (
  WITH days AS (SELECT DISTINCT event_date FROM interactions),
  channels AS (SELECT unnest(${channels}) AS channel),
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
    LEFT JOIN sold s ON s.event_date = d.event_date AND s.channel = c.channel)
  SELECT *, ratio(revenue_usd, sum(revenue_usd) OVER (PARTITION BY event_date), 4) AS revenue_share
  FROM grid
) TO '${out}/revenue_by_channel.parquet' (FORMAT parquet, COMPRESSION ${codec});

-- Every customer signed up by the as-of date (or without a signup date), with their behaviour up
-- to it: last active date over all history, 30- and 90-day windows that include the as-of date.
CREATE OR REPLACE TEMP TABLE population AS
WITH p AS (
  SELECT as_of,
    -- Prior days silver has: from 90 days back (or the first date) to the day before the last 14.
    greatest(0, (as_of - 14) - greatest(as_of - 89, first_date) + 1) AS prior_days
  FROM params),
w AS (
  SELECT i.*, p.as_of - i.event_date AS days_ago
  FROM interactions i, p
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
  CAST(p.as_of - a.last_active_date AS INTEGER) AS days_since_last_active,
  CAST(coalesce(a.active_days_30d, 0) AS INTEGER) AS active_days_30d,
  CAST(coalesce(a.sessions_30d, 0) AS INTEGER) AS sessions_30d,
  coalesce(round(CAST(a.seconds_30d AS DOUBLE) / 60.0, 1), 0.0) AS minutes_30d,
  CAST(coalesce(a.channels_90d, 0) AS INTEGER) AS channels_90d,
  CAST(coalesce(a.email_engagements_30d, 0) AS INTEGER) AS email_engagements_30d,
  CAST(coalesce(a.events_last_14d, 0) AS INTEGER) AS events_last_14d,
  -- Per 14 days over the prior days silver has; unknown with under a week of them.
  CASE WHEN p.prior_days >= 7 AND a.events_90d > 0
    THEN round(CAST(a.events_prior * 14 AS DOUBLE) / p.prior_days, 2) END
    AS events_prior_14d_avg,
  CAST(coalesce(a.support_contacts_90d, 0) AS INTEGER) AS support_contacts_90d,
  ratio(a.nps_sum, a.nps_count, 2) AS avg_nps_90d,
  coalesce(ratio(a.returns_90d, a.orders_90d, 4), 0.0) AS return_rate_90d
FROM customers c
CROSS JOIN p
LEFT JOIN act a ON a.customer_id = c.customer_id
WHERE c.signup_date IS NULL OR c.signup_date <= p.as_of;

-- customer_engagement: six component scores in 0..1 and their weighted sum, 0..100.
CREATE OR REPLACE TEMP TABLE engagement AS
WITH scored AS (
  SELECT *,
    CASE WHEN days_since_last_active IS NOT NULL
      THEN round(greatest(0.0::DOUBLE, 1.0 - days_since_last_active / 90.0::DOUBLE), 4)
      ELSE 0.0 END AS recency_score,
    capped(active_days_30d, 15) AS frequency_score,
    capped(sessions_30d, 20) AS session_score,
    capped(minutes_30d, 300) AS time_score,
    capped(channels_90d, 6) AS breadth_score,
    capped(email_engagements_30d, 10) AS email_score
  FROM population),
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
CREATE OR REPLACE TEMP TABLE churn AS
WITH drivers AS (
  SELECT *,
    coalesce(capped(days_since_last_active, 30), 1.0) AS inactivity_risk,
    CASE WHEN events_prior_14d_avg > 0
      THEN round(greatest(0.0::DOUBLE, least(1.0::DOUBLE,
        (events_prior_14d_avg - events_last_14d) / events_prior_14d_avg)), 4)
      ELSE 0.0 END AS frequency_decline_risk,
    capped(support_contacts_90d, 5) AS support_risk,
    CASE WHEN avg_nps_90d IS NOT NULL
      THEN round(greatest(0.0::DOUBLE, least(1.0::DOUBLE, (7.0 - avg_nps_90d) / 7.0)), 4)
      ELSE 0.0 END AS nps_risk,
    round(return_rate_90d, 4) AS returns_risk
  FROM population),
weighted AS (
  SELECT *,
    -- Exact decimals (as the job): a sum such as 0.24995 rounds half up, not by double error.
    CAST(inactivity_risk AS DECIMAL(5,4)) * 0.35 AS c_inactivity,
    CAST(frequency_decline_risk AS DECIMAL(5,4)) * 0.25 AS c_decline,
    CAST(support_risk AS DECIMAL(5,4)) * 0.15 AS c_support,
    CAST(nps_risk AS DECIMAL(5,4)) * 0.15 AS c_nps,
    CAST(returns_risk AS DECIMAL(5,4)) * 0.10 AS c_returns
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
  list_transform(
    list_slice(
      list_reverse_sort(list_filter([
        {'contribution': round(c_inactivity, 4), 'name': 'inactivity'},
        {'contribution': round(c_decline, 4), 'name': 'declining_frequency'},
        {'contribution': round(c_support, 4), 'name': 'support_contacts'},
        {'contribution': round(c_nps, 4), 'name': 'low_nps'},
        {'contribution': round(c_returns, 4), 'name': 'returns'}],
        d -> d.contribution >= 0.05)),
      1, 3),
    d -> d.name) AS main_drivers
FROM scored;

COPY engagement TO '${out}/customer_engagement.parquet' (FORMAT parquet, COMPRESSION ${codec});

COPY churn TO '${out}/churn_risk.parquet' (FORMAT parquet, COMPRESSION ${codec});

-- segment_engagement: per value segment ('unknown' when silver has none).
COPY (
  SELECT coalesce(e.value_segment, 'unknown') AS value_segment,
    e.as_of_date,
    count(*) AS customers,
    round(avg(e.engagement_score), 1) AS avg_engagement_score,
    round(avg(CASE WHEN e.engagement_level = 'high' THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END), 4)
      AS high_engagement_share,
    round(avg(CASE WHEN e.engagement_level = 'low' THEN 1.0::DOUBLE ELSE 0.0::DOUBLE END), 4)
      AS low_engagement_share,
    round(avg(c.churn_risk_score), 4) AS avg_churn_risk
  FROM engagement e LEFT JOIN churn c ON c.customer_id = e.customer_id
  GROUP BY coalesce(e.value_segment, 'unknown'), e.as_of_date
) TO '${out}/segment_engagement.parquet' (FORMAT parquet, COMPRESSION ${codec});
