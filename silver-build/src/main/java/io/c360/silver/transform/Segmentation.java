package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * RFM scores (1 to 5 each) and a value segment. Fixed, documented thresholds rather than quantiles
 * of the day's population, so a customer's score means the same thing in every run and on every
 * scale (docs/SILVER.md).
 */
public final class Segmentation {
  public static final String CHAMPIONS = "champions";
  public static final String LOYAL = "loyal";
  public static final String NEW_CUSTOMER = "new";
  public static final String POTENTIAL = "potential";
  public static final String AT_RISK = "at_risk";
  public static final String HIBERNATING = "hibernating";
  public static final String PROSPECT = "prospect";

  /** Days since signup under which a customer counts as new. */
  public static final int NEW_CUSTOMER_DAYS = 30;

  private Segmentation() {}

  /** Adds the three scores, {@code rfm_score} ("R-F-M" digits) and {@code value_segment}. */
  public static Dataset<Row> withRfm(Dataset<Row> customers) {
    Column recency = col(RECENCY_DAYS);
    Column r =
        when(recency.isNull(), 1)
            .when(recency.leq(7), 5)
            .when(recency.leq(14), 4)
            .when(recency.leq(30), 3)
            .when(recency.leq(60), 2)
            .otherwise(1);
    Column orders = col(ORDERS_90D);
    Column f =
        when(orders.geq(8), 5)
            .when(orders.geq(4), 4)
            .when(orders.geq(2), 3)
            .when(orders.geq(1), 2)
            .otherwise(1);
    Column monetary = col(MONETARY_90D_USD);
    Column m =
        when(monetary.geq(1000), 5)
            .when(monetary.geq(400), 4)
            .when(monetary.geq(150), 3)
            .when(monetary.gt(0), 2)
            .otherwise(1);
    Dataset<Row> scored =
        customers
            .withColumn(RFM_RECENCY, r)
            .withColumn(RFM_FREQUENCY, f)
            .withColumn(RFM_MONETARY, m)
            .withColumn(
                RFM_SCORE,
                concat(
                    col(RFM_RECENCY).cast("string"),
                    col(RFM_FREQUENCY).cast("string"),
                    col(RFM_MONETARY).cast("string")));
    Column tenure = datediff(col(FEATURES_AS_OF), col(SIGNUP_DATE));
    Column segment =
        when(col(ORDERS_90D).equalTo(0).and(tenure.lt(NEW_CUSTOMER_DAYS)), NEW_CUSTOMER)
            .when(col(ORDERS_90D).equalTo(0), PROSPECT)
            .when(
                col(RFM_RECENCY)
                    .geq(4)
                    .and(col(RFM_FREQUENCY).geq(4))
                    .and(col(RFM_MONETARY).geq(4)),
                CHAMPIONS)
            .when(col(RFM_RECENCY).leq(2).and(col(RFM_FREQUENCY).geq(3)), AT_RISK)
            .when(col(RFM_RECENCY).leq(2), HIBERNATING)
            .when(col(RFM_FREQUENCY).geq(4), LOYAL)
            .when(tenure.lt(NEW_CUSTOMER_DAYS), NEW_CUSTOMER)
            .otherwise(POTENTIAL);
    return scored.withColumn(VALUE_SEGMENT, segment);
  }
}
