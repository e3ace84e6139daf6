package io.c360.bench.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.bench.harness.SqlScripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuckDbSilverTest {
  @Test
  void theLookupTablesAgreeWithSilversStandardizers() {
    // setup() checks every state row against Subdivisions and fails when they disagree.
    assertThat(DuckDbSilver.setup())
        .hasSize(8)
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TEMP TABLE states AS SELECT * FROM"));
  }

  @Test
  void everyPlaceholderOfTheStepsHasAValue() {
    Map<String, String> values = DuckDbSilver.values(Path.of("/bronze"), Path.of("/out"));
    for (String resource :
        List.of(
            "checked-customers.sql",
            "checked-interactions.sql",
            "accepted-interactions.sql",
            "latest-customers.sql",
            "quarantine.sql")) {
      assertThat(SqlScripts.load(DuckDbSilver.class, resource, values))
          .as(resource)
          .isNotEmpty()
          .allSatisfy(statement -> assertThat(statement).doesNotContain("${"));
    }
  }

  @Test
  void theRuleIdsComeFromSilversRules() {
    String checked =
        SqlScripts.load(
                DuckDbSilver.class,
                "checked-interactions.sql",
                DuckDbSilver.values(Path.of("/bronze"), Path.of("/out")))
            .get(0);
    assertThat(checked)
        .contains("THEN 'orphan_customer' END")
        .contains("read_parquet('/bronze/customer_interactions/*/*.parquet'");
  }
}
