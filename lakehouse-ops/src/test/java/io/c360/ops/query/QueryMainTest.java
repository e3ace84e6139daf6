package io.c360.ops.query;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.testing.SparkTestBase;
import io.c360.ops.LakehouseFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query class on the small lakehouse of {@link LakehouseFixture}: each statement runs in a
 * session of its own (sharing the class's SparkContext and warehouse), as each call of {@code
 * run_pipeline.py query} does.
 */
class QueryMainTest extends SparkTestBase {
  @BeforeAll
  static void lakehouse() {
    LakehouseFixture.reset(spark);
  }

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome query(String sql, String... options) {
    return query(UnaryOperator.identity(), sql, options);
  }

  /** Runs the query in a new session, prepared by {@code prepare} as a user's settings would. */
  private static Outcome query(UnaryOperator<SparkSession> prepare, String sql, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[options.length + 4];
    args[0] = "--warehouse";
    args[1] = temp.resolve("warehouse").toUri().toString();
    args[2] = "--sql";
    args[3] = sql;
    System.arraycopy(options, 0, args, 4, options.length);
    int exit =
        QueryMain.run(
            args,
            settings -> prepare.apply(spark.newSession()),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    return new Outcome(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void namesWithoutACatalogResolveInTheLakehouseAsOnTrino() {
    Outcome run = query("SELECT count(*) AS n FROM silver.interactions", "--format", "csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("n\n3\n");
  }

  @Test
  void qualifiedNamesKeepWorking() {
    Outcome run =
        query("SELECT count(*) AS n FROM lakehouse.silver.interactions", "--format", "csv");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualToNormalizingNewlines("n\n3\n");
  }

  @Test
  void metadataTablesResolveWithAndWithoutTheCatalog() {
    long snapshots =
        spark
            .sql("SELECT count(*) FROM lakehouse.silver.interactions.snapshots")
            .first()
            .getLong(0);
    for (String table :
        new String[] {"lakehouse.silver.interactions.snapshots", "silver.interactions.snapshots"}) {
      Outcome run = query("SELECT count(*) AS n FROM " + table, "--format", "csv");
      assertThat(run.exitCode()).as(table + ": " + run.err()).isZero();
      assertThat(run.out()).as(table).isEqualToNormalizingNewlines("n\n" + snapshots + "\n");
    }
  }

  @Test
  void theTableFormatPrintsTheRows() {
    Outcome run =
        query("SELECT customer_id FROM silver.interactions ORDER BY customer_id", "--limit", "2");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("|customer_id|", "|1          |", "|2          |");
    assertThat(run.out()).doesNotContain("|3 ").contains("only showing top 2 rows");
  }

  @Test
  void aDefaultCatalogTheUserSetIsKept() {
    Outcome run =
        query(
            session -> {
              session.conf().set(QueryMain.DEFAULT_CATALOG, "spark_catalog");
              return session;
            },
            "SELECT count(*) FROM silver.interactions");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("query: ").contains("silver", "interactions");
  }

  @Test
  void anUnknownTableIsAUsageError() {
    Outcome run = query("SELECT * FROM silver.no_such_table");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("query: ").contains("no_such_table");
  }
}
