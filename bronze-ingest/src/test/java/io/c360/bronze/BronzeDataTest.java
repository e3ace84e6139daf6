package io.c360.bronze;

import static io.c360.bronze.testing.DefectOracle.*;
import static io.c360.bronze.testing.ManifestCounts.*;
import static io.c360.bronze.testing.RuleCounts.*;
import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.c360.bronze.generate.DefectKind;
import io.c360.bronze.testing.BronzeRuns;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Vocabulary;
import io.c360.common.report.RunReport;
import io.c360.common.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One generated window, checked against the schemas, its manifest and the business rules. Every
 * expectation is computed here from the data with the test's own predicates: nothing asks the
 * generator or the defect planner what it meant to write.
 */
class BronzeDataTest extends SparkTestBase {
  private static final LocalDate START = LocalDate.of(2026, 1, 5); // a Monday
  private static final int DAYS = 14;
  private static final long CUSTOMERS = 3_000;
  private static final long INTERACTIONS = 60_000;
  private static final double DEFECT_RATE = 0.05;
  private static final long SEED = 20_260_105L;

  private static Path root;
  private static JsonNode manifest;
  private static RunReport report;
  private static Dataset<Row> customers;
  private static Dataset<Row> interactions;
  private static Dataset<Row> cleanInteractions;
  private static List<Row> customerRows;
  private static Map<DefectKind, Map<String, Long>> interactionDefectsFound;

  @BeforeAll
  static void generate() throws IOException {
    root = newFolder("bronze");
    report =
        BronzeRuns.run(
            spark,
            BronzeRuns.args(
                root,
                START,
                DAYS,
                "--seed",
                Long.toString(SEED),
                "--customers",
                Long.toString(CUSTOMERS),
                "--interactions",
                Long.toString(INTERACTIONS),
                "--defect-rate",
                Double.toString(DEFECT_RATE),
                "--run-id",
                "bronze-data-test"));

    manifest = BronzeRuns.manifest(root, START, DAYS);
    customers = BronzeRuns.read(spark, root, Tables.BRONZE_CUSTOMERS).cache();
    interactions = BronzeRuns.read(spark, root, Tables.BRONZE_INTERACTIONS).cache();
    cleanInteractions = interactions.where(not(anyRowLevelDefect())).cache();
    // A few thousand rows: small enough to check row by row with Java predicates.
    customerRows = customers.collectAsList();
    interactionDefectsFound = countInteractionDefects(interactions, customers, dates());
  }

  @AfterAll
  static void release() {
    if (customers != null) {
      cleanInteractions.unpersist();
      customers.unpersist();
      interactions.unpersist();
    }
  }

  @Test
  void filesHaveTheBronzeSchemas() {
    assertThat(fileSchema(Tables.BRONZE_CUSTOMERS)).isEqualTo(BronzeSchemas.CUSTOMERS);
    assertThat(fileSchema(Tables.BRONZE_INTERACTIONS)).isEqualTo(BronzeSchemas.INTERACTIONS);
  }

