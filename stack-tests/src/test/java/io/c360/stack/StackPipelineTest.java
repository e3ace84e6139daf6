package io.c360.stack;

import static io.c360.common.naming.BronzeColumns.CHANNEL;
import static io.c360.common.naming.BronzeColumns.EVENT_DATE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.common.Target;
import io.c360.common.metrics.Orders;
import io.c360.common.naming.GoldColumns;
import io.c360.common.naming.SilverColumns;
import io.c360.common.naming.Tables;
import io.c360.common.naming.Tables.Qualified;
import io.c360.common.session.SessionSettings;
import io.c360.common.session.SparkSessions;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The CI integration test of the stack target: the real servers of {@code scripts/local-stack.sh}
 * (PostgreSQL, Hive Metastore 4.0.0, S3Proxy or MinIO, a Spark standalone master with two 1-core
 * workers, Trino 476), the full pipeline spark-submitted by {@code run_pipeline.py --target stack},
 * and its results checked from outside: the gold tables through Trino JDBC, against orders and
 * revenue per day that Spark computes here straight from silver; the bronze objects and manifest
 * through the S3 API; both workers' executors through the Spark master's workers. The stack is
 * stopped at the end, also when a check or the start fails.
 *
 * <p>Runs only with {@code C360_STACK_TESTS=1} (scripts/test.sh sets it): it needs PostgreSQL,
 * Maven Central (cached downloads) and a JDK 24+ for Trino, and takes several minutes.
 */
