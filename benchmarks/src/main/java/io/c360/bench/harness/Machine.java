package io.c360.bench.harness;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** What the machine and the JVM say about a run: GC time, heap limit, peak RSS, load average. */
public final class Machine {
  private Machine() {}

  /** Milliseconds all garbage collectors have spent so far. */
  public static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(millis -> millis > 0)
        .sum();
  }

  /**
   * CPU seconds the whole process has used so far: every JVM thread (Spark's tasks, the driver, GC,
   * JIT) and the native threads DuckDB runs in the same process.
   */
  public static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** The heap limit (-Xmx) in MB. */
  private static long heapLimitMb() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  /**
   * The cores both engines get and the heap: "2 cores (Spark local[2], DuckDB threads=2), driver
   * heap 1024 MB".
   */
  public static String cores(int threads) {
    return String.format(
        Locale.ROOT,
        "%d cores (Spark local[%d], DuckDB threads=%d), driver heap %d MB",
        threads,
        threads,
        threads,
        heapLimitMb());
  }

  /** The heap limit and the peak resident set, in one sentence. */
  public static String memory() {
    return String.format(
        Locale.ROOT,
        "Heap limit %d MB. Peak resident set of the process (Spark and DuckDB's native memory): %s",
        heapLimitMb(),
        peakRss());
  }

  /** The process's peak resident set (VmHWM), as /proc says it, e.g. "1234567 kB". */
  public static String peakRss() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("VmHWM"))
          .map(line -> line.replaceAll("\\s+", " ").substring(6).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The load average over 1, 5 and 15 minutes, e.g. "1.20, 0.80, 0.50". */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(", ", Arrays.asList(fields).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
