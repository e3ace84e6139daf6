package io.c360.bench.harness;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap occupancy seen right after a garbage collection: the live data a step needs,
 * which a fixed heap must hold (occupancy before a collection only says the heap filled up).
 */
public final class LiveHeap {
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

  public static void reset() {
    MAX.set(0);
  }

  public static long max() {
    return MAX.get();
  }
}
