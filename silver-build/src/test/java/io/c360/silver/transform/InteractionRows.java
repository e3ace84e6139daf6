package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.silver.testing.Frames.*;

import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Hand-built bronze interactions shared by the interaction transform tests. */
final class InteractionRows {
  /** A clean purchase: 3 x 19.99 at 10 % off is 53.973, so revenue 53.97. */
  static final Map<String, Object> PURCHASE =
      values(
          INTERACTION_ID,
          1L,
          CUSTOMER_ID,
          10L,
          EVENT_TS,
          ts("2026-03-02T10:15:00Z"),
          INGESTED_AT,
          ts("2026-03-02T10:20:00Z"),
          CHANNEL,
          "web",
          EVENT_TYPE,
          "purchase",
          SESSION_ID,
          100L,
          SESSION_DURATION_SEC,
          300,
          QUANTITY,
          3,
          UNIT_PRICE,
          dec("19.99"),
          DISCOUNT_RATE,
          dec("0.10"),
          REVENUE,
          dec("53.97"),
          CURRENCY,
          "USD",
          ORDER_STATUS,
          "completed",
          IS_RETURNED,
          false,
          EVENT_DATE,
          date("2026-03-02"));

  static final StructType KNOWN_SCHEMA = new StructType().add(CUSTOMER_ID, DataTypes.LongType);

  private InteractionRows() {}
}
