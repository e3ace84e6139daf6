package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.silver.testing.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.SilverColumns;
import io.c360.common.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The profile a customer keeps: newest version, known ids, silver order, last interaction. */
class CustomerProfilesTest extends SparkTestBase {
  /** Profile columns with their bronze types; profile_date is the bronze partition date. */
  private static final StructType PROFILE_SCHEMA = profileSchema();

  private static StructType profileSchema() {
    StructType schema = new StructType();
    for (String name : CustomerTransforms.PROFILE_COLUMNS) {
      schema =
          name.equals(SilverColumns.PROFILE_DATE)
              ? schema.add(name, DataTypes.DateType)
              : schema.add(BronzeSchemas.CUSTOMERS.apply(name));
    }
    return schema;
  }

  // latestVersions

  private static final StructType VERSIONS =
      new StructType()
          .add(CUSTOMER_ID, DataTypes.LongType)
          .add(UPDATED_AT, DataTypes.TimestampType)
          .add(SilverColumns.PROFILE_DATE, DataTypes.DateType)
          .add(SilverColumns.RECORD_HASH, DataTypes.LongType)
          .add("tag", DataTypes.StringType);

  private static List<String> latest(List<Map<String, Object>> versions) {
    @SuppressWarnings("unchecked")
    Map<String, Object>[] rows = versions.toArray(Map[]::new);
    return CustomerTransforms.latestVersions(frame(spark, VERSIONS, rows))
        .orderBy(CUSTOMER_ID)
        .collectAsList()
        .stream()
        .map(row -> row.<String>getAs("tag"))
        .toList();
  }

  private static Map<String, Object> version(
      long id, String updatedAt, String profileDate, long hash, String tag) {
    return values(
        CUSTOMER_ID,
        id,
        UPDATED_AT,
        updatedAt == null ? null : ts(updatedAt),
        SilverColumns.PROFILE_DATE,
        date(profileDate),
        SilverColumns.RECORD_HASH,
        hash,
        "tag",
        tag);
  }

  @Test
  void theLatestUpdateWinsPerCustomer() {
    assertThat(
            latest(
                List.of(
                    version(10, "2026-03-02T00:00:00Z", "2026-03-01", 1, "newer"),
                    version(10, "2026-03-01T00:00:00Z", "2026-03-02", 2, "older"),
                    version(11, "2026-01-01T00:00:00Z", "2026-03-01", 3, "only"))))
        .containsExactly("newer", "only");
  }

  @Test
  void aVersionWithoutUpdateTimeLosesToAnyWithOne() {
    assertThat(
            latest(
                List.of(
                    version(10, null, "2026-03-09", 9, "no time"),
                    version(10, "1970-01-01T00:00:00Z", "2026-03-01", 1, "epoch"))))
        .containsExactly("epoch");
  }

  @Test
  void onTheSameUpdateTheLaterSnapshotWins() {
    assertThat(
            latest(
                List.of(
                    version(10, "2026-03-01T00:00:00Z", "2026-03-01", 9, "first"),
                    version(10, "2026-03-01T00:00:00Z", "2026-03-02", 1, "second"))))
        .containsExactly("second");
  }

  @Test
  void onTheSameUpdateAndSnapshotTheHigherHashWins() {
    assertThat(
            latest(
                List.of(
                    version(10, "2026-03-01T00:00:00Z", "2026-03-01", -5, "low"),
                    version(10, "2026-03-01T00:00:00Z", "2026-03-01", 7, "high"))))
        .containsExactly("high");
  }

  // knownCustomerIds

