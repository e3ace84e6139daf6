package io.c360.silver.transform;

import static io.c360.common.naming.BronzeColumns.*;
import static io.c360.common.naming.SilverColumns.*;
import static org.apache.spark.sql.functions.*;

import io.c360.common.naming.Tables;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Quarantine rows: the rejected bronze row whole, as received, as a JSON object with every column
 * (nulls included), with its rules, bronze table, partition and the run id.
 */
public final class Quarantine {
  private static final Map<String, String> ALL_FIELDS = Map.of("ignoreNullFields", "false");

  private Quarantine() {}

  /** Rejected customers, from {@link CustomerTransforms#withRuleIds} output. */
  public static Dataset<Row> fromCustomers(Dataset<Row> checked, String runId, Timestamp at) {
    Column[] record =
        Arrays.stream(checked.columns())
            .filter(name -> name.startsWith(CustomerTransforms.RAW_PREFIX))
            .map(name -> col(name).as(name.substring(CustomerTransforms.RAW_PREFIX.length())))
            .toArray(Column[]::new);
    Column date = col(CustomerTransforms.rawName(EVENT_DATE));
    Column id = col(CustomerTransforms.rawName(CUSTOMER_ID));
    return select(
        checked.filter(size(col(RULE_IDS)).gt(0)),
        runId,
        at,
        Tables.BRONZE_CUSTOMERS,
        date,
        id.cast("string"),
        id,
        to_json(struct(record), ALL_FIELDS));
  }

  /** Rejected interactions (duplicates are removed, not quarantined). */
  public static Dataset<Row> fromInteractions(
      Dataset<Row> checked, List<String> bronzeColumns, String runId, Timestamp at) {
    Column[] record =
        bronzeColumns.stream()
            .map(
                name ->
                    InteractionTransforms.RAW_COLUMNS.containsKey(name)
                        ? col(InteractionTransforms.RAW_COLUMNS.get(name)).as(name)
                        : col(name))
            .toArray(Column[]::new);
    return select(
        checked.filter(not(col(InteractionTransforms.IS_DUPLICATE)).and(size(col(RULE_IDS)).gt(0))),
        runId,
        at,
        Tables.BRONZE_INTERACTIONS,
        col(EVENT_DATE),
        col(INTERACTION_ID).cast("string"),
        col(CUSTOMER_ID),
        to_json(struct(record), ALL_FIELDS));
  }

  private static Dataset<Row> select(
      Dataset<Row> rejected,
      String runId,
      Timestamp at,
      String table,
      Column date,
      Column key,
      Column customerId,
      Column record) {
    return rejected.select(
        lit(runId).as(RUN_ID),
        lit(at).as(QUARANTINED_AT),
        lit(table).as(SOURCE_TABLE),
        date.as(EVENT_DATE),
        concat(lit(EVENT_DATE + "="), date.cast("string")).as(SOURCE_PARTITION),
        key.as(RECORD_KEY),
        customerId.as(CUSTOMER_ID),
        col(RULE_IDS),
        record.as(RECORD));
  }
}
