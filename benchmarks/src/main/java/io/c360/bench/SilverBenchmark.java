package io.c360.bench;

import static io.c360.bench.BenchmarkSupport.*;

import io.c360.bench.BenchmarkSupport.LiveHeap;
import io.c360.bench.harness.Folders;
import io.c360.bronze.BronzeIngestMain;
import io.c360.bronze.BronzeOptions;
import io.c360.bronze.generate.GenerationSpec;
import io.c360.common.Target;
import io.c360.common.audit.AuditLog;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.ExitCode;
import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.naming.UsStates;
import io.c360.common.naming.Vocabulary;
import io.c360.common.report.RunReport;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import io.c360.silver.SilverBuildMain;
import io.c360.silver.SilverOptions;
import io.c360.silver.standardize.Countries;
import io.c360.silver.standardize.Subdivisions;
import io.c360.silver.validate.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The silver benchmark (docs/BENCHMARKS.md): in one JVM, on the same cores,
 *
 * <ol>
 *   <li>the silver job on 31 days of bronze into an empty warehouse (the full run),
 *   <li>the incremental case: the 31st day, which bronze delivered as a window of its own, on top
 *       of the first 30 days, which silver loaded into another warehouse once, before the rounds
 *       (every round first rolls that warehouse's tables back to those 30 days),
 *   <li>DuckDB doing the SQL-expressible part of the same cleansing, validation, deduplication and
 *       enrichment on the same bronze Parquet, writing accepted and quarantined rows as Parquet.
 * </ol>
 *
 * <p>The bronze data is generated once, by the bronze job, as two windows: days 1 to 30, then day
 * 31 with its own manifest (the way a daily bronze run delivers a new day). Each silver run gets a
 * session of its own ({@link SparkSession#newSession()}, same SparkContext and tuned settings)
 * whose catalog points at a fresh warehouse.
 *
 * <p>Arguments: {@code [interactions] [days] [work-dir] [threads] [repeats]}: interactions over
 * {@code days + 1} dates. Each round runs the three in turn; medians and ranges over the rounds are
 * printed last, with where silver's time goes (its steps, which are Spark job groups).
 */
public final class SilverBenchmark {
  private static final long SEED = 42;
  private static final LocalDate START = LocalDate.parse("2026-01-01");
  private static final double DEFECT_RATE = 0.02;

  /** silver-build's default data-quality gate (SilverCommand). */
  private static final double MAX_REJECT_RATE = 0.05;

  private static final String JOB_GROUP_PREFIX = SilverBuildMain.JOB + ":";

  /** Silver's steps, in the order the job runs them (Spark job groups "silver-build:<step>"). */
  private static final List<String> STEPS =
      List.of(
          "plan",
          "validate",
          "commit_quarantine",
          "commit_interactions",
          "commit_customers",
          "commit_progress");

  private static final String OUTSIDE_STEPS = "outside the steps (reads, table setup, audit row)";

  private static final String FULL = "silver job, all days into an empty warehouse";
  private static final String BASE =
      "silver job, all days but the last (the incremental's starting point)";
  private static final String NEW_DAY =
      "silver job, the last day on top of the others (incremental)";
  private static final String DUCKDB = "DuckDB, SQL-expressible part of silver, all days";

  private SilverBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkSupport.RunArgs run =
        BenchmarkSupport.RunArgs.parse(args, 1_000_000L, "target/bench-silver");
    long interactions = run.interactions();
    int days = run.days();
    Path work = run.work();
    int threads = run.threads();
    int repeats = run.repeats();
    // Fail fast, before generating anything, if DuckDB's lookup tables disagree with silver.
    DuckDbSilver.setup();
    deleteRecursively(work);
    Files.createDirectories(work);

    SparkSession spark = session(threads, work.resolve("warehouse-unused"));
    JobGroupTimes groupTimes = new JobGroupTimes();
    spark.sparkContext().addSparkListener(groupTimes);

    System.out.printf(Locale.ROOT, "generating bronze: %,d interactions%n", interactions);
    Path bronze = work.resolve("bronze");
    long customers = Math.max(10, interactions / 40);
    generateBronze(spark, bronze, interactions, customers, days);

    // The incremental's starting point, once: days 1..30 into a warehouse of their own. It is
    // also the warm-up (class loading, JIT) of every code path the timed runs take.
    Path incremental = work.resolve("incremental");
    Measured base =
        measure(
            BASE,
            () ->
                silver(
                    warehouseSession(spark, incremental),
                    groupTimes,
                    bronze,
                    incremental,
                    Optional.of(new DateRange(START, START.plusDays(days - 1L)))));
    Map<String, Long> baseSnapshots = currentSnapshots(warehouseSession(spark, incremental));

    String loadBefore = loadAverage();
    List<Round> rounds = new ArrayList<>();
    for (int round = 1; round <= repeats; round++) {
      System.out.printf(Locale.ROOT, "round %d of %d%n", round, repeats);
      Path full = work.resolve("round-" + round + "-full");
      Path duckdb = work.resolve("round-" + round + "-duckdb");
      Measured fullRun =
          measure(
              FULL,
              () ->
                  silver(
                      warehouseSession(spark, full), groupTimes, bronze, full, Optional.empty()));
      // Every round adds the same new day to the same 30 days: the tables go back to the
      // snapshots the starting point committed, so silver sees day 31 as new again.
      SparkSession onTop = warehouseSession(spark, incremental);
      rollBack(onTop, baseSnapshots);
      Measured newDay =
          measure(NEW_DAY, () -> silver(onTop, groupTimes, bronze, incremental, Optional.empty()));
      Measured duck = measure(DUCKDB, () -> DuckDbSilver.run(bronze, duckdb, threads));
      rounds.add(new Round(fullRun, newDay, duck));
      if (round < repeats) {
        // Keep the last round's outputs to look at; the others only take disk space.
        deleteRecursively(full);
        deleteRecursively(duckdb);
      }
    }
    String loadAfter = loadAverage();
    spark.stop();

    for (int i = 0; i < rounds.size(); i++) {
      printRound(i + 1, rounds.get(i), threads, interactions, customers, days);
    }
    printBase(base, threads);
    printCounts(rounds.get(rounds.size() - 1));
    printMedians(rounds, threads);
    printSteps(rounds, FULL, Round::full);
    printSteps(rounds, NEW_DAY, Round::newDay);
    printDuckSteps(rounds);
    System.out.println();
    // Other processes share the cores: the load average says how much.
    System.out.printf(
        Locale.ROOT,
        "Load average (1, 5, 15 minutes) before the rounds: %s; after them: %s%n",
        loadBefore,
        loadAfter);
  }

  static SparkSession session(int threads, Path warehouse) {
    SparkConf conf =
        SparkSessions.resolve(
            new SparkConf()
                .set("spark.master", "local[" + threads + "]")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false"),
            new SessionSettings(
                "silver-benchmark",
                Target.LOCAL,
                Optional.of(warehouse.toUri().toString()),
                Optional.empty(),
                false));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * Bronze as a daily producer delivers it: days 1..{@code days} as one window, then the next day
   * as a window of its own (its own manifest and customer snapshot). Interactions are split in
   * proportion to the days, customers are the same population in both windows.
   */
  private static void generateBronze(
      SparkSession spark, Path root, long interactions, long customers, int days) {
    long firstWindow = interactions * days / (days + 1);
    bronzeWindow(
        spark, root, new GenerationSpec(SEED, customers, firstWindow, START, days, DEFECT_RATE));
    bronzeWindow(
        spark,
        root,
        new GenerationSpec(
            SEED, customers, interactions - firstWindow, START.plusDays(days), 1, DEFECT_RATE));
  }

  private static void bronzeWindow(SparkSession spark, Path root, GenerationSpec spec) {
    BronzeOptions options =
        new BronzeOptions(
            new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
            uri(root),
            spec,
            OptionalInt.empty(),
            "snappy");
    BronzeIngestMain.run(
        spark,
        options,
        new RunReport("bench", BronzeIngestMain.JOB, options.parameters(), Clock.systemUTC()));
  }

  /**
   * A session of its own (same SparkContext and settings) whose catalog keeps its tables in {@code
   * warehouse}: a fresh catalog, with nothing cached from another warehouse.
   */
  private static SparkSession warehouseSession(SparkSession base, Path warehouse) {
    SparkSession spark = base.newSession();
    spark.conf().set("spark.sql.catalog." + Tables.CATALOG + ".warehouse", uri(warehouse));
    return spark;
  }

  /** Tables silver commits to, the audit table included. */
  private static final List<String> COMMITTED_TABLES =
      List.of(
          Qualified.SILVER_INTERACTIONS,
          Qualified.SILVER_CUSTOMERS,
          Qualified.SILVER_QUARANTINE,
          Qualified.AUDIT_SILVER_PROGRESS,
          AuditLog.TABLE);

  /** The current snapshot of each table silver commits to. */
  private static Map<String, Long> currentSnapshots(SparkSession spark) {
    Map<String, Long> snapshots = new LinkedHashMap<>();
    for (String table : COMMITTED_TABLES) {
      snapshots.put(
          table,
          spark
              .sql(
                  "SELECT snapshot_id FROM "
                      + table
                      + ".history WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1")
              .first()
              .getLong(0));
    }
    return snapshots;
  }

  /** Sets each table back to {@code snapshots} (Iceberg's rollback: metadata only). */
  private static void rollBack(SparkSession spark, Map<String, Long> snapshots) {
    Map<String, Long> current = currentSnapshots(spark);
    snapshots.forEach(
        (table, snapshot) -> {
          if (!snapshot.equals(current.get(table))) {
            String name = table.substring(table.indexOf('.') + 1);
            spark.sql(
                "CALL "
                    + Tables.CATALOG
                    + ".system.rollback_to_snapshot('"
                    + name
                    + "', "
                    + snapshot
                    + ")");
          }
        });
  }

  /**
   * One silver run as the job does it (the job body, then its audit row) in {@code spark}, whose
   * catalog keeps its tables in {@code warehouse}. A failed run (reconciliation, gate) throws.
   */
  private static SilverRun silver(
      SparkSession spark,
      JobGroupTimes groupTimes,
      Path bronze,
      Path warehouse,
      Optional<DateRange> dates) {
    SparkSession.setActiveSession(spark);
    SilverOptions options =
        new SilverOptions(
            new CatalogSettings(Target.LOCAL, Optional.of(uri(warehouse)), Optional.empty()),
            uri(bronze),
            dates,
            MAX_REJECT_RATE,
            Optional.empty());
    RunReport report =
        new RunReport(
            "bench-" + System.nanoTime(),
            SilverBuildMain.JOB,
            options.parameters(),
            Clock.systemUTC());
    groupTimes.reset();
    long start = System.nanoTime();
    SilverBuildMain.run(spark, options, report);
    report.finish(ExitCode.SUCCESS, null);
    AuditLog.append(spark, report);
    long end = System.nanoTime();
    Map<String, GroupTime> groups = groupTimes.snapshot(spark);
    Map<String, Double> steps = new LinkedHashMap<>();
    double inSteps = 0;
    for (String step : STEPS) {
      double seconds = report.durationsMs().getOrDefault(step, 0L) / 1e3;
      steps.put(step, seconds);
      inSteps += seconds;
    }
    steps.put(OUTSIDE_STEPS, (end - start) / 1e9 - inSteps);
    Map<String, Long> counts = new TreeMap<>(report.counts());
    counts.put("bytes_written", Folders.parquetBytes(warehouse));
    return new SilverRun(
        counts.getOrDefault(Tables.BRONZE_INTERACTIONS + ".rows", 0L), counts, steps, groups);
  }

  // ---------------------------------------------------------------------------------------------
  // Measurements

  /** What one run reports besides its wall time. */
  interface Outcome {
    /** Interaction rows read: the rate's numerator. */
    long rows();

    Map<String, Long> counts();
  }

  /** A silver run's counts (the run report's), its steps' wall seconds and its job groups. */
  record SilverRun(
      long rows, Map<String, Long> counts, Map<String, Double> steps, Map<String, GroupTime> groups)
      implements Outcome {}

  /** DuckDB's counts, named as silver's run report names them, and its statements' seconds. */
  record DuckRun(long rows, Map<String, Long> counts, Map<String, Double> steps)
      implements Outcome {}

  record Measured(
      String name, double seconds, double gcSeconds, long liveHeapBytes, Outcome outcome) {
    long rows() {
      return outcome.rows();
    }

    long bytes() {
      return outcome.counts().getOrDefault("bytes_written", 0L);
    }

    SilverRun silver() {
      return (SilverRun) outcome;
    }
  }

  record Round(Measured full, Measured newDay, Measured duck) {
    List<Measured> all() {
      return List.of(full, newDay, duck);
    }
  }

  private interface Step {
    Outcome run() throws Exception;
  }

  private static Measured measure(String name, Step step) throws Exception {
    System.gc();
    LiveHeap.reset();
    long gcStart = gcMillis();
    long start = System.nanoTime();
    Outcome outcome = step.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double gcSeconds = (gcMillis() - gcStart) / 1e3;
    System.out.printf(Locale.ROOT, "done: %s in %.1f s%n", name, seconds);
    return new Measured(name, seconds, gcSeconds, LiveHeap.max(), outcome);
  }

  /** Task time per Spark job group: where the executor cores spent a step. */
  record GroupTime(long jobs, long tasks, double taskSeconds, double cpuSeconds) {}

  /**
   * Sums the tasks of every job by job group. The job group of a stage is in its properties, which
   * Spark copies from the job's; jobs outside any group are counted under {@link #OUTSIDE_STEPS}.
   */
  static final class JobGroupTimes extends SparkListener {
    private static final String GROUP = "spark.jobGroup.id";
    private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
    private final Map<String, long[]> totals = new ConcurrentHashMap<>();

    void reset() {
      totals.clear();
    }

    Map<String, GroupTime> snapshot(SparkSession spark) {
      // Listener events arrive asynchronously; the counts are complete once the bus is drained.
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("Spark's listener bus did not drain: " + e, e);
      }
      Map<String, GroupTime> result = new LinkedHashMap<>();
      totals.forEach(
          (group, t) -> result.put(group, new GroupTime(t[0], t[1], t[2] / 1e3, t[3] / 1e9)));
      return result;
    }

    private static String step(java.util.Properties properties) {
      String group = properties == null ? null : properties.getProperty(GROUP);
      if (group == null || !group.startsWith(JOB_GROUP_PREFIX)) {
        return OUTSIDE_STEPS;
      }
      return group.substring(JOB_GROUP_PREFIX.length());
    }

    private long[] total(String step) {
      return totals.computeIfAbsent(step, s -> new long[4]);
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
      synchronized (this) {
        total(step(event.properties()))[0]++;
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
      stageGroups.put(event.stageInfo().stageId(), step(event.properties()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      if (event.taskMetrics() == null) {
        return;
      }
      String step = stageGroups.getOrDefault(event.stageId(), OUTSIDE_STEPS);
      synchronized (this) {
        long[] t = total(step);
        t[1]++;
        t[2] += event.taskMetrics().executorRunTime();
        t[3] += event.taskMetrics().executorCpuTime();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private static void printRound(
      int number, Round round, int threads, long interactions, long customers, int days) {
    double duckRate = round.duck().rows() / round.duck().seconds();
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Silver benchmark, round %d: %,d interactions and %,d customers per customer snapshot,"
            + " %d + 1 days, %d cores (Spark local[%d], DuckDB threads=%d), driver heap %d MB%n",
        number,
        interactions,
        customers,
        days,
        threads,
        threads,
        threads,
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println();
    System.out.println(
        "| run | seconds | interactions read | rows/s | rows/s per core | MB written | vs DuckDB"
            + " | % of the full run | GC s | max live heap MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Measured run : round.all()) {
      double rate = run.rows() / run.seconds();
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %,d | %,.0f | %,.0f | %s | %s | %s | %.1f | %d |%n",
          run.name(),
          run.seconds(),
          run.rows(),
          rate,
          rate / threads,
          run == round.newDay() ? "-" : String.format(Locale.ROOT, "%.0f", run.bytes() / 1e6),
          run == round.full() ? String.format(Locale.ROOT, "%.2fx", rate / duckRate) : "-",
          run == round.newDay()
              ? String.format(Locale.ROOT, "%.1f %%", 100 * run.seconds() / round.full().seconds())
              : "-",
          run.gcSeconds(),
          run.liveHeapBytes() >> 20);
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Heap limit %d MB. Peak resident set of the process (Spark and DuckDB's native memory):"
            + " %s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        peakRss());
  }

  private static void printBase(Measured base, int threads) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%s, once before the rounds (also the warm-up): %.1f s, %,d interactions, %,.0f rows/s,"
            + " %,.0f rows/s per core%n",
        base.name(),
        base.seconds(),
        base.rows(),
        base.rows() / base.seconds(),
        base.rows() / base.seconds() / threads);
  }

  /**
   * Silver's and DuckDB's counts side by side: the sanity check that DuckDB did comparable work.
   */
  private static void printCounts(Round round) {
    Map<String, Long> silver = round.full().outcome().counts();
    Map<String, Long> duck = round.duck().outcome().counts();
    System.out.println();
    System.out.println("Counts of the last round, full run (silver's run report) and DuckDB:");
    System.out.println();
    System.out.println("| count | silver | DuckDB | DuckDB - silver |");
    System.out.println("|---|---:|---:|---:|");
    List<String> names = new ArrayList<>();
    for (String table : List.of(Tables.BRONZE_CUSTOMERS, Tables.BRONZE_INTERACTIONS)) {
      for (String measure : List.of("rows", "duplicates", "quarantined", "accepted")) {
        names.add(table + "." + measure);
      }
      Rule.Source source =
          table.equals(Tables.BRONZE_CUSTOMERS) ? Rule.Source.CUSTOMERS : Rule.Source.INTERACTIONS;
      for (Rule rule : Rule.of(source)) {
        names.add(table + ".rule." + rule.id());
      }
    }
    names.add("customers_in_silver");
    for (String name : names) {
      long s = silver.getOrDefault(name, 0L);
      long d = duck.getOrDefault(name, 0L);
      if (s == 0 && d == 0 && name.contains(".rule.")) {
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %+,d |%n", name, s, d, d - s);
    }
  }

  private static void printMedians(List<Round> rounds, int threads) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Medians over %d rounds:%n%n", rounds.size());
    System.out.println(
        "| run | seconds (median) | seconds (range) | rows/s (median) | rows/s per core |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (int run = 0; run < 3; run++) {
      int index = run;
      double[] seconds = sorted(rounds, r -> r.all().get(index).seconds());
      double[] rates =
          sorted(rounds, r -> r.all().get(index).rows() / r.all().get(index).seconds());
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f to %.1f | %,.0f | %,.0f |%n",
          rounds.get(0).all().get(run).name(),
          median(seconds),
          seconds[0],
          seconds[seconds.length - 1],
          median(rates),
          median(rates) / threads);
    }
    // Both ratios are taken within a round (same machine state), then summarized.
    double[] ratios = sorted(rounds, r -> r.duck().seconds() / r.full().seconds());
    double[] shares = sorted(rounds, r -> 100 * r.newDay().seconds() / r.full().seconds());
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Silver full run vs DuckDB (same rows): %.2fx (median; %.2fx to %.2fx over the rounds;"
            + " target at least 1.0x)%n",
        median(ratios),
        ratios[0],
        ratios[ratios.length - 1]);
    System.out.printf(
        Locale.ROOT,
        "Incremental, one new day on top of the others: %.1f %% of the full run (median; %.1f %%"
            + " to %.1f %%; target at most 10 %%)%n",
        median(shares),
        shares[0],
        shares[shares.length - 1]);
  }

  /** Median seconds per silver step, with the tasks' time of the step's Spark job group. */
  private static void printSteps(
      List<Round> rounds, String name, java.util.function.Function<Round, Measured> pick) {
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Where the time goes: %s (medians over %d rounds)%n%n", name, rounds.size());
    System.out.println(
        "| step (Spark job group silver-build:<step>) | wall s | share of the run | Spark jobs |"
            + " tasks | task s (all cores) | task CPU s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    List<String> steps = new ArrayList<>(STEPS);
    steps.add(OUTSIDE_STEPS);
    double total = median(sorted(rounds, r -> pick.apply(r).seconds()));
    for (String step : steps) {
      double wall = median(sorted(rounds, r -> pick.apply(r).silver().steps().get(step)));
      GroupTime none = new GroupTime(0, 0, 0, 0);
      double jobs =
          median(
              sorted(rounds, r -> pick.apply(r).silver().groups().getOrDefault(step, none).jobs()));
      double tasks =
          median(
              sorted(
                  rounds, r -> pick.apply(r).silver().groups().getOrDefault(step, none).tasks()));
      double taskSeconds =
          median(
              sorted(
                  rounds,
                  r -> pick.apply(r).silver().groups().getOrDefault(step, none).taskSeconds()));
      double cpuSeconds =
          median(
              sorted(
                  rounds,
                  r -> pick.apply(r).silver().groups().getOrDefault(step, none).cpuSeconds()));
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.0f %% | %.0f | %.0f | %.1f | %.1f |%n",
          step,
          wall,
          100 * wall / total,
          jobs,
          tasks,
          taskSeconds,
          cpuSeconds);
    }
    System.out.printf(Locale.ROOT, "| total | %.1f | 100 %% | | | | |%n", total);
  }

  /** Median seconds per DuckDB statement group. */
  private static void printDuckSteps(List<Round> rounds) {
    System.out.println();
    System.out.printf(
        Locale.ROOT, "Where the time goes: %s (medians over %d rounds)%n%n", DUCKDB, rounds.size());
    System.out.println("| statements | seconds | share of the run |");
    System.out.println("|---|---:|---:|");
    double total = median(sorted(rounds, r -> r.duck().seconds()));
    for (String step : ((DuckRun) rounds.get(0).duck().outcome()).steps().keySet()) {
      double seconds =
          median(sorted(rounds, r -> ((DuckRun) r.duck().outcome()).steps().get(step)));
      System.out.printf(
          Locale.ROOT, "| %s | %.1f | %.0f %% |%n", step, seconds, 100 * seconds / total);
    }
    System.out.printf(Locale.ROOT, "| total | %.1f | 100 %% |%n", total);
  }

  private static double[] sorted(List<Round> rounds, ToDoubleFunction<Round> value) {
    return rounds.stream().mapToDouble(value).sorted().toArray();
  }

  // ---------------------------------------------------------------------------------------------
  // DuckDB

  /**
   * The SQL-expressible part of silver in DuckDB, on the same bronze Parquet: standardization,
   * validation rules, deduplication, enrichment, accepted interactions and customers and the
   * quarantine written as Parquet, and the counts per rule. The lookup tables (countries, states,
   * US zip prefixes, currency rates) are built here from the same sources silver uses and checked
   * against silver's own standardizers, then joined in SQL. What it does not do, and why the
   * results can differ a little: docs/BENCHMARKS.md.
   */
  static final class DuckDbSilver {
    /** Silver's placeholders for "no state", in a stable order for the SQL. */
    private static final List<String> STATE_PLACEHOLDERS =
        Subdivisions.PLACEHOLDERS.stream().sorted().toList();

    /** Countries with subdivision codes in silver (Subdivisions); others keep the raw value. */
    private static final List<String> SUBDIVIDED = List.of("US", "CA", "DE");

    /** The aliases silver's Countries adds to the JDK's names (codes and names come from CLDR). */
    private static final List<String> COUNTRY_ALIASES =
        List.of(
            "USA",
            "United States of America",
            "America",
            "United States",
            "UK",
            "Great Britain",
            "Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "Deutschland",
            "BRD",
            "Federal Republic of Germany",
            "Holland");

    /**
     * An address with a real-looking domain: the syntax EmailValidator checks, without its list of
     * top-level domains.
     */
    private static final String EMAIL_PATTERN =
        "[a-z0-9!#$%&''*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&''*+/=?^_`{|}~-]+)*"
            + "@([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}";

    private DuckDbSilver() {}

    static DuckRun run(Path bronze, Path out, int threads) throws SQLException, IOException {
      deleteRecursively(out);
      Files.createDirectories(out);
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement sql = connection.createStatement()) {
        sql.execute("SET threads = " + threads);
        sql.execute("SET preserve_insertion_order = false");
        // Spark writes timestamps as UTC instants; silver's session time zone is UTC too.
        sql.execute("SET TimeZone = 'UTC'");
        Map<String, Double> steps = new LinkedHashMap<>();
        timed(steps, "lookup tables and macros", sql, setup());
        timed(steps, "customers: standardize and validate", sql, List.of(checkedCustomers(bronze)));
        timed(
            steps,
            "interactions: deduplicate and validate",
            sql,
            List.of(checkedInteractions(bronze)));
        timed(
            steps,
            "accepted interactions to Parquet",
            sql,
            List.of(copy(acceptedInteractions(), out.resolve("interactions"), "event_date")));
        timed(
            steps,
            "latest customer profiles to Parquet",
            sql,
            List.of(copy(latestCustomers(), out.resolve("customers"), null)));
        timed(
            steps,
            "quarantine to Parquet",
            sql,
            List.of(copy(quarantine(), out.resolve("quarantine"), "source_table, event_date")));
        long start = System.nanoTime();
        Map<String, Long> counts = counts(sql);
        steps.put("counts per rule", (System.nanoTime() - start) / 1e9);
        counts.put("bytes_written", Folders.parquetBytes(out));
        return new DuckRun(
            counts.getOrDefault(Tables.BRONZE_INTERACTIONS + ".rows", 0L), counts, steps);
      }
    }

    private static void timed(
        Map<String, Double> steps, String name, Statement sql, List<String> statements)
        throws SQLException {
      long start = System.nanoTime();
      for (String statement : statements) {
        sql.execute(statement);
      }
      steps.put(name, (System.nanoTime() - start) / 1e9);
    }

    /** Macros and lookup tables. */
    static List<String> setup() {
      List<String> statements = new ArrayList<>();
      // Text.clean: Unicode whitespace trimmed at both ends, inner runs as one space.
      statements.add(
          "CREATE MACRO clean_text(s) AS regexp_replace(regexp_replace(s,"
              + " '^[\\s\\p{Z}]+|[\\s\\p{Z}]+$', '', 'g'), '[\\s\\p{Z}]+', ' ', 'g')");
      statements.add("CREATE MACRO clean_or_null(s) AS nullif(clean_text(s), '')");
      // Countries.key: upper case, letters and single spaces; "U S A" as "USA".
      statements.add(
          "CREATE MACRO spaced_key(s) AS trim(regexp_replace(regexp_replace(upper(s),"
              + " '[^\\p{L}\\s]', '', 'g'), '\\s+', ' ', 'g'))");
      statements.add(
          "CREATE MACRO country_key(s) AS CASE WHEN regexp_full_match(spaced_key(s),"
              + " '(\\p{L} )+\\p{L}') THEN replace(spaced_key(s), ' ', '') ELSE spaced_key(s) END");
      // Subdivisions.key: upper case, hyphens as spaces, single spaces.
      statements.add(
          "CREATE MACRO state_key(s) AS trim(regexp_replace(replace(upper(s), '-', ' '), '\\s+',"
              + " ' ', 'g'))");
      statements.add(table("countries", "key VARCHAR, code VARCHAR", countryRows()));
      statements.add(table("states", "country VARCHAR, key VARCHAR, code VARCHAR", stateRows()));
      statements.add(table("zip3", "state VARCHAR, prefix VARCHAR", zipPrefixRows()));
      return statements;
    }

    private static String table(String name, String columns, List<List<String>> rows) {
      String values =
          rows.stream()
              .map(
                  row ->
                      row.stream()
                          .map(DuckDbSilver::literal)
                          .collect(Collectors.joining(", ", "(", ")")))
              .collect(Collectors.joining(", "));
      return "CREATE TEMP TABLE "
          + name
          + " AS SELECT * FROM (VALUES "
          + values
          + ") t("
          + Arrays.stream(columns.split(","))
              .map(c -> c.trim().split(" ")[0])
              .collect(Collectors.joining(", "))
          + ")";
    }

    private static String literal(String value) {
      return "'" + value.replace("'", "''") + "'";
    }

    /**
     * Key to ISO code for the ISO codes, alpha-3 codes, English, German and French names and
     * aliases, each mapped by silver's own {@link Countries#toIso2} (so the table agrees with
     * silver on every value it holds).
     */
    static List<List<String>> countryRows() {
      List<String> candidates = new ArrayList<>(COUNTRY_ALIASES);
      for (String code : Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2)) {
        Locale country = new Locale.Builder().setRegion(code).build();
        candidates.add(code);
        try {
          candidates.add(country.getISO3Country());
        } catch (java.util.MissingResourceException e) {
          // No alpha-3 code in the JDK's data for this region, as in silver's Countries.
        }
        for (Locale language : new Locale[] {Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH}) {
          candidates.add(country.getDisplayCountry(language));
        }
      }
      Map<String, String> byKey = new TreeMap<>();
      for (String candidate : candidates) {
        String code = Countries.toIso2(candidate);
        if (code != null) {
          byKey.putIfAbsent(countryKey(candidate), code);
        }
      }
      return byKey.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList();
    }

    /** Mirrors Countries.key, which the SQL macro {@code country_key} computes. */
    static String countryKey(String text) {
      String spaced =
          text.toUpperCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\s]", "")
              .replaceAll("\\s+", " ")
              .trim();
      return spaced.matches("(\\p{L} )+\\p{L}") ? spaced.replace(" ", "") : spaced;
    }

    /** Codes and names (with umlauts folded too) of US, CA and DE subdivisions, checked. */
    static List<List<String>> stateRows() {
      Map<String, Map<String, String>> namesByCountry = new LinkedHashMap<>();
      namesByCountry.put("US", UsStates.NAMES_BY_CODE);
      namesByCountry.putAll(Subdivisions.NAMES_BY_CODE);
      List<List<String>> rows = new ArrayList<>();
      namesByCountry.forEach(
          (country, names) -> {
            Map<String, String> byKey = new TreeMap<>();
            names.forEach(
                (code, name) -> {
                  for (String candidate : List.of(code, name, foldUmlauts(name))) {
                    String standard = Subdivisions.standardize(country, candidate).code();
                    if (!code.equals(standard)) {
                      throw new IllegalStateException(
                          "The benchmark's state table disagrees with silver: "
                              + country
                              + " "
                              + candidate
                              + " is "
                              + standard
                              + " in silver, "
                              + code
                              + " here. Update SilverBenchmark.stateRows.");
                    }
                    byKey.put(stateKey(candidate), code);
                  }
                });
            byKey.forEach((key, code) -> rows.add(List.of(country, key, code)));
          });
      return rows;
    }

    private static String foldUmlauts(String name) {
      return name.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace("ß", "ss");
    }

    private static String stateKey(String text) {
      return text.toUpperCase(Locale.ROOT).replace('-', ' ').replaceAll("\\s+", " ").trim();
    }

    /** Every (state, three-digit prefix) pair silver's UsStates.zipMatchesState accepts. */
    static List<List<String>> zipPrefixRows() {
      List<List<String>> rows = new ArrayList<>();
      for (String state : UsStates.NAMES_BY_CODE.keySet()) {
        for (int prefix = 0; prefix < 1000; prefix++) {
          String digits = String.format(Locale.ROOT, "%03d", prefix);
          if (UsStates.zipMatchesState(state, digits + "00")) {
            rows.add(List.of(state, digits));
          }
        }
      }
      return rows;
    }

    private static String parquet(Path bronze, String table) {
      return "read_parquet('" + bronze.resolve(table) + "/*/*.parquet', hive_partitioning = true)";
    }

    private static String inList(List<String> values) {
      return values.stream().map(DuckDbSilver::literal).collect(Collectors.joining(", "));
    }

    /** Standardized customers with their rule ids, the bronze columns kept as they arrived. */
    static String checkedCustomers(Path bronze) {
      String subdivided = inList(SUBDIVIDED);
      return String.join(
          "\n",
          "CREATE TEMP TABLE checked_customers AS",
          "WITH raw AS (SELECT * FROM " + parquet(bronze, Tables.BRONZE_CUSTOMERS) + "),",
          "located AS MATERIALIZED (",
          "  SELECT raw.*, co.code AS std_country, clean_text(raw.state) AS state_clean,",
          "    clean_text(raw.state) IS NULL OR upper(clean_text(raw.state)) IN ("
              + inList(STATE_PLACEHOLDERS)
              + ") AS state_placeholder,",
          "    state_key(clean_text(raw.state)) AS skey",
          "  FROM raw LEFT JOIN countries co ON co.key = country_key(clean_or_null(raw.country))),",
          // A misspelled name: the closest name within 2 edits, when no other state is as close.
          "unresolved AS (",
          "  SELECT DISTINCT l.std_country AS country, l.skey AS key FROM located l",
          "  LEFT JOIN states s ON s.country = l.std_country AND s.key = l.skey",
          "  WHERE l.std_country IN (" + subdivided + ") AND NOT l.state_placeholder",
          "    AND s.code IS NULL AND length(l.skey) > 3),",
          "near AS (",
          "  SELECT u.country, u.key, s.code, damerau_levenshtein(u.key, s.key) AS d",
          "  FROM unresolved u JOIN states s ON s.country = u.country AND length(s.key) > 2),",
          "fuzzy AS (",
          "  SELECT country, key, min(code) AS code FROM (",
          "    SELECT *, min(d) OVER (PARTITION BY country, key) AS best FROM near WHERE d <= 2)",
          "  WHERE d = best GROUP BY country, key HAVING count(DISTINCT code) = 1),",
          "stated AS (",
          "  SELECT l.*,",
          "    CASE WHEN l.state_placeholder THEN NULL",
          "         WHEN l.std_country IN (" + subdivided + ") THEN coalesce(s.code, f.code)",
          "         ELSE l.state_clean END AS std_state,",
          "    NOT coalesce(l.std_country IN (" + subdivided + "), false)",
          "      OR (NOT l.state_placeholder AND coalesce(s.code, f.code) IS NOT NULL)"
              + " AS state_valid,",
          "    lower(clean_or_null(l.email)) AS email_clean,",
          "    upper(clean_or_null(l.zip_code)) AS zip_clean,",
          "    regexp_replace(clean_or_null(l.phone), '(?i)\\s*(ext\\.?|extension|x)\\s*\\d+$', '')"
              + " AS phone_body",
          "  FROM located l",
          "  LEFT JOIN states s ON s.country = l.std_country AND s.key = l.skey",
          "  LEFT JOIN fuzzy f ON f.country = l.std_country AND f.key = l.skey),",
          "phoned AS (",
          "  SELECT *, regexp_replace(phone_body, '[^0-9]', '', 'g') AS digits,",
          "    regexp_full_match(phone_body, '\\+?[0-9 ().\\-/]+') AS phone_plausible,",
          "    phone_body LIKE '+%' AS international",
          "  FROM stated),",
          "national AS (",
          "  SELECT *, CASE",
          "      WHEN std_country IN ('US', 'CA') AND length(digits) = 11 AND digits LIKE '1%'",
          "        THEN substr(digits, 2)",
          "      WHEN std_country IN ('GB', 'DE') AND digits LIKE '0%' THEN substr(digits, 2)",
          "      ELSE digits END AS nsn",
          "  FROM phoned),",
          "std AS (",
          "  SELECT n.*,",
          "    CASE WHEN regexp_full_match(email_clean, '"
              + EMAIL_PATTERN
              + "')"
              + " THEN email_clean END AS std_email,",
          "    CASE WHEN NOT phone_plausible THEN NULL",
          "      WHEN international THEN CASE",
          "        WHEN (digits LIKE '1%' AND length(digits) = 11"
              + " AND substr(digits, 2, 1) BETWEEN '2' AND '9'"
              + " AND substr(digits, 5, 1) BETWEEN '2' AND '9')",
          "          OR (digits LIKE '44%' AND length(digits) IN (11, 12)"
              + " AND substr(digits, 3, 1) <> '0')",
          "          OR (digits LIKE '49%' AND length(digits) BETWEEN 8 AND 15"
              + " AND substr(digits, 3, 1) <> '0')",
          "        THEN '+' || digits END",
          "      WHEN std_country IN ('US', 'CA') THEN CASE WHEN length(nsn) = 10"
              + " AND substr(nsn, 1, 1) BETWEEN '2' AND '9'"
              + " AND substr(nsn, 4, 1) BETWEEN '2' AND '9' THEN '+1' || nsn END",
          "      WHEN std_country = 'GB' THEN CASE WHEN length(nsn) IN (9, 10)"
              + " AND substr(nsn, 1, 1) <> '0' THEN '+44' || nsn END",
          "      WHEN std_country = 'DE' THEN CASE WHEN length(nsn) BETWEEN 6 AND 13"
              + " AND substr(nsn, 1, 1) <> '0' THEN '+49' || nsn END",
          "      END AS std_phone,",
          "    CASE WHEN zip_clean IS NULL THEN NULL",
          "      WHEN std_country IS NULL THEN zip_clean",
          "      WHEN std_country = 'US' THEN CASE"
              + " WHEN regexp_full_match(zip_clean, '\\d{5}(-\\d{4})?')"
              + " AND (std_state IS NULL OR z.state IS NOT NULL) THEN zip_clean END",
          "      WHEN std_country = 'CA' THEN CASE"
              + " WHEN regexp_full_match(zip_clean, '[A-Z]\\d[A-Z] ?\\d[A-Z]\\d')"
              + " THEN regexp_replace(zip_clean, '^([A-Z]\\d[A-Z]) ?(\\d[A-Z]\\d)$', '\\1 \\2')"
              + " END",
          "      WHEN std_country = 'GB' THEN CASE"
              + " WHEN regexp_full_match(zip_clean, '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}')"
              + " THEN regexp_replace(zip_clean,"
              + " '^([A-Z]{1,2}\\d[A-Z\\d]?) ?(\\d[A-Z]{2})$', '\\1 \\2') END",
          "      WHEN std_country = 'DE' THEN CASE"
              + " WHEN regexp_full_match(zip_clean, '\\d{5}') THEN zip_clean END",
          "      ELSE zip_clean END AS std_zip_code,",
          "    clean_or_null(first_name) AS std_first_name,",
          "    clean_or_null(last_name) AS std_last_name,",
          "    lower(clean_or_null(gender)) AS std_gender,",
          "    clean_text(street_address) AS std_street_address,",
          "    clean_text(city) AS std_city,",
          "    lower(clean_or_null(signup_channel)) AS std_signup_channel,",
          "    lower(clean_or_null(loyalty_tier)) AS std_loyalty_tier,",
          "    lower(clean_or_null(preferred_channel)) AS std_preferred_channel",
          "  FROM national n",
          "  LEFT JOIN zip3 z ON z.state = n.std_state AND z.prefix = substr(n.zip_clean, 1, 3))",
          "SELECT *, list_filter([",
          "    " + flag(Rule.CUSTOMER_MISSING_ID, "customer_id IS NULL") + ",",
          "    " + flag(Rule.MALFORMED_EMAIL, "std_email IS NULL") + ",",
          "    " + flag(Rule.INVALID_PHONE, "std_phone IS NULL") + ",",
          "    " + flag(Rule.INVALID_ZIP, "std_zip_code IS NULL") + ",",
          "    "
              + flag(
                  Rule.IMPLAUSIBLE_BIRTH_DATE,
                  "birth_date > signup_date OR birth_date < signup_date - INTERVAL 120 YEAR")
              + ",",
          "    " + flag(Rule.INVALID_COUNTRY, "std_country IS NULL") + ",",
          "    " + flag(Rule.INVALID_STATE, "NOT state_valid"),
          "  ], x -> x IS NOT NULL) AS rule_ids",
          "FROM std");
    }

    private static String flag(Rule rule, String broken) {
      return "CASE WHEN " + broken + " THEN '" + rule.id() + "' END";
    }

    private static List<String> interactionColumns() {
      List<String> columns = new ArrayList<>(List.of(BronzeSchemas.INTERACTIONS.fieldNames()));
      columns.add("event_date");
      return columns;
    }

    private static List<String> customerColumns() {
      List<String> columns = new ArrayList<>(List.of(BronzeSchemas.CUSTOMERS.fieldNames()));
      columns.add("event_date");
      return columns;
    }

    /**
     * Interactions with the canonical channel, the duplicate flag (per interaction_id, the earliest
     * ingested_at wins, ties broken by a hash of the row) and the rule ids.
     */
    static String checkedInteractions(Path bronze) {
      String rowHash = "hash(" + String.join(", ", interactionColumns()) + ")";
      String purchase = "event_type = '" + Vocabulary.PURCHASE + "'";
      String expectedRevenue =
          "round(CAST(quantity AS DECIMAL(10,2)) * unit_price * (1 - discount_rate), 2)";
      return String.join(
          "\n",
          "CREATE TEMP TABLE checked_interactions AS",
          "WITH raw AS (SELECT * FROM " + parquet(bronze, Tables.BRONZE_INTERACTIONS) + "),",
          "known AS (SELECT DISTINCT customer_id AS known_id FROM checked_customers"
              + " WHERE customer_id IS NOT NULL),",
          "std AS (",
          "  SELECT *,",
          "    regexp_replace(lower(clean_text(channel)), '[\\s\\-_]+', '_', 'g') AS std_channel,",
          "    interaction_id IS NOT NULL AND row_number() OVER (PARTITION BY interaction_id"
              + " ORDER BY ingested_at ASC NULLS LAST, "
              + rowHash
              + ") > 1 AS is_duplicate",
          "  FROM raw)",
          "SELECT std.*, list_filter([",
          "    " + flag(Rule.INTERACTION_MISSING_ID, "interaction_id IS NULL") + ",",
          "    " + flag(Rule.INTERACTION_MISSING_CUSTOMER, "customer_id IS NULL") + ",",
          "    "
              + flag(Rule.ORPHAN_CUSTOMER, "customer_id IS NOT NULL AND known.known_id IS NULL")
              + ",",
          "    " + flag(Rule.FUTURE_TIMESTAMP, "event_ts > ingested_at") + ",",
          "    "
              + flag(Rule.NEGATIVE_AMOUNT, "quantity < 0 OR unit_price < 0 OR revenue < 0")
              + ",",
          "    "
              + flag(
                  Rule.REVENUE_MISMATCH,
                  purchase
                      + " AND revenue IS NOT NULL AND "
                      + expectedRevenue
                      + " IS NOT NULL AND revenue <> "
                      + expectedRevenue)
              + ",",
          "    "
              + flag(
                  Rule.UNKNOWN_CHANNEL,
                  "NOT coalesce(std_channel IN (" + inList(Vocabulary.CHANNELS) + "), false)")
              + ",",
          "    " + flag(Rule.NPS_OUT_OF_RANGE, "nps_score < 0 OR nps_score > 10") + ",",
          "    " + flag(Rule.RETURN_BEFORE_PURCHASE, "returned_at < event_ts") + ",",
          "    " + flag(Rule.MISSING_EVENT_TS, "event_ts IS NULL OR ingested_at IS NULL") + ",",
          "    "
              + flag(
                  Rule.UNKNOWN_EVENT_TYPE,
                  "NOT coalesce(event_type IN (" + inList(Vocabulary.EVENT_TYPES) + "), false)")
              + ",",
          "    "
              + flag(
                  Rule.REVENUE_WITHOUT_PURCHASE, "revenue IS NOT NULL AND NOT (" + purchase + ")")
              + ",",
          "    "
              + flag(
                  Rule.INCOMPLETE_PURCHASE,
                  purchase + " AND (quantity IS NULL OR unit_price IS NULL OR revenue IS NULL)"),
          "  ], x -> x IS NOT NULL) AS rule_ids",
          "FROM std LEFT JOIN known ON std.customer_id = known.known_id");
    }

    /**
     * Accepted interactions in silver's columns: the bronze ones with the canonical channel, the
     * enrichment, the record hash and the lineage.
     */
    static String acceptedInteractions() {
      StringBuilder rate = new StringBuilder("CASE currency");
      for (int i = 0; i < Vocabulary.CURRENCIES.size(); i++) {
        rate.append(" WHEN ")
            .append(literal(Vocabulary.CURRENCIES.get(i)))
            .append(" THEN CAST(")
            .append(Vocabulary.USD_PER_UNIT.get(i))
            .append(" AS DECIMAL(6,4))");
      }
      rate.append(" END");
      List<String> business = new ArrayList<>();
      for (String column : interactionColumns()) {
        business.add(column.equals("channel") ? "std_channel AS channel" : column);
      }
      business.add("hour(event_ts) AS event_hour");
      business.add("dayofweek(event_date) IN (0, 6) AS is_weekend");
      business.add("CAST(round(revenue * " + rate + ", 2) AS DECIMAL(14,2)) AS revenue_usd");
      List<String> names = new ArrayList<>(interactionColumns());
      names.addAll(List.of("event_hour", "is_weekend", "revenue_usd"));
      return "SELECT *, "
          + recordHash(names)
          + " AS record_hash, 'duckdb-benchmark' AS silver_run_id,"
          + " now() AS silver_loaded_at FROM (SELECT "
          + String.join(", ", business)
          + " FROM checked_interactions WHERE NOT is_duplicate AND len(rule_ids) = 0)";
    }

    /**
     * The newest accepted profile per customer (latest updated_at, then snapshot date, then hash),
     * as silver's latestVersions picks it; no features or segments.
     */
    static String latestCustomers() {
      List<String> profile = new ArrayList<>();
      for (String column : BronzeSchemas.CUSTOMERS.fieldNames()) {
        boolean standardized =
            List.of(
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "gender",
                    "street_address",
                    "city",
                    "state",
                    "zip_code",
                    "country",
                    "signup_channel",
                    "loyalty_tier",
                    "preferred_channel")
                .contains(column);
        profile.add(standardized ? "std_" + column + " AS " + column : column);
      }
      profile.add("event_date AS profile_date");
      List<String> names = new ArrayList<>(List.of(BronzeSchemas.CUSTOMERS.fieldNames()));
      names.add("profile_date");
      return "SELECT *, "
          + recordHash(names)
          + " AS record_hash, 'duckdb-benchmark' AS silver_run_id,"
          + " now() AS silver_loaded_at FROM (SELECT "
          + String.join(", ", profile)
          + " FROM checked_customers WHERE len(rule_ids) = 0)"
          + " QUALIFY row_number() OVER (PARTITION BY customer_id"
          + " ORDER BY updated_at DESC NULLS LAST, profile_date DESC NULLS LAST,"
          + " record_hash DESC) = 1";
    }

    /** One 64-bit hash of the named columns' values, as silver's record_hash. */
    private static String recordHash(List<String> columns) {
      return "hash(" + String.join(", ", columns) + ")";
    }

    /** Rejected rows of both tables, whole and as received, as JSON, with their rules. */
    static String quarantine() {
      return String.join(
          "\n",
          quarantineSelect(
              Tables.BRONZE_CUSTOMERS,
              "customer_id",
              customerColumns(),
              "checked_customers WHERE len(rule_ids) > 0"),
          "UNION ALL",
          quarantineSelect(
              Tables.BRONZE_INTERACTIONS,
              "interaction_id",
              interactionColumns(),
              "checked_interactions WHERE NOT is_duplicate AND len(rule_ids) > 0"));
    }

    private static String quarantineSelect(
        String table, String key, List<String> columns, String from) {
      String record = columns.stream().map(c -> c + " := " + c).collect(Collectors.joining(", "));
      return "SELECT 'duckdb-benchmark' AS silver_run_id, now() AS quarantined_at, "
          + literal(table)
          + " AS source_table, event_date, 'event_date=' || event_date AS source_partition,"
          + " CAST("
          + key
          + " AS VARCHAR) AS record_key, customer_id, rule_ids, to_json(struct_pack("
          + record
          + ")) AS record FROM "
          + from;
    }

    /**
     * Iceberg's default Parquet codec is zstd (silver keeps it), so DuckDB writes zstd too. Without
     * partition columns, one file.
     */
    private static String copy(String query, Path target, String partitionBy) {
      String options =
          partitionBy == null
              ? "FORMAT parquet, COMPRESSION zstd"
              : "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (" + partitionBy + ")";
      String file = partitionBy == null ? target + ".parquet" : target.toString();
      return "COPY (" + query + ") TO '" + file + "' (" + options + ")";
    }

    /** The counts silver's run report has, from DuckDB's checked tables. */
    private static Map<String, Long> counts(Statement sql) throws SQLException {
      Map<String, Long> counts = new TreeMap<>();
      tableCounts(sql, counts, Tables.BRONZE_CUSTOMERS, "checked_customers", "false");
      tableCounts(sql, counts, Tables.BRONZE_INTERACTIONS, "checked_interactions", "is_duplicate");
      counts.put(
          "customers_in_silver",
          single(
              sql,
              "SELECT count(DISTINCT customer_id) FROM checked_customers WHERE len(rule_ids) = 0"));
      return counts;
    }

    private static void tableCounts(
        Statement sql, Map<String, Long> counts, String table, String checked, String duplicate)
        throws SQLException {
      try (ResultSet rows =
          sql.executeQuery(
              "SELECT count(*), count(*) FILTER ("
                  + duplicate
                  + "), count(*) FILTER (NOT "
                  + duplicate
                  + " AND len(rule_ids) > 0) FROM "
                  + checked)) {
        rows.next();
        counts.put(table + ".rows", rows.getLong(1));
        counts.put(table + ".duplicates", rows.getLong(2));
        counts.put(table + ".quarantined", rows.getLong(3));
        counts.put(table + ".accepted", rows.getLong(1) - rows.getLong(2) - rows.getLong(3));
      }
      try (ResultSet rows =
          sql.executeQuery(
              "SELECT rule, count(*) FROM (SELECT unnest(rule_ids) AS rule FROM "
                  + checked
                  + " WHERE NOT "
                  + duplicate
                  + ") GROUP BY rule")) {
        while (rows.next()) {
          counts.put(table + ".rule." + rows.getString(1), rows.getLong(2));
        }
      }
    }

    private static long single(Statement sql, String query) throws SQLException {
      try (ResultSet rows = sql.executeQuery(query)) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
