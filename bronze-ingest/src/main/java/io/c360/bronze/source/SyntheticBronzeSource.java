package io.c360.bronze.source;

import io.c360.bronze.generate.CustomerGenerator;
import io.c360.bronze.generate.GenerationPlan;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.generate.InteractionGenerator;
import io.c360.common.naming.BronzeColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsReportOrdering;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark data source (DataSource V2) that generates a bronze table for the window in parallel
 * slices, each slice one date's range of rows. Rows go from the generator to the writer as {@link
 * InternalRow}s, with no conversion from Java objects on the way. The scan reports that each task
 * holds a single {@code event_date}, so a write partitioned by date needs no sort.
 *
 * <p>Options: the {@link GenerationSpec} ({@link GenerationSpec#toOptions()}), {@code table}
 * (customers or customer_interactions) and {@code filesPerDay} (comma-separated slice counts, one
 * per date of the window).
 */
public final class SyntheticBronzeSource implements TableProvider {
  public static final String TABLE = "table";
  public static final String FILES_PER_DAY = "filesPerDay";

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return BronzeTable.fromName(options.get(TABLE)).schema();
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new GeneratedTable(schema, properties);
  }

  /** The slices of one day: equal ranges of its rows. */
  public static List<Slice> slices(GenerationPlan plan, BronzeTable table, int day, int slices) {
    long first = table == BronzeTable.CUSTOMERS ? plan.firstCustomerWrittenOn(day) : 0;
    long rows =
        table == BronzeTable.CUSTOMERS ? plan.customersWrittenOn(day) : plan.interactionsOn(day);
    int count = (int) Math.max(1, Math.min(slices, rows));
    List<Slice> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      result.add(new Slice(day, first + rows * i / count, first + rows * (i + 1) / count));
    }
    return result;
  }

  private record GeneratedTable(StructType schema, Map<String, String> properties)
      implements SupportsRead {
    @Override
    public String name() {
      return "synthetic_" + properties.get(TABLE);
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return () -> new GeneratedScan(schema, options.asCaseSensitiveMap());
    }
  }

  /** The slices of all dates of the window: {@code filesPerDay[d]} slices for date {@code d}. */
  public static List<Slice> slices(GenerationPlan plan, BronzeTable table, int[] filesPerDay) {
    List<Slice> result = new ArrayList<>();
    for (int day = 0; day < filesPerDay.length; day++) {
      if (rowsOn(plan, table, day) > 0) {
        result.addAll(slices(plan, table, day, filesPerDay[day]));
      }
    }
    return result;
  }

  /** Rows of {@code table} on date {@code day} of the window. */
  public static long rowsOn(GenerationPlan plan, BronzeTable table, int day) {
    return table == BronzeTable.CUSTOMERS ? plan.customersWrittenOn(day) : plan.interactionsOn(day);
  }

  public static String encodeFilesPerDay(int[] filesPerDay) {
    return Arrays.stream(filesPerDay).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  static int[] decodeFilesPerDay(String encoded) {
    return Arrays.stream(encoded.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private record GeneratedScan(StructType schema, Map<String, String> options)
      implements Scan, Batch, SupportsReportOrdering {
    @Override
    public SortOrder[] outputOrdering() {
      // Every slice holds rows of one date only, so each task's output is ordered by it.
      return new SortOrder[] {
        Expressions.sort(Expressions.column(BronzeColumns.EVENT_DATE), SortDirection.ASCENDING)
      };
    }

    @Override
    public StructType readSchema() {
      return schema;
    }

    @Override
    public String description() {
      return "SyntheticBronze[" + options.get(TABLE) + "]";
    }

    @Override
    public Batch toBatch() {
      return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
      GenerationSpec spec = GenerationSpec.fromOptions(options);
      BronzeTable table = BronzeTable.fromName(options.get(TABLE));
      int[] filesPerDay = decodeFilesPerDay(options.get(FILES_PER_DAY));
      return slices(spec.plan(), table, filesPerDay).toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new ReaderFactory(
          GenerationSpec.fromOptions(options), BronzeTable.fromName(options.get(TABLE)));
    }
  }

  private record ReaderFactory(GenerationSpec spec, BronzeTable table)
      implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      Slice slice = (Slice) partition;
      GenerationPlan plan = spec.plan();
      return table == BronzeTable.CUSTOMERS
          ? new CustomerReader(new CustomerGenerator(plan), slice)
          : new InteractionReader(new InteractionGenerator(plan), slice);
    }
  }

  private static final class InteractionReader implements PartitionReader<InternalRow> {
    private final InteractionGenerator generator;
    private final Slice slice;
    private final SpecificInternalRow row = InteractionGenerator.newRow();
    private long next;

    InteractionReader(InteractionGenerator generator, Slice slice) {
      this.generator = generator;
      this.slice = slice;
      this.next = slice.from();
    }

    @Override
    public boolean next() {
      if (next >= slice.to()) {
        return false;
      }
      generator.fill(slice.dayIndex(), next++, row);
      return true;
    }

    @Override
    public InternalRow get() {
      return row;
    }

    @Override
    public void close() {}
  }

  private static final class CustomerReader implements PartitionReader<InternalRow> {
    private final CustomerGenerator generator;
    private final Slice slice;
    private final SpecificInternalRow row = CustomerGenerator.newRow();
    private long next;

    CustomerReader(CustomerGenerator generator, Slice slice) {
      this.generator = generator;
      this.slice = slice;
      this.next = slice.from();
    }

    @Override
    public boolean next() {
      if (next >= slice.to()) {
        return false;
      }
      generator.fill(next++, slice.dayIndex(), row);
      return true;
    }

    @Override
    public InternalRow get() {
      return row;
    }

    @Override
    public void close() {}
  }
}
