package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static io.c360.silver.testing.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QuarantineTest extends SparkTestBase {
  private static final Timestamp AT = ts("2026-03-03T04:05:06Z");

  @Test
  void aRejectedCustomerIsQuarantinedWholeAsReceivedWithNulls() {
    Dataset<Row> checked =
        CustomerTransforms.withRuleIds(
            CustomerTransforms.withStandardization(
                frame(
                    spark,
                    BRONZE_CUSTOMERS,
                    values(
                        CUSTOMER_ID,
                        7L,
                        EMAIL,
                        " Not An Email ",
                        COUNTRY,
                        "usa",
                        EVENT_DATE,
                        date("2026-03-02")))));
    Row quarantined = Quarantine.fromCustomers(checked, "run-1", AT).first();
    assertThat(quarantined.getString(quarantined.fieldIndex(RECORD)))
        .isEqualTo(
            "{\"customer_id\":7,\"first_name\":null,\"last_name\":null,"
                + "\"email\":\" Not An Email \",\"phone\":null,\"birth_date\":null,"
                + "\"gender\":null,\"street_address\":null,\"city\":null,\"state\":null,"
                + "\"zip_code\":null,\"country\":\"usa\",\"signup_date\":null,"
                + "\"signup_channel\":null,\"loyalty_tier\":null,\"loyalty_points\":null,"
                + "\"preferred_channel\":null,\"marketing_consent\":null,\"updated_at\":null,"
                + "\"event_date\":\"2026-03-02\"}");
  }

  private static final StructType CHECKED_CUSTOMERS =
      new StructType()
          .add(CustomerTransforms.rawName(CUSTOMER_ID), DataTypes.LongType)
          .add(CustomerTransforms.rawName(EVENT_DATE), DataTypes.DateType)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType));

  private static Map<String, Object> checkedCustomer(Long id, List<String> rules) {
    return values(
        CustomerTransforms.rawName(CUSTOMER_ID),
        id,
        CustomerTransforms.rawName(EVENT_DATE),
        date("2026-03-02"),
        RULE_IDS,
        rules);
  }

  @Test
  void aQuarantinedCustomerCarriesItsRulesTableAndLineage() {
    Row quarantined =
        Quarantine.fromCustomers(
                frame(spark, CHECKED_CUSTOMERS, checkedCustomer(null, List.of("a", "b"))),
                "run-1",
                AT)
            .first();
    assertThat(quarantined.schema().fieldNames())
        .containsExactly(
            RUN_ID,
            QUARANTINED_AT,
            SOURCE_TABLE,
            EVENT_DATE,
            SOURCE_PARTITION,
            RECORD_KEY,
            CUSTOMER_ID,
            RULE_IDS,
            RECORD);
    assertThat(
            List.of(
                quarantined.get(0),
                quarantined.get(1),
                quarantined.get(2),
                quarantined.get(3),
                quarantined.get(4)))
        .containsExactly("run-1", AT, "customers", date("2026-03-02"), "event_date=2026-03-02");
    assertThat(quarantined.isNullAt(5)).as("record_key of a row without id").isTrue();
    assertThat(quarantined.isNullAt(6)).isTrue();
    assertThat(quarantined.<String>getList(7)).containsExactly("a", "b");
  }

  @Test
  void acceptedCustomersAreNotQuarantined() {
    Dataset<Row> checked =
        frame(
            spark,
            CHECKED_CUSTOMERS,
            checkedCustomer(1L, List.of()),
            checkedCustomer(2L, List.of("invalid_zip")));
    assertThat(Quarantine.fromCustomers(checked, "run-1", AT).collectAsList())
        .extracting(row -> row.getString(5))
        .containsExactly("2");
  }

  private static final StructType CHECKED_INTERACTIONS =
      new StructType()
          .add(INTERACTION_ID, DataTypes.LongType)
          .add(CUSTOMER_ID, DataTypes.LongType)
          .add(CHANNEL, DataTypes.StringType)
          .add(InteractionTransforms.RAW_CHANNEL, DataTypes.StringType)
          .add(EVENT_DATE, DataTypes.DateType)
          .add(InteractionTransforms.IS_DUPLICATE, DataTypes.BooleanType)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType));

  private static Map<String, Object> checkedInteraction(
      long id, boolean duplicate, List<String> rules) {
    return values(
        INTERACTION_ID,
        id,
        EVENT_DATE,
        date("2026-03-02"),
        InteractionTransforms.IS_DUPLICATE,
        duplicate,
        RULE_IDS,
        rules);
  }

  @Test
  void aRejectedInteractionKeepsTheChannelAsReceived() {
    Dataset<Row> checked =
        frame(
            spark,
            CHECKED_INTERACTIONS,
            with(
                checkedInteraction(2L, false, List.of("unknown_channel")),
                CUSTOMER_ID,
                9L,
                CHANNEL,
                "fax",
                InteractionTransforms.RAW_CHANNEL,
                " FAX "));
    Row quarantined =
        Quarantine.fromInteractions(
                checked, List.of(INTERACTION_ID, CHANNEL, EVENT_DATE), "run-1", AT)
            .first();
    assertThat(
            List.of(
                quarantined.getString(2),
                quarantined.getString(4),
                quarantined.getString(5),
                quarantined.getLong(6),
                quarantined.getString(8)))
        .containsExactly(
            "customer_interactions",
            "event_date=2026-03-02",
            "2",
            9L,
            "{\"interaction_id\":2,\"channel\":\" FAX \",\"event_date\":\"2026-03-02\"}");
  }

  @Test
  void duplicatesAndAcceptedInteractionsAreNotQuarantined() {
    Dataset<Row> checked =
        frame(
            spark,
            CHECKED_INTERACTIONS,
            checkedInteraction(1L, true, List.of("unknown_channel")),
            checkedInteraction(2L, false, List.of()),
            checkedInteraction(3L, false, List.of("nps_out_of_range")));
    assertThat(
            Quarantine.fromInteractions(checked, List.of(INTERACTION_ID), "run-1", AT)
                .collectAsList())
        .extracting(row -> row.getString(5))
        .containsExactly("3");
  }
}
