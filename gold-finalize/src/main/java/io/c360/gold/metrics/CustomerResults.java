package io.c360.gold.metrics;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The per-customer tables of one run, as of one date, over all of silver up to it. The population
 * and the two per-customer tables are persisted: each feeds a commit and the next table.
 *
 * @param population every customer signed up by the as-of date, with their activity
 * @param engagement the rows of gold.customer_engagement
 * @param churn the rows of gold.churn_risk
 * @param segments the rows of gold.segment_engagement
 */
public record CustomerResults(
    Dataset<Row> population, Dataset<Row> engagement, Dataset<Row> churn, Dataset<Row> segments) {
  public CustomerResults {
    requireNonNull(population, "population is null");
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
    Dataset<Row> population =
        CustomerMetrics.population(
                customers, CustomerMetrics.activity(interactions, asOf, firstDate), asOf)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> engagement =
        CustomerMetrics.engagement(population).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> churn =
        CustomerMetrics.churnRisk(population).persist(StorageLevel.MEMORY_AND_DISK());
    return new CustomerResults(
        population, engagement, churn, CustomerMetrics.segments(engagement, churn));
  }

  public void unpersist() {
    population.unpersist();
    engagement.unpersist();
    churn.unpersist();
  }
}