  @Test
  void partitionedTablesReadBackWithTheEventDateAsADate() {
    for (String table : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS)) {
      StructType inferred = spark.read().parquet(root.resolve(table).toString()).schema();
      StructType expected =
          BronzeSchemas.withEventDate(
              table.equals(Tables.BRONZE_CUSTOMERS)
                  ? BronzeSchemas.CUSTOMERS
                  : BronzeSchemas.INTERACTIONS);
      assertThat(namesAndTypes(inferred)).as(table).isEqualTo(namesAndTypes(expected));
      assertThat(inferred.apply(EVENT_DATE).dataType()).isEqualTo(DataTypes.DateType);
    }
  }

  @Test
  void partitionFoldersAreExactlyTheDatesOfTheWindow() throws IOException {
    List<String> expected = dates().stream().map(Tables::partitionFolder).toList();
    for (String table : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS)) {
      try (Stream<Path> entries = Files.list(root.resolve(table))) {
        List<String> folders =
            entries
                .filter(Files::isDirectory)
                .map(path -> path.getFileName().toString())
                .sorted()
                .toList();
        assertThat(folders).as(table).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void manifestRowsPerTableAndDateEqualTheRowsReadBack() {
    assertRowsMatchManifest(Tables.BRONZE_CUSTOMERS, customers);
    assertRowsMatchManifest(Tables.BRONZE_INTERACTIONS, interactions);
    assertThat(interactions.count()).isEqualTo(INTERACTIONS);
    assertThat(customers.count()).isEqualTo(CUSTOMERS);
  }

  @Test
  void manifestDescribesTheSpecAndEveryDefectKind() {
    JsonNode spec = manifest.get("spec");
    assertThat(spec.get("seed").asLong()).isEqualTo(SEED);
    assertThat(spec.get("customers").asLong()).isEqualTo(CUSTOMERS);
    assertThat(spec.get("interactions").asLong()).isEqualTo(INTERACTIONS);
    assertThat(spec.get("start_date").asText()).isEqualTo(START.toString());
    assertThat(spec.get("end_date").asText()).isEqualTo(START.plusDays(DAYS - 1).toString());
    assertThat(spec.get("days").asInt()).isEqualTo(DAYS);
    assertThat(spec.get("defect_rate").asDouble()).isEqualTo(DEFECT_RATE);
    assertThat(manifest.get("run_id").asText()).isEqualTo("bronze-data-test");
    for (DefectKind kind : DefectKind.values()) {
      JsonNode description = manifest.get("defect_kinds").get(kind.id());
      assertThat(description).as(kind.id()).isNotNull();
      assertThat(description.get("table").asText()).isEqualTo(tableOf(kind));
      assertThat(description.get("description").asText()).isEqualTo(kind.description());
      assertThat(description.get("expected_silver_outcome").asText())
          .isEqualTo(kind.outcome().name().toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void runReportCountsAgreeWithTheManifest() {
    Map<String, Long> counts = report.counts();
    for (String table : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS)) {
      JsonNode node = manifest.get("tables").get(table);
      long defects = 0;
      for (JsonNode count : node.get("defects")) {
        defects += count.asLong();
      }
      assertThat(counts.get(table + "_rows")).as(table).isEqualTo(node.get("rows").asLong());
      assertThat(counts.get(table + "_defects")).as(table).isEqualTo(defects);
    }
  }

  @Test
  void defectRateIsRoughlyTheRequestedShareOfRows() {
    long defects =
        report.counts().get(Tables.BRONZE_INTERACTIONS + "_defects")
            + report.counts().get(Tables.BRONZE_CUSTOMERS + "_defects");
    double share = (double) defects / (CUSTOMERS + INTERACTIONS);
    // Duplicates need a clean previous event, so slightly fewer than requested.
    assertThat(share).isBetween(DEFECT_RATE * 0.85, DEFECT_RATE * 1.1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(DefectKind.class)
  void manifestCountOfEveryDefectKindEqualsAnIndependentCountOfTheData(DefectKind kind) {
    Map<String, Long> expected = defectsPerDate(manifest, kind);
    Map<String, Long> actual =
        kind.table() == DefectKind.Table.CUSTOMERS
            ? customerDefectsPerDate(customerRows, kind, dates())
            : interactionDefectsFound.get(kind);

    long total = defects(manifest, kind);
    assertThat(total).as("manifest total of %s", kind.id()).isPositive();
    assertThat(actual.values().stream().mapToLong(Long::longValue).sum())
        .as("rows with %s in the data", kind.id())
        .isEqualTo(total);
    assertThat(actual).as("rows with %s per date", kind.id()).isEqualTo(expected);
  }

  @Test
  void everyDefectiveCustomerRowCarriesExactlyOneDefect() {
    List<String> multiple = new ArrayList<>();
    for (Row row : customerRows) {
      List<DefectKind> found = customerDefects(row);
      if (found.size() > 1) {
        multiple.add(found + " in " + row);
      }
    }
    assertThat(multiple).isEmpty();
  }

  @Test
  void everyDefectiveInteractionRowCarriesExactlyOneRowLevelDefect() {
    Column flags = lit(0);
    for (DefectKind kind : DefectKind.of(DefectKind.Table.INTERACTIONS)) {
      Column predicate = interactionPredicate(kind);
      if (predicate != null) {
        flags = flags.plus(when(predicate, 1).otherwise(0));
      }
    }
    assertThat(interactions.where(flags.gt(1)).count()).isZero();
  }

  @Test
  void customerOneAlwaysKeepsItsId() {
    assertThat(customers.where(col(CUSTOMER_ID).equalTo(1L)).count()).isEqualTo(1);
  }

  @Test
  void revenueIsOnlyOnPurchasesAndFollowsTheFormulaExceptOnMismatchDefects() {
    // All rows, not just clean ones: the mismatch defects are the only exceptions allowed.
    Column purchase = col(EVENT_TYPE).equalTo(Vocabulary.PURCHASE);
    Map<String, Long> counts =
        countRows(
            interactions,
            breach("revenue on another event", col(REVENUE).isNotNull().and(not(purchase))),
            breach("purchase without revenue", purchase.and(col(REVENUE).isNull())),
            tally("off the formula", purchase.and(col(REVENUE).notEqual(revenue()))),
            tally("purchases", purchase),
            tally("discounted purchases", purchase.and(col(DISCOUNT_RATE).gt(0))));

    assertThat(breaches(counts)).isEmpty();
    // A negative amount negates unit_price and revenue alike, so it still follows the formula.
    assertThat(counts.get("off the formula"))
        .isEqualTo(defects(manifest, DefectKind.REVENUE_MISMATCH));
    assertThat(counts.get("purchases")).isGreaterThan(1_000);
    // Discounted purchases are many, so the formula is checked with discounts too.
    assertThat(counts.get("discounted purchases")).isGreaterThan(100);
  }

  @Test
  void returnsAreOnlyOnPurchasesAndComeAfterThemExceptOnReturnDefects() {
    Column returned = col(RETURNED_AT).isNotNull();
    Map<String, Long> counts =
        countRows(
            interactions,
            breach("return of another event", returned.and(col(EVENT_TYPE).notEqual("purchase"))),
            breach("return not flagged", returned.and(not(col(IS_RETURNED)))),
            breach(
                "return with another status", returned.and(col(ORDER_STATUS).notEqual("returned"))),
            breach("flagged without a return", col(IS_RETURNED).and(not(returned))),
            breach(
                "order status on another event",
                col(ORDER_STATUS).isNotNull().and(col(EVENT_TYPE).notEqual("purchase"))),
            tally(
                "returned no later than bought", returned.and(col(RETURNED_AT).leq(col(EVENT_TS)))),
            tally("returns", returned));

    assertThat(breaches(counts)).isEmpty();
    assertThat(counts.get("returned no later than bought"))
        .isEqualTo(defects(manifest, DefectKind.RETURN_BEFORE_PURCHASE));
    assertThat(counts.get("returns")).isGreaterThan(50);
  }

  @Test
  void quantityAndUnitPriceAreOnlyOnPurchasesAndAddsToCart() {
    Column priced = col(EVENT_TYPE).isin(Vocabulary.PURCHASE, Vocabulary.ADD_TO_CART);
    Map<String, Long> counts =
        countRows(
            cleanInteractions,
            breach(
                "price on another event",
                col(QUANTITY).isNotNull().or(col(UNIT_PRICE).isNotNull()).and(not(priced))),
            breach(
                "priced event without price",
                priced.and(col(QUANTITY).isNull().or(col(UNIT_PRICE).isNull()))),
            breach(
                "quantity or price not positive",
                priced.and(col(QUANTITY).lt(1).or(col(UNIT_PRICE).leq(0)))),
            tally("adds to cart", col(EVENT_TYPE).equalTo(Vocabulary.ADD_TO_CART)));

    assertThat(breaches(counts)).isEmpty();
    assertThat(counts.get("adds to cart")).isGreaterThan(100);
  }

  @Test
  void deviceOsAndBrowserAreCoherentWithTheChannel() {
    Column store = col(CHANNEL).equalTo(Vocabulary.STORE);
    Column app = col(CHANNEL).equalTo(Vocabulary.MOBILE_APP);
    Map<String, Long> counts =
        countRows(
            cleanInteractions,
            breach(
                "store event off a POS terminal or with a browser",
                store.and(col(DEVICE_TYPE).notEqual("pos_terminal").or(col(BROWSER).isNotNull()))),
            breach(
                "app event with a browser or a desktop OS",
                app.and(col(BROWSER).isNotNull().or(not(col(OS).isin("iOS", "Android"))))),
            breach(
                "Safari off Apple systems",
                col(BROWSER).equalTo("Safari").and(not(col(OS).isin("macOS", "iOS")))),
            breach(
                "Edge off Windows", col(BROWSER).equalTo("Edge").and(col(OS).notEqual("Windows"))),
            tally("store events", store),
            tally("app events", app),
            tally("Safari events", col(BROWSER).equalTo("Safari")),
            tally("Edge events", col(BROWSER).equalTo("Edge")));

    assertThat(breaches(counts)).isEmpty();
    // The rules are not vacuous.
    assertThat(counts.get("store events")).isGreaterThan(100);
    assertThat(counts.get("app events")).isGreaterThan(100);
    assertThat(counts.get("Safari events")).isPositive();
    assertThat(counts.get("Edge events")).isPositive();
  }

  @Test
  void noCustomerInteractsBeforeSigningUp() {
    Dataset<Row> signups =
        customers
            .where(col(CUSTOMER_ID).isNotNull())
            .select(col(CUSTOMER_ID).as("signup_customer"), col(SIGNUP_DATE));
    Dataset<Row> joined =
        interactions.join(signups, col(CUSTOMER_ID).equalTo(col("signup_customer")), "inner");

    Map<String, Long> counts =
        countRows(
            joined,
            breach("event before signup", col(EVENT_DATE).lt(col(SIGNUP_DATE))),
            tally("joined", lit(true)),
            tally("by new customers", col(SIGNUP_DATE).geq(java.sql.Date.valueOf(START))));

    assertThat(breaches(counts)).isEmpty();
    assertThat(counts.get("joined"))
        .isEqualTo(
            INTERACTIONS
                - defects(manifest, DefectKind.ORPHAN_CUSTOMER)
                - defects(manifest, DefectKind.INTERACTION_MISSING_CUSTOMER));
    // Customers who signed up inside the window do interact: the rule is not vacuous.
    assertThat(counts.get("by new customers")).isGreaterThan(100);
  }

  @Test
  void everyCustomerIdOfAnInteractionExistsExceptTheOrphanDefects() {
    Dataset<Row> ids = customers.where(col(CUSTOMER_ID).isNotNull()).select(col(CUSTOMER_ID));
    Dataset<Row> missing =
        interactions.where(col(CUSTOMER_ID).isNotNull()).join(ids, CUSTOMER_ID, "left_anti");

    assertThat(missing.count()).isEqualTo(defects(manifest, DefectKind.ORPHAN_CUSTOMER));
    // Customer ids are unique; the customers without one are exactly the missing-id defects.
    long withId = ids.count();
    assertThat(ids.distinct().count()).isEqualTo(withId);
    assertThat(CUSTOMERS - withId)
        .isEqualTo(
            manifest
                .get("tables")
                .get(Tables.BRONZE_CUSTOMERS)
                .get("defects")
                .get(DefectKind.CUSTOMER_MISSING_ID.id())
                .asLong());
  }

  @Test
  void aFewCustomersGenerateMostOfTheActivity() {
    List<Row> perCustomer =
        interactions
            .where(col(CUSTOMER_ID).isNotNull())
            .groupBy(CUSTOMER_ID)
            .count()
            .orderBy(col("count").desc())
            .collectAsList();
    long total = perCustomer.stream().mapToLong(row -> row.getLong(1)).sum();
    long top = perCustomer.stream().limit(CUSTOMERS / 10).mapToLong(row -> row.getLong(1)).sum();

    assertThat((double) top / total).isGreaterThan(0.30);
  }

  @Test
  void fridayToSundayAreBusierThanMondayToThursday() {
    Map<Integer, Long> perDayOfWeek = new HashMap<>();
    Map<Integer, Integer> datesPerDayOfWeek = new HashMap<>();
    for (Row row : interactions.groupBy(EVENT_DATE).count().collectAsList()) {
      int dayOfWeek = row.getDate(0).toLocalDate().getDayOfWeek().getValue();
      perDayOfWeek.merge(dayOfWeek, row.getLong(1), Long::sum);
      datesPerDayOfWeek.merge(dayOfWeek, 1, Integer::sum);
    }
    assertThat(datesPerDayOfWeek.keySet()).hasSize(7);

    double weekend = mean(perDayOfWeek, datesPerDayOfWeek, 5, 7);
    double weekdays = mean(perDayOfWeek, datesPerDayOfWeek, 1, 4);

    assertThat(weekend).isGreaterThan(weekdays * 1.1);
  }

  @Test
  void aChurningCohortFadesOutWhileMostCustomersStayActive() {
    java.sql.Date secondWeek = java.sql.Date.valueOf(START.plusDays(7));
    Dataset<Row> weekly =
        interactions
            .where(col(CUSTOMER_ID).isNotNull())
            .groupBy(CUSTOMER_ID)
            .agg(
                count(when(col(EVENT_DATE).lt(secondWeek), 1)).as("first_week"),
                count(when(col(EVENT_DATE).geq(secondWeek), 1)).as("last_week"))
            .where(col("first_week").gt(0));
    Map<String, Long> counts =
        countRows(
            weekly,
            tally("active in the first week", lit(true)),
            tally("faded", col("last_week").lt(col("first_week").multiply(0.25))));
    double share = (double) counts.get("faded") / counts.get("active in the first week");

    assertThat(counts.get("active in the first week")).isGreaterThan(CUSTOMERS / 2);
    assertThat(share).isGreaterThanOrEqualTo(0.05).isLessThan(0.60);
  }

  @Test
  void eventTimestampsFallOnTheirEventDateExceptFutureTimestampDefects() {
    Map<String, Long> counts =
        countRows(
            interactions,
            tally("event_ts on another date", to_date(col(EVENT_TS)).notEqual(col(EVENT_DATE))),
            tally("ingested no later than the event", col(INGESTED_AT).leq(col(EVENT_TS))),
            tally(
                "either",
                to_date(col(EVENT_TS))
                    .notEqual(col(EVENT_DATE))
                    .or(col(INGESTED_AT).leq(col(EVENT_TS)))));

    long future = defects(manifest, DefectKind.FUTURE_TIMESTAMP);
    assertThat(counts)
        .containsEntry("event_ts on another date", future)
        .containsEntry("ingested no later than the event", future)
        .containsEntry("either", future);
  }

  @Test
  void interactionIdsAreUniqueExceptForRedeliveredDuplicates() {
    Dataset<Row> repeated =
        interactions
            .where(col(INTERACTION_ID).isNotNull())
            .groupBy(INTERACTION_ID)
            .agg(count(lit(1)).as("copies"), countDistinct(col(INGESTED_AT)).as("deliveries"))
            .where(col("copies").gt(1))
            .cache();
    long duplicated = repeated.count();
    assertThat(duplicated).isEqualTo(defects(manifest, DefectKind.DUPLICATE_EVENT)).isPositive();
    // Each duplicate is one more delivery of one event, at another ingestion time.
    assertThat(repeated.where(col("copies").notEqual(2).or(col("deliveries").notEqual(2))).count())
        .isZero();

    // ... and the same event: every column but ingested_at is equal.
    Dataset<Row> copies =
        interactions.join(repeated, INTERACTION_ID, "left_semi").drop(INGESTED_AT);
    assertThat(copies.distinct().count()).isEqualTo(duplicated);
    repeated.unpersist();
  }

  @Test
  void interactionIdsEncodeTheirEventDate() {
    Column epochDay = datediff(col(EVENT_DATE), lit(java.sql.Date.valueOf(LocalDate.EPOCH)));

    assertThat(
            interactions
                .where(col(INTERACTION_ID).isNotNull())
                .where(shiftright(col(INTERACTION_ID), 36).notEqual(epochDay))
                .count())
        .isZero();
  }

  @Test
  void cleanCustomersFollowTheProfileRules() {
    List<String> violations = new ArrayList<>();
    long clean = 0;
    for (Row row : customerRows) {
      if (!customerDefects(row).isEmpty()) {
        continue;
      }
      clean++;
      LocalDate signup = date(row, SIGNUP_DATE);
      LocalDate eventDate = date(row, EVENT_DATE);
      int age = Period.between(date(row, BIRTH_DATE), signup).getYears();
      int points = row.getInt(row.fieldIndex(LOYALTY_POINTS));
      String tier = row.getString(row.fieldIndex(LOYALTY_TIER));
      String expectedTier =
          points < 2_000
              ? "bronze"
              : points < 8_000 ? "silver" : points < 20_000 ? "gold" : "platinum";
      LocalDate updated =
          row.getTimestamp(row.fieldIndex(UPDATED_AT))
              .toInstant()
              .atZone(ZoneOffset.UTC)
              .toLocalDate();
      if (age < 18 || age > 80) {
        violations.add("age " + age + " at signup: " + row);
      }
      if (!tier.equals(expectedTier)) {
        violations.add("tier " + tier + " for " + points + " points: " + row);
      }
      if (signup.isAfter(eventDate) || eventDate.isAfter(START) && !signup.equals(eventDate)) {
        violations.add("signup " + signup + " in partition " + eventDate + ": " + row);
      }
      if (!updated.equals(eventDate)) {
        violations.add("updated_at " + updated + " in partition " + eventDate + ": " + row);
      }
      if (!Vocabulary.CHANNELS.contains(row.getString(row.fieldIndex(PREFERRED_CHANNEL)))) {
        violations.add("preferred channel: " + row);
      }
      if (!Vocabulary.GENDERS.contains(row.getString(row.fieldIndex(GENDER)))) {
        violations.add("gender: " + row);
      }
    }
    assertThat(violations).isEmpty();
    assertThat(clean).isGreaterThan(CUSTOMERS * 9 / 10);
  }

  @Test
  void customersComeFromEveryCountryAndSomeSignUpInsideTheWindow() {
    Set<String> countries = new HashSet<>();
    long newCustomers = 0;
    for (Row row : customerRows) {
      countries.add(row.getString(row.fieldIndex(COUNTRY)));
      if (!date(row, SIGNUP_DATE).isBefore(START)) {
        newCustomers++;
      }
    }
    assertThat(countries).containsAll(Vocabulary.COUNTRIES);
    assertThat(newCustomers).isBetween(CUSTOMERS / 10, CUSTOMERS / 5);
  }

  private static List<LocalDate> dates() {
    return Stream.iterate(START, date -> date.plusDays(1)).limit(DAYS).toList();
  }

  private static void assertRowsMatchManifest(String table, Dataset<Row> data) {
    Map<String, Long> actual = zeroPerDate(dates());
    for (Row row : data.groupBy(EVENT_DATE).count().collectAsList()) {
      actual.put(row.getDate(0).toLocalDate().toString(), row.getLong(1));
    }
    assertThat(actual).as(table).isEqualTo(rowsPerDate(manifest, table));
    assertThat(manifest.get("tables").get(table).get("rows").asLong())
        .as(table)
        .isEqualTo(data.count());
  }

  private static StructType fileSchema(String table) {
    Path partition = root.resolve(table).resolve(Tables.partitionFolder(START.plusDays(3)));
    return spark.read().parquet(partition.toString()).schema();
  }

  private static List<String> namesAndTypes(StructType schema) {
    return Stream.of(schema.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  private static LocalDate date(Row row, String column) {
    return row.getDate(row.fieldIndex(column)).toLocalDate();
  }

  private static double mean(
      Map<Integer, Long> perDayOfWeek, Map<Integer, Integer> dates, int from, int to) {
    long events = 0;
    int count = 0;
    for (int day = from; day <= to; day++) {
      events += perDayOfWeek.get(day);
      count += dates.get(day);
    }
    return (double) events / count;
  }
}
