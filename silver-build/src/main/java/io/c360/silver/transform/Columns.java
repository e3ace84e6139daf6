package io.c360.silver.transform;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/** Column expressions the transforms share. */
public final class Columns {
  private Columns() {}

  /**
   * Removes format characters (Unicode category Cf: zero-width space and joiners, word joiner, byte
   * order mark, bidi controls), trims Unicode whitespace at both ends and collapses inner runs to
   * one space. The same as {@code standardize.Text.clean}, in Spark SQL (Java regular expressions).
   */
  public static Column cleanText(Column text) {
    // Nearly every value is ASCII (as many characters as UTF-8 bytes) without ASCII whitespace
    // but single inner spaces: the regular expressions would return it unchanged. In ASCII,
    // \p{Cf} matches nothing, \p{Z} only the space, and \s the space, tab, line feed, vertical
    // tab, form feed and carriage return.
    Column plain =
        octet_length(text)
            .equalTo(length(text))
            .and(not(text.startsWith(" ")))
            .and(not(text.endsWith(" ")))
            .and(not(text.contains("  ")))
            .and(length(translate(text, "\t\n\u000B\f\r", "")).equalTo(length(text)));
    return when(plain, text).otherwise(cleanTextByRegex(text));
  }

  private static Column cleanTextByRegex(Column text) {
    Column visible = regexp_replace(text, "\\p{Cf}+", "");
    return regexp_replace(
        regexp_replace(visible, "^[\\p{Z}\\s]+|[\\p{Z}\\s]+$", ""), "[\\p{Z}\\s]+", " ");
  }

  /**
   * The ids of the rules a row breaks: {@code checks} are each a rule id when broken, else null.
   * Spark evaluates {@code array_compact} (a higher-order function) without generated code, and
   * with it every expression of its argument, boxing as it goes: on a row that breaks no rule,
   * nearly all of them, that cost 9 % of silver's CPU (JFR, docs/BENCHMARKS.md). So the generated
   * code first tests whether any check fired, and builds the array only for the rows that broke a
   * rule; the others get the same empty array as a constant.
   */
  public static Column ruleIds(List<Column> checks) {
    Column anyBroken = lit(false);
    for (Column check : checks) {
      anyBroken = anyBroken.or(check.isNotNull());
    }
    Column[] all = checks.toArray(Column[]::new);
    return when(anyBroken, array_compact(array(all)))
        .otherwise(array_compact(array(lit(null).cast("string"))));
  }

  /** {@link #cleanText} in lower case, with empty as null. */
  public static Column cleanLower(Column text) {
    Column cleaned = lower(cleanText(text));
    return when(cleaned.notEqual(lit("")), cleaned);
  }

  /**
   * Microseconds since the epoch of a timestamp: time-zone independent, unlike a cast or {@code
   * to_date}, which use the session time zone ({@code unix_micros}, Spark 3.1+).
   */
  public static Column epochMicros(Column timestamp) {
    return call_function("unix_micros", timestamp);
  }

  /** Microseconds since the epoch of the UTC start of a date ({@code unix_date}, Spark 3.1+). */
  public static Column dayStartMicros(Column date) {
    return call_function("unix_date", date)
        .cast("long")
        .multiply(lit(io.c360.silver.validate.Domains.MICROS_PER_DAY));
  }

  /**
   * A 64-bit hash of the named columns' values: equal rows, equal hash. Spark's {@code xxhash64}
   * skips null arguments (sql/catalyst/.../expressions/hash.scala, {@code HashExpression}: a null
   * child leaves the running hash unchanged), so {@code (1, null)} and {@code (null, 1)} would hash
   * alike; every value is therefore preceded by its {@code isnull} marker, which is never null.
   */
  public static Column recordHash(List<String> columns) {
    List<Column> marked = new ArrayList<>();
    for (String name : columns) {
      marked.add(isnull(col(name)));
      marked.add(col(name));
    }
    return xxhash64(marked.toArray(Column[]::new));
  }

  /**
   * The silver row: the business columns, the {@code record_hash} of their values, and the lineage
   * of the run that wrote it.
   */
  public static Column[] silverRow(
      List<String> business, String runId, java.sql.Timestamp loadedAt) {
    return concatColumns(
        business,
        recordHash(business).as(io.c360.common.naming.SilverColumns.RECORD_HASH),
        lit(runId).as(io.c360.common.naming.SilverColumns.RUN_ID),
        lit(loadedAt).as(io.c360.common.naming.SilverColumns.LOADED_AT));
  }

  /** The named columns, then {@code extra}. */
  public static Column[] concatColumns(List<String> names, Column... extra) {
    List<Column> all = new ArrayList<>();
    names.forEach(name -> all.add(col(name)));
    all.addAll(List.of(extra));
    return all.toArray(Column[]::new);
  }
}
