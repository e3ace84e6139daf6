package io.c360.bronze.source;

import io.c360.bronze.generate.CustomerGenerator;
import io.c360.bronze.generate.GenerationPlan;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.bronze.generate.InteractionGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark data source (DataSource V2) that generates one day of a bronze table in parallel slices.
 * Rows go from the generator to the writer as {@link InternalRow}s, with no conversion from Java
 * objects on the way.
 *
 * <p>Options: the {@link GenerationSpec} ({@link GenerationSpec#toOptions()}), {@code table}
 * (customers or customer_interactions), {@code day} (index of the day in the window) and {@code
 * slices} (tasks, and so files, for that day).
 */
public final class SyntheticBronzeSource implements TableProvider {
  public static final String TABLE = "table";
  public static final String DAY = "day";
  public static final String SLICES = "slices";

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return BronzeTable.fromName(options.get(TABLE)).fileSchema();
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

  private record GeneratedScan(StructType schema, Map<String, String> options)
      implements Scan, Batch {
    @Override
    public StructType readSchema() {
      return schema;
    }

    @Override
    public String description() {
      return "SyntheticBronze[" + options.get(TABLE) + ", day " + options.get(DAY) + "]";
    }

    @Override
    public Batch toBatch() {
      return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
      GenerationSpec spec = GenerationSpec.fromOptions(options);
      BronzeTable table = BronzeTable.fromName(options.get(TABLE));
      int day = Integer.parseInt(options.get(DAY));
      int slices = Integer.parseInt(options.get(SLICES));
      return slices(spec.plan(), table, day, slices).toArray(InputPartition[]::new);
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
