package io.c360.silver.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FileSchemaCheckTest {
  private static final StructType CONTRACT =
      new StructType().add("id", DataTypes.LongType).add("revenue", DataTypes.DoubleType);

  private static FileFooters.Footer file(String name, StructType schema) {
    return new FileFooters.Footer(
        new Path("/bronze/t/event_date=2026-01-01/" + name), schema, null);
  }

  private static FileSchemaCheck.Result check(FileFooters.Footer... footers) {
    return FileSchemaCheck.check(CONTRACT, List.of(footers));
  }

  @Test
  void filesWithTheContractAndANewColumnPass() {
    FileSchemaCheck.Result result =
        check(
            file("a", CONTRACT.add("referrer", DataTypes.StringType)),
            file(
                "b",
                new StructType()
                    .add("REVENUE", DataTypes.DoubleType)
                    .add("ID", DataTypes.LongType)));

    assertThat(result.problems()).isEmpty();
    assertThat(result.extraColumns()).extracting(StructField::name).containsExactly("referrer");
  }

  @Test
  void aFileLackingAContractColumnIsNamedEvenWhenAnotherHasIt() {
    FileSchemaCheck.Result result =
        check(file("good", CONTRACT), file("bad", new StructType().add("id", DataTypes.LongType)));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("event_date=2026-01-01/bad")
        .contains("lacks contract column(s) revenue");
  }

  @Test
  void aContractColumnOfAnotherType() {
    FileSchemaCheck.Result result =
        check(
            file(
                "a",
                new StructType()
                    .add("id", DataTypes.StringType)
                    .add("revenue", DataTypes.DoubleType)));

    assertThat(result.problems()).singleElement().asString().contains("column id is STRING");
  }

  @Test
  void columnsDifferingOnlyInCase() {
    FileSchemaCheck.Result result = check(file("a", CONTRACT.add("REVENUE", DataTypes.DoubleType)));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("revenue and REVENUE differ only in case");
  }

  @Test
  void columnsNamedLikeSilversOwnOrWithUnsafeCharacters() {
    FileSchemaCheck.Result result =
        check(
            file(
                "a",
                CONTRACT
                    .add("silver_run_id", DataTypes.StringType)
                    .add("Record_Hash", DataTypes.LongType)
                    .add("is_duplicate", DataTypes.BooleanType)
                    .add("raw_revenue", DataTypes.DoubleType)
                    .add("_delete", DataTypes.BooleanType)
                    .add("a.b", DataTypes.IntegerType)
                    .add("a`b", DataTypes.IntegerType)
                    .add("a\nb", DataTypes.IntegerType)));

    assertThat(result.problems())
        .hasSize(8)
        .anySatisfy(p -> assertThat(p).contains("'silver_run_id'"))
        .anySatisfy(p -> assertThat(p).contains("'Record_Hash'"))
        .anySatisfy(p -> assertThat(p).contains("'is_duplicate'"))
        .anySatisfy(p -> assertThat(p).contains("'raw_revenue'"))
        .anySatisfy(p -> assertThat(p).contains("'_delete'"))
        .anySatisfy(p -> assertThat(p).contains("'a.b'"))
        .anySatisfy(p -> assertThat(p).contains("'a`b'"))
        .anySatisfy(p -> assertThat(p).contains("'a\\nb'"));
    assertThat(result.extraColumns()).isEmpty();
  }

  @Test
  void aNewColumnWithTwoTypesAcrossFiles() {
    FileSchemaCheck.Result result =
        check(
            file("a", CONTRACT.add("referrer", DataTypes.StringType)),
            file("b", CONTRACT.add("referrer", DataTypes.IntegerType)));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("/b: column referrer is INT but STRING in")
        .contains("/a");
  }

  @Test
  void anUnreadableFileIsNamedWithItsProblem() {
    FileSchemaCheck.Result result =
        check(new FileFooters.Footer(new Path("/bronze/t/x.txt"), null, "not a Parquet file"));

    assertThat(result.problems()).containsExactly("/bronze/t/x.txt: not a Parquet file");
  }
}
