package io.c360.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What every stage's benchmark measures and prints the same way: GC, heap, load, medians, files.
 */
final class BenchmarkSupport {
  private BenchmarkSupport() {}

  /**
   * The positional arguments of the stage benchmarks (scripts/benchmark.py passes them): volume,
   * days, work folder, threads and rounds, each with its default when missing.
   */
  record RunArgs(long interactions, int days, Path work, int threads, int repeats) {
    static RunArgs parse(String[] args, long defaultInteractions, String defaultWork) {
      return new RunArgs(
          args.length > 0 ? Long.parseLong(args[0]) : defaultInteractions,
          args.length > 1 ? Integer.parseInt(args[1]) : 30,
          Path.of(args.length > 2 ? args[2] : defaultWork).toAbsolutePath(),
          args.length > 3 ? Integer.parseInt(args[3]) : 2,
          args.length > 4 ? Integer.parseInt(args[4]) : 3);
    }
  }

  static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .filter(millis -> millis > 0)
        .sum();
  }

  static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  static String peakRss() {
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

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(", ", Arrays.asList(fields).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String uri(Path path) {
    return path.toUri().toString().replaceAll("/$", "");
  }

  /**
   * The largest heap occupancy seen right after a garbage collection: the live data a step needs,
   * which a fixed heap must hold (occupancy before a collection only says the heap filled up).
   */
  static final class LiveHeap {
    private static final AtomicLong MAX = new AtomicLong();

    static {
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) collector)
            .addNotificationListener(
                (notification, handback) -> {
                  if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                      notification.getType())) {
                    return;
                  }
                  GarbageCollectionNotificationInfo info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long used =
                      info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                          .mapToLong(MemoryUsage::getUsed)
                          .sum();
                  MAX.accumulateAndGet(used, Math::max);
                },
                null,
                null);
      }
    }

    private LiveHeap() {}

    static void reset() {
      MAX.set(0);
    }

    static long max() {
      return MAX.get();
    }
  }
}
