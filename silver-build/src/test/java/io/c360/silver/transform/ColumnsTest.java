package io.c360.silver.transform;

import static io.c360.silver.testing.Frames.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.SilverColumns;
import io.c360.common.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ColumnsTest extends SparkTestBase {
  private static final StructType TEXT = new StructType().add("text", DataTypes.StringType);

  private static Object apply(Column expression, String text) {
    return frame(spark, TEXT, values("text", text)).select(expression).first().get(0);
  }

  @Test
  void ruleIdsKeepTheFiredChecksInOrderAndAreEmptyWithoutAny() {
    Dataset<Row> checks =
        spark.sql(
            "SELECT * FROM VALUES ('a', CAST(NULL AS STRING), 'c'),"
                + " (CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING)) AS t(x, y, z)");
    List<Row> ids =
        checks
            .select(Columns.ruleIds(List.of(col("x"), col("y"), col("z"))).as("ids"))
            .collectAsList();
    assertThat(ids.get(0).getList(0)).containsExactly("a", "c");
    assertThat(ids.get(1).getList(0)).isEmpty();
    // The same type as the plain array_compact, which the quarantine's writes were built on.
    assertThat(
            checks
                .select(Columns.ruleIds(List.of(col("x"), col("y"))).as("ids"))
                .schema()
                .apply("ids")
                .dataType())
        .isEqualTo(
            checks
                .select(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .array_compact(org.apache.spark.sql.functions.array(col("x"), col("y")))
                        .as("ids"))
                .schema()
                .apply("ids")
                .dataType());
  }

  @Test
  void cleanTextTrimsUnicodeSpacesAndCollapsesInnerRuns() {
    assertThat(apply(Columns.cleanText(col("text")), "\u00a0\u3000 a \t\n\u2003 b\u00a0"))
        .isEqualTo("a b");
  }

  @Test
  void cleanTextStripsZeroWidthCharacters() {
    assertThat(apply(Columns.cleanText(col("text")), "\u200ba\ufeff")).isEqualTo("a");
  }

  @Test
  void cleanTextOfNullIsNullAndOfBlankIsEmpty() {
    assertThat(apply(Columns.cleanText(col("text")), null)).isNull();
    assertThat(apply(Columns.cleanText(col("text")), " \t ")).isEqualTo("");
  }

  @Test
  void cleanTextKeepsPlainAsciiAndStillCleansEveryAsciiSpace() {
    // The plain-ASCII shortcut must not let through what the regular expressions clean.
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("12 Main St. #4", "12 Main St. #4");
    expected.put("a\tb", "a b");
    expected.put("a\u000Bb", "a b");
    expected.put("a\fb", "a b");
    expected.put("a\r\nb", "a b");
    expected.put("a  b", "a b");
    expected.put(" a", "a");
    expected.put("a ", "a");
    expected.put("a\u0001b", "a\u0001b");
    expected.put("\u00e9  x", "\u00e9 x");
    expected.put("", "");
    expected.forEach(
        (raw, clean) ->
            assertThat(apply(Columns.cleanText(col("text")), raw)).as(raw).isEqualTo(clean));
  }

  @Test
  void cleanLowerLowerCasesTheCleanedText() {
    assertThat(apply(Columns.cleanLower(col("text")), "  GOLD  Tier ")).isEqualTo("gold tier");
  }

  @Test
  void cleanLowerMakesBlankNull() {
    assertThat(apply(Columns.cleanLower(col("text")), "\u00a0")).isNull();
    assertThat(apply(Columns.cleanLower(col("text")), "")).isNull();
  }

  private static final StructType PAIR =
      new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);

  private static long hash(String a, String b) {
    return frame(spark, PAIR, values("a", a, "b", b))
        .select(Columns.recordHash(List.of("a", "b")))
        .first()
        .getLong(0);
  }

  @Test
  void aChangedValueChangesTheHash() {
    assertThat(hash("x", "y")).isNotEqualTo(hash("x", "z"));
  }

  @Test
  void valuesMovedAcrossColumnBoundariesChangeTheHash() {
    assertThat(hash("ab", "c")).isNotEqualTo(hash("a", "bc"));
  }

  @Test
  void aValueMovedToTheOtherColumnBesideANullChangesTheHash() {
    // xxhash64 alone skips nulls, so (x, null) and (null, x) would hash alike.
    assertThat(hash("x", null)).isNotEqualTo(hash(null, "x"));
  }

  @Test
  void rowsDifferingOnlyInWhichColumnIsNullHashDifferently() {
    StructType three =
        new StructType()
            .add("a", DataTypes.IntegerType)
            .add("b", DataTypes.IntegerType)
            .add("c", DataTypes.IntegerType);
    List<Long> hashes =
        frame(
                spark,
                three,
                values("a", 1, "b", 2, "c", null),
                values("a", 1, "b", null, "c", 2),
                values("a", null, "b", 1, "c", 2))
            .select(Columns.recordHash(List.of("a", "b", "c")))
            .collectAsList()
            .stream()
            .map(row -> row.getLong(0))
            .toList();
    assertThat(hashes).doesNotHaveDuplicates();
  }

  @Test
  void nullAndEmptyHashDifferently() {
    assertThat(hash("x", null)).isNotEqualTo(hash("x", ""));
  }

  @Test
  void theSilverRowIsTheBusinessColumnsThenHashThenLineage() {
    Dataset<Row> rows =
        frame(spark, PAIR, values("a", "x", "b", "y"))
            .select(Columns.silverRow(List.of("b", "a"), "run-7", ts("2026-03-03T00:00:00Z")));
    assertThat(rows.columns())
        .containsExactly(
            "b", "a", SilverColumns.RECORD_HASH, SilverColumns.RUN_ID, SilverColumns.LOADED_AT);
    Row row = rows.first();
    assertThat(List.of(row.get(0), row.get(1), row.get(3), row.get(4)))
        .containsExactly("y", "x", "run-7", ts("2026-03-03T00:00:00Z"));
  }

  @Test
  void theSilverRowHashCoversTheBusinessColumnsInTheirOrder() {
    Row row =
        frame(spark, PAIR, values("a", "x", "b", "y"))
            .select(Columns.silverRow(List.of("a", "b"), "run-7", ts("2026-03-03T00:00:00Z")))
            .first();
    assertThat(row.getLong(2)).isEqualTo(hash("x", "y"));
  }

  @Test
  void concatColumnsListsTheNamedColumnsThenTheExtras() {
    Dataset<Row> rows =
        frame(spark, PAIR, values("a", "x", "b", "y"))
            .select(Columns.concatColumns(List.of("b"), lit(1).as("one"), col("a")));
    assertThat(rows.columns()).containsExactly("b", "one", "a");
  }
}
