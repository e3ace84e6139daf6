package io.c360.common.metrics;

import static io.c360.common.naming.BronzeColumns.EVENT_TYPE;
import static io.c360.common.naming.BronzeColumns.IS_RETURNED;
import static io.c360.common.naming.BronzeColumns.ORDER_STATUS;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.c360.common.naming.Vocabulary;
import org.apache.spark.sql.Column;

/**
 * What counts as an order, in one place: silver's customer features and gold's KPIs and its
 * reconciliation gate must agree on it (docs/SILVER.md, docs/GOLD.md).
 */
public final class Orders {
  private Orders() {}

  /** A purchase that was not cancelled: returned orders still count as orders. */
  public static Column isOrder() {
    return col(EVENT_TYPE)
        .equalTo(lit(Vocabulary.PURCHASE))
        .and(not(col(ORDER_STATUS).eqNullSafe(lit(Vocabulary.ORDER_CANCELLED))));
  }

  /** An order that was later returned. */
  public static Column isReturnedOrder() {
    return isOrder().and(coalesce(col(IS_RETURNED), lit(false)));
  }
}
