package io.c360.bronze.source;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * A contiguous range of rows of one day: indexes in the day for interactions, customer ids for
 * customers. One slice is one Spark task and one Parquet file.
 */
public record Slice(int dayIndex, long from, long to) implements InputPartition {
  public Slice {
    if (from > to) {
      throw new IllegalArgumentException("Cannot slice rows: from " + from + " > to " + to);
    }
  }

  public long rows() {
    return to - from;
  }
}