@EnabledIfEnvironmentVariable(named = "C360_STACK_TESTS", matches = "1|true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackPipelineTest {
  private static final LocalDate START = LocalDate.of(2026, 1, 1);
  private static final int DAYS = 4;
  private static final int INTERACTIONS = 20_000;
  // The prefix of the manifests' logFileDirectory (k8s/spark/*.yaml).
  private static final String EVENT_LOGS = "spark-logs/";
  private static final List<String> GOLD_TABLES =
      List.of(
          Tables.GOLD_DAILY_KPIS,
          Tables.GOLD_REVENUE_BY_CHANNEL,
          Tables.GOLD_CUSTOMER_ENGAGEMENT,
          Tables.GOLD_SEGMENT_ENGAGEMENT,
          Tables.GOLD_CHURN_RISK);

  private final Path repo = Path.of(System.getProperty("c360.repo.root")).toAbsolutePath();
  private Path work;
  private Path stateDir;
  private LocalStack stack;
  private Map<String, String> settings;
  private int pipelineExitCode = -1;
  private int missingFolderExitCode = -1;
  private int preparedExitCode = -1;

  @BeforeAll
  void startTheStackAndRunThePipeline() throws IOException {
    Path target = repo.resolve("stack-tests/target");
    Files.createDirectories(target);
    work = Files.createTempDirectory(target, "stack-run-");
    // The stack's state folder is short (PostgreSQL's socket path is limited to ~100 characters)
    // and private: a stack the developer runs elsewhere is never touched.
    stateDir = Files.createTempDirectory("c360-stack-");
    stack = new LocalStack(repo, stateDir, work);
    for (String module : List.of("bronze-ingest", "silver-build", "gold-finalize")) {
      assertThat(repo.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar"))
          .as("the job jars are built by the reactor before this module (mvn -B verify)")
          .isRegularFile();
    }
    stack.up(Duration.ofMinutes(15));
    settings = stack.settings();
    // The manifests' logFileDirectory puts each job's event log under s3a://<artifacts>/
    // spark-logs/, which Spark needs to exist at start-up: without the folder a job fails as it
    // would on the cluster; local-stack.sh's bucket preparation (the list deploy.sh creates too)
    // makes it pass.
    deleteEventLogFolder();
    missingFolderExitCode =
        stack.run("missing-event-log-folder", Duration.ofMinutes(10), bronze(1000));
    preparedExitCode =
        stack.run(
            "prepare-buckets", Duration.ofMinutes(2), List.of("scripts/local-stack.sh", "buckets"));
    pipelineExitCode =
        stack.run(
            "pipeline",
            Duration.ofMinutes(30),
            List.of(
                "python3",
                "scripts/run_pipeline.py",
                "--target",
                "stack",
                "--stage",
                "full",
                "--skip-build",
                "--interactions",
                String.valueOf(INTERACTIONS),
                "--start-date",
                START.toString(),
                "--days",
                String.valueOf(DAYS),
                "--data-dir",
                work.resolve("data").toString()));
  }

  @AfterAll
  void stopTheStack() throws IOException {
    if (stack != null) {
      stack.close();
      deleteRecursively(stateDir); // its data and generated credentials
    }
  }

  @Test
  @Order(1)
  void thePipelineSucceedsOnTheStack() {
    assertThat(pipelineExitCode)
        .as("run_pipeline.py --target stack exit code; its output ends:\n%s", pipelineLogTail())
        .isZero();
    assertThat(pipelineLog())
        .contains("reconciliation: ok: counts match the bronze manifests")
        .contains("reconciliation: ok: orders and revenue match silver")
        .contains("warehouse  " + settings.get("WAREHOUSE_LOCATION"));
    assertThat(work.resolve("data/reports/gold-report.html")).isRegularFile();
  }

  @Test
  @Order(2)
  void aJobFailsWithoutTheEventLogFolderAndBucketPreparationFixesIt() {
    String log = LocalStack.tail(work.resolve("missing-event-log-folder.log"), 400);
    assertThat(missingFolderExitCode)
        .as("bronze without s3a://%s/%s; its output ends:\n%s", artifacts(), EVENT_LOGS, log)
        .isNotZero();
    // S3A's getFileStatus names the folder without its trailing slash.
    assertThat(log)
        .contains(
            "FileNotFoundException: No such file or directory: s3a://"
                + artifacts()
                + "/spark-logs");
    assertThat(preparedExitCode).as("local-stack.sh buckets").isZero();
    assertThat(pipelineExitCode).as("the pipeline after local-stack.sh buckets").isZero();
  }

  @Test
  @Order(3)
  void everyJobWroteItsEventLogWhereItsManifestSays() {
    // spark.eventLog.dir comes from the manifests' logFileDirectory (k8s/spark/*.yaml), not from
    // the stack's own settings: one event log per job of the pipeline.
    List<String> logs =
        listKeys(s3(), artifacts(), EVENT_LOGS).stream()
            .filter(key -> !key.equals(EVENT_LOGS))
            .toList();
    assertThat(logs).as("event logs under s3a://%s/%s", artifacts(), EVENT_LOGS).hasSize(3);
  }

  @Test
  @Order(4)
  void bothWorkersRanExecutors() throws Exception {
    // Each worker's JSON lists the executors it ran; the pipeline's jobs must have used both,
    // so that its shuffles crossed JVMs.
    String masterUi = settings.get("SPARK_MASTER_UI");
    int uiPort = URI.create(masterUi).getPort();
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (int worker = 1; worker <= 2; worker++) {
      URI uri = URI.create("http://127.0.0.1:" + (uiPort + worker) + "/json/");
      JsonNode state =
          json.readTree(
              http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .body());
      List<String> apps = new ArrayList<>();
      for (String field : List.of("executors", "finishedexecutors")) {
        state.path(field).forEach(executor -> apps.add(executor.path("appid").asText()));
      }
      assertThat(apps).as("executors that worker %d ran (%s)", worker, uri).hasSizeGreaterThan(2);
    }
  }

  @Test
  @Order(5)
  void everyGoldTableIsInTrino() throws SQLException {
    try (Connection trino = trino();
        Statement statement = trino.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SHOW TABLES FROM " + Tables.GOLD_NAMESPACE)) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables).containsAll(GOLD_TABLES);
      for (String table : GOLD_TABLES) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM " + Tables.qualified(Tables.GOLD_NAMESPACE, table))) {
          rows.next();
          assertThat(rows.getLong(1)).as("rows of gold.%s", table).isPositive();
        }
      }
    }
  }

  @Test
  @Order(6)
  void ordersAndRevenuePerDayInTrinoEqualSparksAggregateOfSilver() throws SQLException {
    Map<LocalDate, String> daily =
        trinoTotals("SELECT event_date, orders, revenue_usd FROM " + Qualified.GOLD_DAILY_KPIS);
    Map<LocalDate, String> byChannel =
        trinoTotals(
            "SELECT event_date, sum(orders), sum(revenue_usd) FROM "
                + Qualified.GOLD_REVENUE_BY_CHANNEL
                + " GROUP BY event_date");
    Map<LocalDate, String> fromSilver = sparkTotalsFromSilver();

    assertThat(fromSilver).hasSize(DAYS);
    assertThat(fromSilver.values()).allSatisfy(totals -> assertThat(totals).doesNotStartWith("0 "));
    assertThat(daily).isEqualTo(fromSilver);
    assertThat(byChannel).isEqualTo(fromSilver);
  }

  @Test
  @Order(7)
  void bronzeObjectsAndTheManifestAreInTheBucket() throws IOException {
    AmazonS3 s3 = s3();
    String bucket = settings.get("BRONZE_BUCKET");
    String root = URI.create(settings.get("BRONZE_LOCATION")).getPath().substring(1) + "/";
    List<String> keys = listKeys(s3, bucket, root);

    for (String table : List.of(Tables.BRONZE_INTERACTIONS, Tables.BRONZE_CUSTOMERS)) {
      for (int day = 0; day < DAYS; day++) {
        String partition = root + table + "/" + Tables.partitionFolder(START.plusDays(day)) + "/";
        assertThat(keys)
            .as("Parquet objects under %s", partition)
            .anyMatch(key -> key.startsWith(partition) && key.endsWith(".parquet"));
      }
    }
    String manifestKey =
        root + Tables.BRONZE_MANIFESTS + "/" + START + "_" + START.plusDays(DAYS - 1) + ".json";
    assertThat(keys).contains(manifestKey);
    JsonNode manifest;
    try (InputStream in = s3.getObject(bucket, manifestKey).getObjectContent()) {
      manifest = new ObjectMapper().readTree(in);
    }
    JsonNode interactions = manifest.path("tables").path(Tables.BRONZE_INTERACTIONS);
    assertThat(interactions.path("rows").asLong()).isEqualTo(INTERACTIONS);
    assertThat(interactions.path("path").asText())
        .isEqualTo(settings.get("BRONZE_LOCATION") + "/" + Tables.BRONZE_INTERACTIONS);
    assertThat(interactions.path("defects").size()).isPositive();
  }

  // -------------------------------------------------------------------------------------------

  private List<String> bronze(int interactions) {
    return List.of(
        "python3",
        "scripts/run_pipeline.py",
        "--target",
        "stack",
        "--stage",
        "bronze",
        "--skip-build",
        "--interactions",
        String.valueOf(interactions),
        "--start-date",
        START.toString(),
        "--days",
        "1",
        "--data-dir",
        work.resolve("data-missing-folder").toString());
  }

  private String artifacts() {
    return settings.get("ARTIFACTS_BUCKET");
  }

  /** Removes the event-log folder (its marker and anything under it) from the artifacts bucket. */
  private void deleteEventLogFolder() {
    AmazonS3 s3 = s3();
    List<String> keys = listKeys(s3, artifacts(), EVENT_LOGS);
    assertThat(keys).as("local-stack.sh up creates the event-log folder").contains(EVENT_LOGS);
    keys.forEach(key -> s3.deleteObject(artifacts(), key));
    assertThat(listKeys(s3, artifacts(), EVENT_LOGS)).isEmpty();
  }

  private Connection trino() throws SQLException {
    URI url = URI.create(settings.get("TRINO_URL"));
    Properties properties = new Properties();
    properties.setProperty("user", "c360-stack-tests");
    return DriverManager.getConnection(
        "jdbc:trino://" + url.getHost() + ":" + url.getPort() + "/" + settings.get("TRINO_CATALOG"),
        properties);
  }

  /** Per date: "orders revenue" of a query returning (date, orders, revenue). */
  private Map<LocalDate, String> trinoTotals(String sql) throws SQLException {
    Map<LocalDate, String> totals = new TreeMap<>();
    try (Connection trino = trino();
        Statement statement = trino.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        totals.put(rows.getDate(1).toLocalDate(), totals(rows.getLong(2), rows.getBigDecimal(3)));
      }
    }
    return totals;
  }

  /**
   * Orders and revenue per day computed by Spark here, straight from silver.interactions in the
   * stack's metastore and S3, with the one order definition silver and gold share.
   */
  private Map<LocalDate, String> sparkTotalsFromSilver() {
    SparkConf conf = new SparkConf(false).setMaster("local[2]").set("spark.ui.enabled", "false");
    stack.sparkProperties().forEach((key, value) -> conf.set((String) key, (String) value));
    SessionSettings session =
        new SessionSettings(
            "stack-tests",
            Target.STACK,
            Optional.of(settings.get("WAREHOUSE_LOCATION")),
            Optional.of(settings.get("HMS_URI")),
            true);
    SparkSession spark =
        SparkSession.builder().config(SparkSessions.resolve(conf, session)).getOrCreate();
    try {
      spark.sparkContext().setLogLevel("ERROR");
      Map<LocalDate, String> totals = new TreeMap<>();
      List<Row> rows =
          spark
              .table(Qualified.SILVER_INTERACTIONS)
              .filter(Orders.isOrder())
              .groupBy(col(EVENT_DATE))
              .agg(
                  count(lit(1)).as(GoldColumns.ORDERS),
                  coalesce(sum(col(SilverColumns.REVENUE_USD)), lit(0))
                      .cast("decimal(18,2)")
                      .as(GoldColumns.REVENUE_USD))
              .collectAsList();
      for (Row row : rows) {
        totals.put(row.getDate(0).toLocalDate(), totals(row.getLong(1), row.getDecimal(2)));
      }
      assertThat(spark.table(Qualified.SILVER_INTERACTIONS).select(CHANNEL).distinct().count())
          .as("channels in silver")
          .isGreaterThan(1);
      return totals;
    } finally {
      spark.stop();
    }
  }

  private static String totals(long orders, BigDecimal revenue) {
    return orders + " orders " + revenue.setScale(2).toPlainString() + " USD";
  }

  private AmazonS3 s3() {
    Properties spark = stack.sparkProperties();
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(
            new EndpointConfiguration(settings.get("S3_ENDPOINT"), settings.get("S3_REGION")))
        .withPathStyleAccessEnabled(true)
        .withCredentials(
            new AWSStaticCredentialsProvider(
                new BasicAWSCredentials(
                    spark.getProperty("spark.hadoop.fs.s3a.access.key"),
                    spark.getProperty("spark.hadoop.fs.s3a.secret.key"))))
        .build();
  }

  private static List<String> listKeys(AmazonS3 s3, String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    ListObjectsV2Request request =
        new ListObjectsV2Request().withBucketName(bucket).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = s3.listObjectsV2(request);
      page.getObjectSummaries().stream().map(S3ObjectSummary::getKey).forEach(keys::add);
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return keys;
  }

  private String pipelineLog() {
    try {
      return Files.readString(work.resolve("pipeline.log"), UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private String pipelineLogTail() {
    return LocalStack.tail(work.resolve("pipeline.log"), 80);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
