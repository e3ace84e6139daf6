package io.c360.gold.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CustomerMetricsTest extends SparkTestBase {
  private static final LocalDate AS_OF = LocalDate.parse("2026-03-31");

  /** The columns gold reads, as (date, customer, session, type, channel, status, ...). */
  static Dataset<Row> interactions(String... rows) {
    return spark.sql(
        "SELECT * FROM VALUES "
            + String.join(", ", rows)
            + " AS t(event_date, customer_id, session_id, event_type, channel, order_status,"
            + " is_returned, revenue_usd, nps_score, session_duration_sec)");
  }

  static String row(String date, long customer, String session, String type, String channel) {
    return String.format(
        java.util.Locale.ROOT,
        "(DATE'%s', %dL, CAST(%s AS BIGINT), '%s', '%s', CAST(NULL AS STRING),"
            + " CAST(NULL AS BOOLEAN), CAST(NULL AS DECIMAL(14,2)), CAST(NULL AS INT), 60)",
        date,
        customer,
        session,
        type,
        channel);
  }

  private static Map<Long, Row> activity(Dataset<Row> rows) {
    return CustomerMetrics.activity(rows, AS_OF, LocalDate.parse("2025-01-01"))
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.<Long>getAs("customer_id"), r -> r));
  }

  @Test
  void priorWindowIsTheHistoryBeforeTheRecentTwoWeeks() {
    // 90-day window: 2026-01-01..2026-03-31; recent: 03-18..03-31; prior: 01-01..03-17.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2025-01-01"))).isEqualTo(76);
    // History from 03-01: prior 03-01..03-17.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2026-03-01"))).isEqualTo(17);
    // History inside the recent window: no prior days.
    assertThat(CustomerMetrics.priorDays(AS_OF, LocalDate.parse("2026-03-20"))).isZero();
  }

  @Test
  void distinctDaysSessionsAndChannelsCountEachOnceAtTheWindowEdges() {
    Map<Long, Row> byCustomer =
        activity(
            interactions(
                // Session 7 spans midnight: one session, two active days.
                row("2026-03-30", 1, "7", "page_view", "web"),
                row("2026-03-31", 1, "7", "page_view", "web"),
                row("2026-03-31", 1, "7", "purchase", "web"),
                // 29 days before the as-of date: inside the 30 days; 30 days before: outside.
                row("2026-03-02", 1, "8", "page_view", "mobile_app"),
                row("2026-03-01", 1, "9", "page_view", "social"),
                // No session: no session counted, the day and the channel are.
                row("2026-03-15", 1, "NULL", "email_open", "email"),
                // 90 days before: outside every window, but the channel of day 89 counts.
                row("2026-01-01", 1, "NULL", "support_contact", "call_center"),
                row("2025-12-31", 1, "NULL", "support_contact", "store"),
                // After the as-of date: not seen at all.
                row("2026-04-01", 1, "10", "page_view", "store"),
                // Another customer with the same session id: counted for each customer.
                row("2026-03-31", 2, "7", "page_view", "web")));
    Row one = byCustomer.get(1L);
    assertThat(one.<Date>getAs("last_active_date")).isEqualTo(Date.valueOf(AS_OF));
    assertThat(one.<Integer>getAs("active_days_30d")).isEqualTo(4); // 03-30, 03-31, 03-02, 03-15
    assertThat(one.<Integer>getAs("sessions_30d")).isEqualTo(2); // 7 and 8
    assertThat(one.<Integer>getAs("channels_90d")).isEqualTo(5); // not store
    assertThat(one.<Integer>getAs("email_engagements_30d")).isEqualTo(1);
    assertThat(one.<Integer>getAs("support_contacts_90d")).isEqualTo(1);
    assertThat(one.<Integer>getAs("events_last_14d")).isEqualTo(3); // 03-30 and 03-31
    // 5 minutes: the five rows of the last 30 days at 60 seconds each.
    assertThat(one.<Double>getAs("minutes_30d")).isEqualTo(5.0);
    Row two = byCustomer.get(2L);
    assertThat(two.<Integer>getAs("sessions_30d")).isEqualTo(1);
    assertThat(two.<Integer>getAs("channels_90d")).isEqualTo(1);
  }

  @Test
  void aCustomerActiveOnlyBeforeTheWindowKeepsTheLastDateAndHasNoPriorRate() {
    Row old = activity(interactions(row("2025-06-01", 5, "3", "page_view", "web"))).get(5L);
    assertThat(old.<Date>getAs("last_active_date")).isEqualTo(Date.valueOf("2025-06-01"));
    assertThat(old.<Integer>getAs("active_days_30d")).isZero();
    assertThat(old.<Integer>getAs("sessions_30d")).isZero();
    assertThat(old.<Integer>getAs("channels_90d")).isZero();
    assertThat(old.isNullAt(old.fieldIndex("events_prior_14d_avg"))).isTrue();
    assertThat(old.isNullAt(old.fieldIndex("avg_nps_90d"))).isTrue();
    // Active in the window but not in the last 14 days: a prior rate of 14 / 76 per 14 days.
    Row prior = activity(interactions(row("2026-02-01", 6, "3", "page_view", "web"))).get(6L);
    assertThat(prior.<Double>getAs("events_prior_14d_avg")).isEqualTo(0.18);
  }

  @Test
  void dailySessionsArePairsOfCustomerAndSessionPerDay() {
    List<Row> days =
        DailyMetrics.dailyKpis(
                interactions(
                    row("2026-03-30", 1, "7", "page_view", "web"),
                    row("2026-03-31", 1, "7", "page_view", "web"),
                    row("2026-03-31", 1, "7", "page_view", "web"),
                    row("2026-03-31", 2, "7", "page_view", "web"),
                    row("2026-03-31", 2, "NULL", "email_open", "email")),
                spark.sql("SELECT 1L AS customer_id, DATE'2026-03-31' AS signup_date"))
            .orderBy("event_date")
            .collectAsList();
    assertThat(days).hasSize(2);
    assertThat(days.get(0).<Long>getAs("sessions")).isEqualTo(1);
    assertThat(days.get(1).<Long>getAs("sessions")).isEqualTo(2);
    assertThat(days.get(1).<Long>getAs("active_customers")).isEqualTo(2);
    assertThat(days.get(1).<Long>getAs("new_customers")).isEqualTo(1);
  }

  /** One population row with the activity columns the scores read. */
  private static Row scored(String activity) {
    return CustomerMetrics.scored(
            spark.sql(
                "SELECT 1L AS customer_id, 'gold' AS value_segment, "
                    + activity
                    + " FROM VALUES (1) AS t(one)"))
        .first();
  }

  @Test
  void aChurnScoreOfExactlyHalfAPointPastTheDecimalsRoundsUpIntoTheNextBand() {
    // 0.35 x 0.2 + 0.25 x 0.6198 + 0.10 x 0.25 = 0.24995 exactly: 0.2499 and 'low' in doubles
    // (a customer at 20 M interactions), 0.25 and 'medium' half up.
    Row row =
        scored(
            "6 AS days_since_last_active, 2 AS events_last_14d, 5.26D AS events_prior_14d_avg,"
                + " 0 AS support_contacts_90d, CAST(NULL AS DOUBLE) AS avg_nps_90d,"
                + " 0.25D AS return_rate_90d, 0 AS active_days_30d, 0 AS sessions_30d,"
                + " 0.0D AS minutes_30d, 0 AS channels_90d, 0 AS email_engagements_30d");
    assertThat(row.<Double>getAs("inactivity_risk")).isEqualTo(0.2);
    assertThat(row.<Double>getAs("frequency_decline_risk")).isEqualTo(0.6198);
    assertThat(row.<Double>getAs("returns_risk")).isEqualTo(0.25);
    assertThat(row.<Double>getAs("churn_risk_score")).isEqualTo(0.25);
    assertThat(row.<String>getAs("risk_band")).isEqualTo("medium");
    // Contributions 0.1550 (0.15495 half up) and 0.07; returns' 0.025 is under 0.05.
    assertThat(row.getList(row.fieldIndex("main_drivers")))
        .containsExactly("declining_frequency", "inactivity");
  }

  @Test
  void anEngagementScoreOfExactlyHalfAPointPastTheDecimalRoundsUpIntoTheNextLevel() {
    // 25 x 1 + 25 x 0.0667 + 15 x 0.2 + 15 x 0.8633 + 10 x 0.8333 + 10 x 0.9 = 59.95 exactly:
    // 59.9 and 'medium' in doubles, 60.0 and 'high' half up.
    Row row =
        scored(
            "0 AS days_since_last_active, 1 AS active_days_30d, 4 AS sessions_30d,"
                + " 259.0D AS minutes_30d, 5 AS channels_90d, 9 AS email_engagements_30d,"
                + " 0 AS events_last_14d, CAST(NULL AS DOUBLE) AS events_prior_14d_avg,"
                + " 0 AS support_contacts_90d, CAST(NULL AS DOUBLE) AS avg_nps_90d,"
                + " 0.0D AS return_rate_90d");
    assertThat(row.<Double>getAs("time_score")).isEqualTo(0.8633);
    assertThat(row.<Double>getAs("engagement_score")).isEqualTo(60.0);
    assertThat(row.<String>getAs("engagement_level")).isEqualTo("high");
  }
}
