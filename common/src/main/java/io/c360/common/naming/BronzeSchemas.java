package io.c360.common.naming;

import static io.c360.common.naming.BronzeColumns.*;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the bronze Parquet files, in file column order. Readers use these explicitly (no
 * inference); the partition column {@link BronzeColumns#EVENT_DATE} is added by {@link
 * #withEventDate(StructType)}.
 */
public final class BronzeSchemas {
  /** Money in the currency of the row: up to 10^10 with cents, stored as INT64 in Parquet. */
  public static final DataType MONEY = DataTypes.createDecimalType(12, 2);

  public static final DataType PRICE = DataTypes.createDecimalType(10, 2);

  /** A fraction between 0 and 1 with two decimals (0.15 is 15 % off). */
  public static final DataType RATE = DataTypes.createDecimalType(3, 2);

  public static final StructType CUSTOMERS =
      new StructType(
          new StructField[] {
            field(CUSTOMER_ID, DataTypes.LongType),
            field(FIRST_NAME, DataTypes.StringType),
            field(LAST_NAME, DataTypes.StringType),
            field(EMAIL, DataTypes.StringType),
            field(PHONE, DataTypes.StringType),
            field(BIRTH_DATE, DataTypes.DateType),
            field(GENDER, DataTypes.StringType),
            field(STREET_ADDRESS, DataTypes.StringType),
            field(CITY, DataTypes.StringType),
            field(STATE, DataTypes.StringType),
            field(ZIP_CODE, DataTypes.StringType),
            field(COUNTRY, DataTypes.StringType),
            field(SIGNUP_DATE, DataTypes.DateType),
            field(SIGNUP_CHANNEL, DataTypes.StringType),
            field(LOYALTY_TIER, DataTypes.StringType),
            field(LOYALTY_POINTS, DataTypes.IntegerType),
            field(PREFERRED_CHANNEL, DataTypes.StringType),
            field(MARKETING_CONSENT, DataTypes.BooleanType),
            field(UPDATED_AT, DataTypes.TimestampType),
          });

  public static final StructType INTERACTIONS =
      new StructType(
          new StructField[] {
            field(INTERACTION_ID, DataTypes.LongType),
            field(CUSTOMER_ID, DataTypes.LongType),
            field(EVENT_TS, DataTypes.TimestampType),
            field(INGESTED_AT, DataTypes.TimestampType),
            field(CHANNEL, DataTypes.StringType),
            field(EVENT_TYPE, DataTypes.StringType),
            field(SESSION_ID, DataTypes.LongType),
            field(SESSION_DURATION_SEC, DataTypes.IntegerType),
            field(PAGE_VIEWS, DataTypes.IntegerType),
            field(DEVICE_TYPE, DataTypes.StringType),
            field(OS, DataTypes.StringType),
            field(BROWSER, DataTypes.StringType),
            field(CAMPAIGN_ID, DataTypes.StringType),
            field(UTM_SOURCE, DataTypes.StringType),
            field(STORE_ID, DataTypes.StringType),
            field(PRODUCT_ID, DataTypes.StringType),
            field(PRODUCT_NAME, DataTypes.StringType),
            field(PRODUCT_CATEGORY, DataTypes.StringType),
            field(QUANTITY, DataTypes.IntegerType),
            field(UNIT_PRICE, PRICE),
            field(DISCOUNT_RATE, RATE),
            field(REVENUE, MONEY),
            field(CURRENCY, DataTypes.StringType),
            field(PAYMENT_METHOD, DataTypes.StringType),
            field(ORDER_ID, DataTypes.LongType),
            field(ORDER_STATUS, DataTypes.StringType),
            field(IS_RETURNED, DataTypes.BooleanType),
            field(RETURNED_AT, DataTypes.TimestampType),
            field(SUPPORT_TICKET_ID, DataTypes.LongType),
            field(SATISFACTION_SCORE, DataTypes.IntegerType),
            field(NPS_SCORE, DataTypes.IntegerType),
          });

  private BronzeSchemas() {}

  /** The schema as read back from the partitioned folder: file columns plus the partition. */
  public static StructType withEventDate(StructType fileSchema) {
    return fileSchema.add(EVENT_DATE, DataTypes.DateType, false);
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
