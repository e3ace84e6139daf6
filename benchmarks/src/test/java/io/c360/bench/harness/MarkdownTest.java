package io.c360.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTest {
  @Test
  void theHeaderAlignsTextColumnsLeftAndNumbersRight() {
    assertThat(Markdown.header(2, "table", "column", "rows", "equal"))
        .isEqualTo("| table | column | rows | equal |\n|---|---|---:|---:|");
  }

  @Test
  void aTableOfNumbersOnlyHasNoTextColumn() {
    assertThat(Markdown.header(0, "a", "b")).isEqualTo("| a | b |\n|---:|---:|");
  }

  @Test
  void anEmptyCellIsASpaceBetweenItsBars() {
    assertThat(Markdown.row("total", "1.5", "100 %", "", ""))
        .isEqualTo("| total | 1.5 | 100 % | | |");
  }

  @Test
  void moreTextColumnsThanColumnsIsRefused() {
    assertThatThrownBy(() -> Markdown.header(3, "a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot print a table header: 3 text columns of 2");
  }

  @Test
  void cellsAreFormattedInTheRootLocale() {
    assertThat(Markdown.cell("%,.1f s", 1234.56)).isEqualTo("1,234.6 s");
  }
}
