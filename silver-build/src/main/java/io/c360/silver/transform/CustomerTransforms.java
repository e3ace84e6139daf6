package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Vocabulary;
import io.c360.silver.standardize.Countries;
import io.c360.silver.standardize.Emails;
import io.c360.silver.standardize.Names;
import io.c360.silver.standardize.Phones;
import io.c360.silver.standardize.PostalCodes;
import io.c360.silver.standardize.Subdivisions;
import io.c360.silver.validate.Domains;
import io.c360.silver.validate.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Standardizes and validates bronze customer profiles. Pure: frames in, frames out.
 *
 * <p>{@link #withStandardization} keeps every bronze column as it arrived under a {@code raw_}
 * prefix (the quarantine stores the row as received) and writes the standard values in the bronze
 * names; {@link #withRuleIds} adds the ids of the rules a row breaks; {@link #latestVersions} keeps
 * the newest accepted profile per customer.
 */
public final class CustomerTransforms {
  public static final String RAW_PREFIX = "raw_";

  /** Columns of the standardized profile, in silver order (features are appended later). */
  public static final List<String> PROFILE_COLUMNS =
      List.of(
          CUSTOMER_ID,
          FIRST_NAME,
          LAST_NAME,
          EMAIL,
          PHONE,
          BIRTH_DATE,
          GENDER,
          STREET_ADDRESS,
          CITY,
          STATE,
          ZIP_CODE,
          COUNTRY,
          SIGNUP_DATE,
          SIGNUP_CHANNEL,
          LOYALTY_TIER,
          LOYALTY_POINTS,
          PREFERRED_CHANNEL,
          MARKETING_CONSENT,
          UPDATED_AT,
          SilverColumns.PROFILE_DATE);

  /** Repair flags, counted for the run summary and the manifest reconciliation. */
  public static final String REPAIRED_STATE = "repaired_state";

  public static final String REPAIRED_COUNTRY = "repaired_country";
  public static final String REPAIRED_TEXT = "repaired_text";

  private static final String STATE_VALID = "state_valid";

  private static final UserDefinedFunction EMAIL_UDF =
      udf((UDF1<String, String>) Emails::standardize, DataTypes.StringType);
  private static final UserDefinedFunction NAME_UDF =
      udf((UDF1<String, String>) Names::standardize, DataTypes.StringType);
  private static final UserDefinedFunction COUNTRY_UDF =
      udf((UDF1<String, String>) Countries::toIso2, DataTypes.StringType);
  private static final UserDefinedFunction PHONE_UDF =
      udf((UDF2<String, String, String>) Phones::toE164, DataTypes.StringType);
  private static final UserDefinedFunction STATE_CODE_UDF =
      udf(
          (UDF2<String, String, String>)
              (country, raw) -> Subdivisions.standardize(country, raw).code(),
          DataTypes.StringType);
  private static final UserDefinedFunction STATE_VALID_UDF =
      udf(
          (UDF2<String, String, Boolean>)
              (country, raw) -> Subdivisions.standardize(country, raw).valid(),
          DataTypes.BooleanType);
  private static final UserDefinedFunction ZIP_UDF =
      udf((UDF3<String, String, String, String>) PostalCodes::standardize, DataTypes.StringType);

  /** Oldest plausible age at signup, in months (120 years). */
  private static final int MAX_AGE_MONTHS = 120 * 12;

  private CustomerTransforms() {}

  /**
   * Renames the bronze columns to {@code raw_*} and adds their standard forms under the bronze
   * names, plus {@code profile_date} (the bronze partition) and the repair flags.
   */
  public static Dataset<Row> withStandardization(Dataset<Row> bronze) {
    Dataset<Row> raw = bronze;
    for (String column : bronze.columns()) {
      raw = raw.withColumnRenamed(column, RAW_PREFIX + column);
    }
    Column country = COUNTRY_UDF.apply(raw(COUNTRY));
    Dataset<Row> staged =
        raw.withColumn(COUNTRY, country)
            .withColumn(STATE, STATE_CODE_UDF.apply(col(COUNTRY), raw(STATE)))
            .withColumn(STATE_VALID, STATE_VALID_UDF.apply(col(COUNTRY), raw(STATE)));
    return staged
        .withColumn(CUSTOMER_ID, raw(CUSTOMER_ID))
        .withColumn(FIRST_NAME, NAME_UDF.apply(raw(FIRST_NAME)))
        .withColumn(LAST_NAME, NAME_UDF.apply(raw(LAST_NAME)))
        .withColumn(EMAIL, EMAIL_UDF.apply(raw(EMAIL)))
        .withColumn(PHONE, PHONE_UDF.apply(raw(PHONE), col(COUNTRY)))
        .withColumn(BIRTH_DATE, raw(BIRTH_DATE))
        .withColumn(GENDER, Columns.cleanLower(raw(GENDER)))
        .withColumn(STREET_ADDRESS, Columns.cleanText(raw(STREET_ADDRESS)))
        .withColumn(CITY, Columns.cleanText(raw(CITY)))
        .withColumn(ZIP_CODE, ZIP_UDF.apply(col(COUNTRY), col(STATE), raw(ZIP_CODE)))
        .withColumn(SIGNUP_DATE, raw(SIGNUP_DATE))
        .withColumn(SIGNUP_CHANNEL, Columns.cleanLower(raw(SIGNUP_CHANNEL)))
        .withColumn(LOYALTY_TIER, Columns.cleanLower(raw(LOYALTY_TIER)))
        .withColumn(LOYALTY_POINTS, raw(LOYALTY_POINTS))
        .withColumn(PREFERRED_CHANNEL, Columns.cleanLower(raw(PREFERRED_CHANNEL)))
        .withColumn(MARKETING_CONSENT, raw(MARKETING_CONSENT))
        .withColumn(UPDATED_AT, raw(UPDATED_AT))
        .withColumn(SilverColumns.PROFILE_DATE, raw(EVENT_DATE))
        .withColumn(
            REPAIRED_STATE, raw(STATE).isNotNull().and(not(raw(STATE).eqNullSafe(col(STATE)))))
        .withColumn(
            REPAIRED_COUNTRY,
            col(COUNTRY).isNotNull().and(not(raw(COUNTRY).eqNullSafe(col(COUNTRY)))))
        .withColumn(REPAIRED_TEXT, changed(FIRST_NAME).or(changed(LAST_NAME)).or(changed(EMAIL)));
  }

  /** Adds {@code rule_ids}: the ids of every customer rule the standardized row breaks. */
  public static Dataset<Row> withRuleIds(Dataset<Row> standardized) {
    List<Column> checks = new ArrayList<>();
    checks.add(flag(Rule.CUSTOMER_MISSING_ID, col(CUSTOMER_ID).isNull()));
    checks.add(flag(Rule.MALFORMED_EMAIL, col(EMAIL).isNull()));
    checks.add(flag(Rule.INVALID_PHONE, col(PHONE).isNull()));
    checks.add(flag(Rule.INVALID_ZIP, col(ZIP_CODE).isNull()));
    // A missing date cannot be checked, so it breaks the rule (coalesce), not passes it.
    checks.add(
        flag(
            Rule.IMPLAUSIBLE_BIRTH_DATE,
            coalesce(
                col(BIRTH_DATE)
                    .gt(col(SIGNUP_DATE))
                    .or(col(BIRTH_DATE).lt(add_months(col(SIGNUP_DATE), -MAX_AGE_MONTHS))),
                lit(true))));
    checks.add(flag(Rule.INVALID_COUNTRY, col(COUNTRY).isNull()));
    checks.add(flag(Rule.INVALID_STATE, not(col(STATE_VALID))));
    checks.add(
        flag(
            Rule.INVALID_CUSTOMER_ID,
            col(CUSTOMER_ID).lt(1).or(col(CUSTOMER_ID).gt(Domains.MAX_ID))));
    Column profileDate = col(SilverColumns.PROFILE_DATE);
    checks.add(
        flag(
            Rule.IMPLAUSIBLE_ACCOUNT_DATES,
            col(SIGNUP_DATE)
                .lt(lit(java.sql.Date.valueOf(Domains.EARLIEST_SIGNUP)))
                .or(col(SIGNUP_DATE).gt(profileDate))
                .or(
                    coalesce(
                        Columns.epochMicros(col(UPDATED_AT))
                            .lt(Columns.dayStartMicros(col(SIGNUP_DATE)))
                            .or(
                                Columns.epochMicros(col(UPDATED_AT))
                                    .geq(Columns.dayStartMicros(date_add(profileDate, 1)))),
                        lit(true)))));
    checks.add(
        flag(
            Rule.LOYALTY_OUT_OF_RANGE,
            col(LOYALTY_POINTS)
                .lt(0)
                .or(col(LOYALTY_POINTS).gt(Domains.MAX_LOYALTY_POINTS))
                .or(not(col(LOYALTY_TIER).isin(Vocabulary.LOYALTY_TIERS.toArray())))));
    return standardized
        .withColumn(SilverColumns.RULE_IDS, Columns.ruleIds(checks))
        .drop(STATE_VALID);
  }

  /**
   * The newest accepted profile per customer: latest {@code updated_at}, then latest snapshot date,
   * then the highest record hash (a deterministic tie-break).
   */
  public static Dataset<Row> latestVersions(Dataset<Row> accepted) {
    return accepted
        .withColumn(
            "_version",
            row_number()
                .over(
                    Window.partitionBy(CUSTOMER_ID)
                        .orderBy(
                            col(UPDATED_AT).desc_nulls_last(),
                            col(SilverColumns.PROFILE_DATE).desc_nulls_last(),
                            col(SilverColumns.RECORD_HASH).desc())))
        .filter(col("_version").equalTo(1))
        .drop("_version");
  }

  /**
   * Every customer id of the checked batch, accepted or not, and of {@code silverIds}, once.
   *
   * @param silverIds one column, {@code customer_id}: the customers silver already knows
   */
  public static Dataset<Row> knownCustomerIds(Dataset<Row> checked, Dataset<Row> silverIds) {
    return checked
        .select(col(CUSTOMER_ID))
        .filter(col(CUSTOMER_ID).isNotNull())
        .union(silverIds)
        .distinct();
  }

  /**
   * The current profile of every customer: the newest ({@link #latestVersions}) of the batch's
   * profiles and silver's rows, without record hash, with {@code last_interaction_date} from
   * silver's row (null for a customer silver does not have).
   *
   * @param batchProfiles accepted profiles of the batch, from {@link #selectProfile}
   * @param silverCustomers the rows of silver.customers; empty before its first load
   */
  public static Dataset<Row> latestProfiles(
      Dataset<Row> batchProfiles, Optional<Dataset<Row>> silverCustomers) {
    if (silverCustomers.isEmpty()) {
      return latestVersions(batchProfiles)
          .drop(SilverColumns.RECORD_HASH)
          .withColumn(SilverColumns.LAST_INTERACTION_DATE, lit(null).cast("date"));
    }
    Dataset<Row> current = silverCustomers.get();
    Dataset<Row> candidates =
        batchProfiles.unionByName(
            current.select(
                Columns.concatColumns(
                    PROFILE_COLUMNS,
                    Columns.recordHash(PROFILE_COLUMNS).as(SilverColumns.RECORD_HASH))));
    Dataset<Row> lastSeen =
        current.select(col(CUSTOMER_ID).as("_seen_id"), col(SilverColumns.LAST_INTERACTION_DATE));
    Dataset<Row> profiles = latestVersions(candidates).drop(SilverColumns.RECORD_HASH);
    return profiles
        .join(lastSeen, profiles.col(CUSTOMER_ID).equalTo(lastSeen.col("_seen_id")), "left_outer")
        .drop("_seen_id");
  }

  /** The profile columns in silver order, with the record hash of the profile. */
  public static Dataset<Row> selectProfile(Dataset<Row> standardized) {
    return standardized.select(
        Columns.concatColumns(
            PROFILE_COLUMNS, Columns.recordHash(PROFILE_COLUMNS).as(SilverColumns.RECORD_HASH)));
  }

  /** Whether standardization changed a value it accepted. */
  private static Column changed(String column) {
    return col(column).isNotNull().and(not(raw(column).eqNullSafe(col(column))));
  }

  private static Column flag(Rule rule, Column broken) {
    return when(broken, lit(rule.id()));
  }

  static Column raw(String column) {
    return col(RAW_PREFIX + column);
  }

  /** Name of the bronze column {@code column} after {@link #withStandardization}. */
  public static String rawName(String column) {
    return RAW_PREFIX + column;
  }

  /** Bronze's event_date, as it stays on standardized rows. */
  public static Column bronzeEventDate() {
    return raw(BronzeColumns.EVENT_DATE);
  }
}
