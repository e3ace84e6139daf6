package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptsTest {
  @Test
  void aStatementEndsWithALineEndingInASemicolon() {
    String text =
        String.join(
            "\n",
            "-- leading comment, dropped",
            "",
            "SELECT 1,",
            "  -- a comment inside a statement is kept; so is ';' inside one",
            "  2 FROM t;",
            "CREATE TABLE x AS SELECT 'a;b' AS s  ;",
            "-- trailing comment");

    assertThat(SqlScripts.statements(text))
        .containsExactly(
            "SELECT 1,\n"
                + "  -- a comment inside a statement is kept; so is ';' inside one\n"
                + "  2 FROM t",
            "CREATE TABLE x AS SELECT 'a;b' AS s");
  }

  @Test
  void aStatementWithoutItsSemicolonIsAnError() {
    assertThatThrownBy(() -> SqlScripts.statements("SELECT 1;\nSELECT 2\n-- end"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without ';'");
  }

  @Test
  void placeholdersAreFilledByName() {
    assertThat(
            SqlScripts.fill(
                "COPY (SELECT * FROM ${t} WHERE x IN (${xs})) TO '${out}/${t}.parquet'",
                Map.of("t", "daily", "xs", "'a', 'b'", "out", "/tmp/$1")))
        .isEqualTo("COPY (SELECT * FROM daily WHERE x IN ('a', 'b')) TO '/tmp/$1/daily.parquet'");
  }

  @Test
  void aPlaceholderWithoutAValueIsAnError() {
    assertThatThrownBy(() -> SqlScripts.fill("SELECT ${a}, ${b}", Map.of("a", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot fill the SQL: no value for the placeholder ${b}");
  }

  @Test
  void aMissingResourceIsAnError() {
    assertThatThrownBy(() -> SqlScripts.load(SqlScriptsTest.class, "missing.sql"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Missing resource missing.sql");
  }
}
