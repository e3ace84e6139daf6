package io.c360.gold;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.c360.common.audit.AuditLog;
import io.c360.common.cli.JobLauncher;
import io.c360.common.iceberg.IcebergTables;
import io.c360.common.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * gold-finalize end to end on the hand-built silver of {@link GoldFixture}: every metric against
 * answers worked out by hand, incremental recompute and the report. One session for the class; each
 * group of tests rebuilds the lakehouse it needs ({@link GoldFixture#reset}), so no test depends on
 * another having run before it.
 */
class GoldFinalizeTest extends SparkTestBase {
  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome gold(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new JobLauncher(
                GoldFinalizeMain.JOB,
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                Clock.systemUTC())
            .run(
                GoldFinalizeMain.newCommand(),
                all.toArray(String[]::new),
                GoldFinalizeMain::run,
                o -> spark);
    return new Outcome(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  private static Row kpis(String date) {
    return spark
        .sql("SELECT * FROM lakehouse.gold.daily_kpis WHERE event_date = DATE'" + date + "'")
        .first();
  }

  @Test
  void badArgumentsFailBeforeAnyWork() {
    GoldFixture.reset(spark);
    IcebergTables.ensure(spark, AuditLog.DEFINITION);
    long runs = spark.sql("SELECT count(*) FROM lakehouse.audit.job_runs").first().getLong(0);
    Outcome both = gold("--full-rebuild", "--dates", "2026-03-01");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--dates", "--full-rebuild");
    assertThat(gold("--dates", "2026-03-05..2026-03-01").exitCode()).isEqualTo(2);
    assertThat(spark.sql("SELECT count(*) FROM lakehouse.audit.job_runs").first().getLong(0))
        .as("usage errors happen before a session or any table is touched")
        .isEqualTo(runs);
  }

  /** The first run on the fixture's silver, with a report; its tests only read what it wrote. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class FirstRun {
    private Path reportFile;
    private Outcome run;

    @BeforeAll
    void firstRun() throws Exception {
      GoldFixture.reset(spark);
      reportFile = newFolder("report").resolve("gold.html");
      run = gold("--report", reportFile.toString());
    }

    @Test
    void firstRunComputesEveryMetricOfTheFixture() {
      assertThat(run.exitCode()).as(run.err()).isZero();

      Row day1 = kpis("2026-03-01");
      assertThat(day1.<Long>getAs("active_customers")).isEqualTo(2);
      assertThat(day1.<Long>getAs("new_customers")).isEqualTo(1);
      assertThat(day1.<Long>getAs("sessions")).isEqualTo(3);
      assertThat(day1.<Long>getAs("orders")).isEqualTo(2);
      assertThat(day1.<BigDecimal>getAs("revenue_usd")).isEqualByComparingTo("150.00");
      assertThat(day1.<BigDecimal>getAs("avg_order_value_usd")).isEqualByComparingTo("75.00");
      assertThat(day1.<Long>getAs("buyers")).isEqualTo(1);
      assertThat(day1.<Double>getAs("conversion_rate")).isEqualTo(0.5);
      assertThat(day1.<Long>getAs("returned_orders")).isEqualTo(1);
      assertThat(day1.<Double>getAs("return_rate")).isEqualTo(0.5);
      assertThat(day1.<Long>getAs("support_contacts")).isEqualTo(1);
      assertThat(day1.<Long>getAs("nps_responses")).isEqualTo(3);
      // One promoter (10), one detractor (3), one passive (8): (1 - 1) / 3.
      assertThat(day1.<Double>getAs("nps")).isEqualTo(0.0);

      Row day2 = kpis("2026-03-02");
      assertThat(day2.<Long>getAs("orders")).isEqualTo(1);
      assertThat(day2.<BigDecimal>getAs("revenue_usd")).isEqualByComparingTo("20.00");
      assertThat(day2.<Long>getAs("new_customers")).isZero();
      assertThat(day2.<Double>getAs("conversion_rate")).isEqualTo(1.0);
      assertThat(day2.isNullAt(day2.fieldIndex("nps"))).isTrue();

      List<Row> channels =
          spark
              .sql(
                  "SELECT channel, orders, revenue_usd, revenue_share FROM"
                      + " lakehouse.gold.revenue_by_channel WHERE event_date = DATE'2026-03-01'"
                      + " ORDER BY channel")
              .collectAsList();
      assertThat(channels).hasSize(6);
      assertThat(
              channels.stream().filter(r -> r.getString(0).equals("web")).findFirst().orElseThrow())
          .satisfies(
              web -> {
                assertThat(web.getLong(1)).isEqualTo(2);
                assertThat(web.getDecimal(2)).isEqualByComparingTo("150.00");
                assertThat(web.getDouble(3)).isEqualTo(1.0);
              });
      assertThat(
              channels.stream()
                  .filter(r -> r.getString(0).equals("mobile_app"))
                  .findFirst()
                  .orElseThrow()
                  .getLong(1))
          .as("a cancelled purchase is not an order")
          .isZero();
      assertThat(run.out()).contains("\"dates\":[\"2026-03-01\",\"2026-03-02\"]");
    }

    @Test
    void engagementAndChurnRiskFollowTheirFormulas() {
      Row c1 =
          spark
              .sql("SELECT * FROM lakehouse.gold.customer_engagement WHERE customer_id = 1")
              .first();
      assertThat(c1.<java.sql.Date>getAs("as_of_date").toString()).isEqualTo("2026-03-02");
      assertThat(c1.<Integer>getAs("days_since_last_active")).isEqualTo(1);
      assertThat(c1.<Integer>getAs("active_days_30d")).isEqualTo(1);
      assertThat(c1.<Integer>getAs("sessions_30d")).isEqualTo(2);
      assertThat(c1.<Double>getAs("minutes_30d")).isEqualTo(14.0); // 840 s
      assertThat(c1.<Integer>getAs("channels_90d")).isEqualTo(2);
      double expected =
          25 * (1 - 1 / 90.0)
              + 25 * (1 / 15.0)
              + 15 * (2 / 20.0)
              + 15 * (14 / 300.0)
              + 10 * (2 / 6.0);
      assertThat(c1.<Double>getAs("engagement_score")).isCloseTo(expected, within(0.06));
      assertThat(c1.<String>getAs("engagement_level")).isEqualTo("medium");

      Row r1 = spark.sql("SELECT * FROM lakehouse.gold.churn_risk WHERE customer_id = 1").first();
      // inactivity 1/30, support 1/5, NPS (7 - 6.5)/7, returns 1/2: 0.35, 0.15, 0.15, 0.10 weights;
      // no frequency decline: two days of history are not enough to compare.
      double score = 0.35 / 30 + 0.15 * 0.2 + 0.15 * (0.5 / 7) + 0.10 * 0.5;
      assertThat(r1.isNullAt(r1.fieldIndex("events_prior_14d_avg"))).isTrue();
      assertThat(r1.<Double>getAs("churn_risk_score")).isCloseTo(score, within(0.0002));
      assertThat(r1.<String>getAs("risk_band")).isEqualTo("low");
      assertThat(r1.getList(r1.fieldIndex("main_drivers"))).containsExactly("returns");

      Row r4 = spark.sql("SELECT * FROM lakehouse.gold.churn_risk WHERE customer_id = 4").first();
      assertThat(r4.isNullAt(r4.fieldIndex("days_since_last_active"))).isTrue();
      assertThat(r4.<Double>getAs("inactivity_risk")).isEqualTo(1.0);
      assertThat(r4.<Double>getAs("churn_risk_score")).isEqualTo(0.35);
      assertThat(r4.<String>getAs("risk_band")).isEqualTo("medium");
      assertThat(r4.getList(r4.fieldIndex("main_drivers"))).containsExactly("inactivity");

      assertThat(spark.sql("SELECT count(*) FROM lakehouse.gold.churn_risk").first().getLong(0))
          .as("every customer signed up by the as-of date")
          .isEqualTo(4);
      Row champions =
          spark
              .sql(
                  "SELECT * FROM lakehouse.gold.segment_engagement WHERE value_segment = 'champions'")
              .first();
      assertThat(champions.<Long>getAs("customers")).isEqualTo(1);
      assertThat(champions.<Double>getAs("avg_churn_risk"))
          .isCloseTo(r1.<Double>getAs("churn_risk_score"), within(0.0001));
    }

    @Test
    void tablesAndColumnsCarryComments() {
      List<Row> columns = spark.sql("DESCRIBE TABLE lakehouse.gold.daily_kpis").collectAsList();
      Row nps =
          columns.stream().filter(r -> r.getString(0).equals("nps")).findFirst().orElseThrow();
      assertThat(nps.getString(2)).contains("Net Promoter Score");
      String comment =
          spark.sql("DESCRIBE TABLE EXTENDED lakehouse.gold.churn_risk").collectAsList().stream()
              .filter(r -> r.getString(0).equals("Comment"))
              .findFirst()
              .orElseThrow()
              .getString(1);
      assertThat(comment).contains("churn-risk");
    }

    @Test
    void reportIsSelfContainedHtmlWithCharts() throws Exception {
      String html = Files.readString(reportFile);
      assertThat(html)
          .startsWith("<!DOCTYPE html>")
          .contains("<svg", "Revenue per day", "2026-03-01");
      assertThat(html)
          .as("nothing fetched from the network")
          .doesNotContain("<script", "src=", "href=", "@import", "url(");
    }

    @Test
    void reconciliationCatchesATamperedInput() {
      var silver =
          io.c360.gold.validate.GoldReconciliation.silverTotals(
              spark.table("lakehouse.silver.interactions"));
      var tampered =
          io.c360.gold.validate.GoldReconciliation.goldTotals(
              spark.sql(
                  "SELECT event_date, orders, CASE WHEN event_date = DATE'2026-03-01'"
                      + " THEN revenue_usd + 0.01 ELSE revenue_usd END AS revenue_usd"
                      + " FROM lakehouse.gold.daily_kpis"));
      var honest =
          io.c360.gold.validate.GoldReconciliation.goldTotals(
              spark.table("lakehouse.gold.daily_kpis"));
      assertThat(
              io.c360.gold.validate.GoldReconciliation.check(
                  silver, java.util.Map.of("daily_kpis", honest)))
          .isEmpty();
      assertThat(
              io.c360.gold.validate.GoldReconciliation.check(
                  silver, java.util.Map.of("daily_kpis", tampered)))
          .containsExactly(
              "2026-03-01: daily_kpis has 2 orders, 150.01 USD, silver has 2 orders, 150.00 USD");
    }
  }

  /** Later runs: each test starts from the fixture's silver and one committed gold run. */
  @Nested
  class LaterRuns {
    @BeforeEach
    void firstRun() {
      GoldFixture.reset(spark);
      Outcome first = gold();
      assertThat(first.exitCode()).as(first.err()).isZero();
    }

    @Test
    void aSecondRunWithoutSilverChangesRecomputesNothing() {
      List<Row> before =
          spark.sql("SELECT * FROM lakehouse.gold.daily_kpis ORDER BY event_date").collectAsList();
      Outcome run = gold();
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("\"dates\":[]");
      assertThat(
              spark
                  .sql("SELECT * FROM lakehouse.gold.daily_kpis ORDER BY event_date")
                  .collectAsList())
          .isEqualTo(before);
    }

    @Test
    void aChangedSilverDateIsTheOnlyOneRecomputed() {
      String firstRun = kpis("2026-03-01").<String>getAs("gold_run_id");
      long snapshotBefore = latestSnapshot("lakehouse.gold.daily_kpis");
      GoldFixture.insert(
          spark, "DATE'2026-03-02', 4, 41, 'purchase', 'social', 'completed', false, 5.50, 9, 10");

      Outcome run = gold();
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("\"dates\":[\"2026-03-02\"]");
      Row day2 = kpis("2026-03-02");
      assertThat(day2.<Long>getAs("orders")).isEqualTo(2);
      assertThat(day2.<BigDecimal>getAs("revenue_usd")).isEqualByComparingTo("25.50");
      assertThat(kpis("2026-03-01").<String>getAs("gold_run_id"))
          .as("the unchanged date keeps the row of the first run")
          .isEqualTo(firstRun);
      Row commit =
          spark
              .sql(
                  "SELECT summary['changed-partition-count'], summary['deleted-data-files']"
                      + " FROM lakehouse.gold.daily_kpis.snapshots WHERE parent_id = "
                      + snapshotBefore)
              .first();
      assertThat(commit.getString(0)).as("partitions the commit touched").isEqualTo("1");
      assertThat(commit.getString(1)).isEqualTo("1");
    }

    @Test
    void aDailyTableOfAnotherShapeNeedsAFullRebuild() {
      spark.sql("ALTER TABLE lakehouse.gold.daily_kpis ADD COLUMN legacy_metric DOUBLE");
      Outcome incremental = gold();
      assertThat(incremental.exitCode()).isEqualTo(2);
      assertThat(incremental.err()).contains("lakehouse.gold.daily_kpis", "--full-rebuild");

      Outcome rebuild = gold("--full-rebuild");
      assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
      assertThat(spark.table("lakehouse.gold.daily_kpis").columns())
          .doesNotContain("legacy_metric");
      assertThat(kpis("2026-03-01").<BigDecimal>getAs("revenue_usd"))
          .isEqualByComparingTo("150.00");
    }
  }

  private static long latestSnapshot(String table) {
    return spark
        .sql("SELECT snapshot_id FROM " + table + ".snapshots ORDER BY committed_at DESC LIMIT 1")
        .first()
        .getLong(0);
  }
}
