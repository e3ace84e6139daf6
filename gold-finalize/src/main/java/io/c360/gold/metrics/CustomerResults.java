package io.c360.gold.metrics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The per-customer tables of one run, as of one date, over all of silver up to it. One dataset is
 * persisted: every customer with the engagement and churn-risk columns both ({@link
 * CustomerMetrics#scored}); the three tables are projections or a roll-up of it.
 *
 * @param scored every customer signed up by the as-of date, with every customer table's column
 * @param engagement the rows of gold.customer_engagement
 * @param churn the rows of gold.churn_risk
 * @param segments the rows of gold.segment_engagement
 */
public record CustomerResults(
    Dataset<Row> scored, Dataset<Row> engagement, Dataset<Row> churn, Dataset<Row> segments) {
  public CustomerResults {
    requireNonNull(scored, "scored is null");
    requireNonNull(engagement, "engagement is null");
    requireNonNull(churn, "churn is null");
    requireNonNull(segments, "segments is null");
  }

  /**
   * @param customers silver.customers
   * @param interactions silver.interactions
   * @param asOf the date the tables are computed for
   * @param firstDate the first date silver has
   */
  public static CustomerResults compute(
      Dataset<Row> customers, Dataset<Row> interactions, LocalDate asOf, LocalDate firstDate) {
    Dataset<Row> scored =
        CustomerMetrics.scored(
                CustomerMetrics.population(
                    customers, CustomerMetrics.activity(interactions, asOf, firstDate), asOf))
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new CustomerResults(
        scored,
        CustomerMetrics.engagementColumns(scored),
        CustomerMetrics.churnColumns(scored),
        CustomerMetrics.segments(scored));
  }

  public void unpersist() {
    scored.unpersist();
  }
}