  @Test
  void knownIdsAreTheBatchsAndSilversOnceWithoutNull() {
    StructType ids = new StructType().add(CUSTOMER_ID, DataTypes.LongType);
    Dataset<Row> checked =
        frame(
            spark,
            ids,
            values(CUSTOMER_ID, 10L),
            values(CUSTOMER_ID, 10L),
            values(CUSTOMER_ID, null),
            values(CUSTOMER_ID, 11L));
    Dataset<Row> silver =
        frame(
            spark,
            ids,
            values(CUSTOMER_ID, 11L),
            values(CUSTOMER_ID, 12L),
            values(CUSTOMER_ID, 12L));
    assertThat(CustomerTransforms.knownCustomerIds(checked, silver).collectAsList())
        .containsExactlyInAnyOrder(row(10L), row(11L), row(12L));
  }

  // selectProfile and latestProfiles

  private static Map<String, Object> profile(long id, String firstName, String updatedAt) {
    return values(
        CUSTOMER_ID,
        id,
        FIRST_NAME,
        firstName,
        UPDATED_AT,
        ts(updatedAt),
        SilverColumns.PROFILE_DATE,
        date("2026-03-02"));
  }

  @Test
  void theProfileIsItsColumnsInSilverOrderAndTheirHash() {
    Dataset<Row> selected =
        CustomerTransforms.selectProfile(
            frame(spark, PROFILE_SCHEMA, profile(10, "Ada", "2026-03-01T00:00:00Z"))
                .withColumn("extra", org.apache.spark.sql.functions.lit(1)));
    List<String> expected = new ArrayList<>(CustomerTransforms.PROFILE_COLUMNS);
    expected.add(SilverColumns.RECORD_HASH);
    assertThat(selected.columns()).containsExactlyElementsOf(expected);
  }

  @Test
  void withoutSilverEveryProfileIsNewAndHasNoLastInteraction() {
    Dataset<Row> batch =
        CustomerTransforms.selectProfile(
            frame(spark, PROFILE_SCHEMA, profile(10, "Ada", "2026-03-01T00:00:00Z")));
    Row latest = CustomerTransforms.latestProfiles(batch, Optional.empty()).first();
    assertThat(latest.schema().fieldNames()).doesNotContain(SilverColumns.RECORD_HASH);
    assertThat((Object) latest.getAs(FIRST_NAME)).isEqualTo("Ada");
    assertThat(latest.isNullAt(latest.fieldIndex(SilverColumns.LAST_INTERACTION_DATE))).isTrue();
  }

  @Test
  void theNewerProfileWinsAndKeepsSilversLastInteraction() {
    StructType silverSchema =
        PROFILE_SCHEMA
            .add(SilverColumns.LAST_INTERACTION_DATE, DataTypes.DateType)
            .add(SilverColumns.RECORD_HASH, DataTypes.LongType);
    Dataset<Row> silver =
        frame(
            spark,
            silverSchema,
            with(
                profile(10, "Old", "2026-02-01T00:00:00Z"),
                SilverColumns.LAST_INTERACTION_DATE,
                date("2026-02-20"),
                SilverColumns.RECORD_HASH,
                0L),
            with(
                profile(11, "Kept", "2026-04-01T00:00:00Z"),
                SilverColumns.LAST_INTERACTION_DATE,
                date("2026-01-05"),
                SilverColumns.RECORD_HASH,
                0L));
    Dataset<Row> batch =
        CustomerTransforms.selectProfile(
            frame(
                spark,
                PROFILE_SCHEMA,
                profile(10, "New", "2026-03-01T00:00:00Z"),
                profile(11, "Stale", "2026-03-01T00:00:00Z"),
                profile(12, "First", "2026-03-01T00:00:00Z")));
    List<Row> latest =
        CustomerTransforms.latestProfiles(batch, Optional.of(silver))
            .select(CUSTOMER_ID, FIRST_NAME, SilverColumns.LAST_INTERACTION_DATE)
            .orderBy(CUSTOMER_ID)
            .collectAsList();
    assertThat(latest)
        .containsExactly(
            row(10L, "New", date("2026-02-20")),
            row(11L, "Kept", date("2026-01-05")),
            row(12L, "First", null));
  }
}
