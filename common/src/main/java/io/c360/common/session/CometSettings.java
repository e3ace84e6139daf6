package io.c360.common.session;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * Apache DataFusion Comet 0.12 (native execution), opt-in: off unless the Spark configuration sets
 * {@link #SWITCH} to {@code true}, and then applied by {@link SparkSessions} like the other tuned
 * defaults (a key the user set wins). docs/TUNING.md, "Native execution with Comet (opt-in)", says
 * what it pays and where it runs. Every key is checked against Comet 0.12.0's source
 * (apache/datafusion-comet, tag 0.12.0): {@code docs/source/user-guide/latest/installation.md},
 * {@code docs/source/user-guide/latest/tuning.md}, {@code
 * common/src/main/scala/org/apache/comet/CometConf.scala} and {@code
 * spark/src/main/scala/org/apache/spark/Plugins.scala}.
 */
public final class CometSettings {
  /** The one switch: {@code --conf spark.c360.comet.enabled=true} (run_pipeline.py --comet). */
  public static final String SWITCH = "spark.c360.comet.enabled";

  public static final String PLUGIN = "org.apache.spark.CometPlugin";
  public static final String SHUFFLE_MANAGER =
      "org.apache.spark.sql.comet.execution.shuffle.CometShuffleManager";
  static final String PLUGINS_KEY = "spark.plugins";
  static final String OFF_HEAP_ENABLED = "spark.memory.offHeap.enabled";

  /**
   * Off-heap pool per executor (in local mode, the driver JVM), beside the heap: Comet's native
   * operators, and Spark's own execution memory once off-heap is on, draw on it (tuning.md,
   * "Configuring Comet Memory"). 2 GB is 1 GB per core of the 2-core machine the benchmarks run on;
   * a cluster sizes it per executor with {@code spark.memory.offHeap.size}.
   */
  static final String DEFAULT_OFF_HEAP_SIZE = "2g";

  private CometSettings() {}

  /** Whether {@code conf} asks for Comet. */
  public static boolean enabled(SparkConf conf) {
    return conf.getBoolean(SWITCH, false);
  }

  /** The settings the switch turns on, each a default the user's own value overrides. */
  public static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    // Explicit: spark.comet.enabled defaults to true, or to the ENABLE_COMET environment variable.
    defaults.put("spark.comet.enabled", "true");
    defaults.put("spark.comet.exec.enabled", "true");
    // Plugins.scala (CometDriverPlugin.init): without off-heap memory the plugin disables itself
    // with only a warning, so off-heap is on and sized whenever Comet is.
    defaults.put(OFF_HEAP_ENABLED, "true");
    defaults.put("spark.memory.offHeap.size", DEFAULT_OFF_HEAP_SIZE);
    // tuning.md, "Shuffle": the shuffle manager is static (set before the SparkContext starts);
    // spark.comet.exec.shuffle.enabled switches Comet's shuffle on under it.
    defaults.put("spark.shuffle.manager", SHUFFLE_MANAGER);
    defaults.put("spark.comet.exec.shuffle.enabled", "true");
    // Comet's native Iceberg reader (iceberg-rust) stays off (CometConf.scala: default false, set
    // here so that no spark-defaults.conf turns it on): up to Comet 0.17.0 it can drop the delete
    // files of a merge-on-read table and return deleted rows (apache/datafusion-comet issue 4723,
    // fixed by PR 4760 in 1.0.0 and back-ported to 0.17.1 by PR 4829). Iceberg's own reader reads
    // our tables; Comet accelerates what follows the scan.
    defaults.put("spark.comet.scan.icebergNative.enabled", "false");
    return defaults;
  }

  /**
   * Applies the Comet settings to {@code conf} when the switch is on; does nothing otherwise.
   *
   * @throws IllegalArgumentException the switch is on but the Comet jar is not on the classpath, or
   *     the user turned off-heap memory off (Comet would then silently not run)
   */
  static void apply(SparkConf conf) {
    if (!enabled(conf)) {
      return;
    }
    requirePlugin();
    if (!conf.getBoolean(OFF_HEAP_ENABLED, true)) {
      throw new IllegalArgumentException(
          SWITCH
              + "=true needs "
              + OFF_HEAP_ENABLED
              + "=true: the Comet plugin disables itself without off-heap memory. Remove "
              + OFF_HEAP_ENABLED
              + "=false, or turn Comet off");
    }
    defaults().forEach(conf::setIfMissing);
    conf.set(PLUGINS_KEY, withPlugin(conf.get(PLUGINS_KEY, "")));
  }

  /** The user's plugins are kept; Comet's is appended when missing. */
  static String withPlugin(String userPlugins) {
    boolean present =
        Arrays.stream(userPlugins.split(",")).map(String::trim).anyMatch(PLUGIN::equals);
    if (present) {
      return userPlugins;
    }
    return userPlugins.isBlank() ? PLUGIN : userPlugins + "," + PLUGIN;
  }

  private static void requirePlugin() {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class.forName(PLUGIN, false, loader != null ? loader : CometSettings.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          SWITCH
              + "=true but the Comet jar (org.apache.datafusion:comet-spark-spark3.5_2.12) is not"
              + " on the classpath. Run with run_pipeline.py --comet, or add the jar to"
              + " spark.driver.extraClassPath and spark.executor.extraClassPath (docs/TUNING.md)",
          e);
    }
  }
}
