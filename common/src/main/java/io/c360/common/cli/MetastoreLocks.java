package io.c360.common.cli;

import io.c360.common.naming.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.spark.sql.SparkSession;

/**
 * The metastore locks on a table, for the message of a job that timed out waiting for one: who
 * holds it, since when, and the command that removes it when its holder is gone. The Hive
 * Metastore's {@code show_locks} call (the thrift API behind Hive's {@code SHOW LOCKS}), through
 * the Hive 2.3 client that Spark ships and Iceberg's hive catalog uses.
 */
final class MetastoreLocks {
  private MetastoreLocks() {}

  /** One lock as the metastore reports it. */
  record Lock(
      long id,
      String state,
      String type,
      String user,
      String host,
      String agent,
      long acquiredAtMillis,
      long lastHeartbeatMillis) {
    /** E.g. "lock 42 (EXCLUSIVE, ACQUIRED) held by spark@host-1 (Iceberg-...) ...". */
    String describe(Instant now) {
      StringBuilder text =
          new StringBuilder("lock ")
              .append(id)
              .append(" (")
              .append(type)
              .append(", ")
              .append(state)
              .append(") held by ")
              .append(user)
              .append('@')
              .append(host);
      if (agent != null && !agent.isBlank()) {
        text.append(" (").append(agent).append(')');
      }
      if (acquiredAtMillis > 0) {
        text.append(", acquired ").append(Instant.ofEpochMilli(acquiredAtMillis));
      }
      if (lastHeartbeatMillis > 0) {
        long seconds = Duration.between(Instant.ofEpochMilli(lastHeartbeatMillis), now).toSeconds();
        text.append(", last heartbeat ").append(seconds).append(" s ago");
      }
      return text.toString();
    }
  }

  /**
   * The sentence a user reads after a lock timeout on {@code table} ({@code namespace.table}): the
   * holders and how a stale lock is cleared.
   */
  static String explainHolders(Optional<List<Lock>> locks, String table, Instant now) {
    List<String> held = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (Lock lock : locks.orElse(List.of())) {
      if ("ACQUIRED".equals(lock.state())) {
        held.add(lock.describe(now));
        ids.add(lock.id());
      }
    }
    String holders;
    if (locks.isEmpty()) {
      holders = "The metastore could not be asked who holds the lock.";
    } else if (held.isEmpty()) {
      holders = "The metastore lists no lock held on " + table + " any more.";
    } else {
      holders = "Holder: " + String.join("; ", held) + ".";
    }
    String id = ids.isEmpty() ? "<lock id>" : String.valueOf(ids.get(0));
    return holders
        + " If that writer is still running, wait for it and re-run. If it was killed, the"
        + " metastore's housekeeping removes its lock once the lock has had no heartbeat for"
        + " metastore.txn.timeout (docs/RELIABILITY.md, failure matrix); to remove it at once, run"
        + " on the metastore's database: DELETE FROM \"HIVE_LOCKS\" WHERE \"HL_LOCK_EXT_ID\" = "
        + id
        + "; then re-run (a re-run is safe).";
  }

  /**
   * The locks on {@code table} from the metastore of the session's catalog.
   *
   * @throws Exception when the metastore cannot be asked (the caller reports that instead)
   */
  static List<Lock> locks(SparkSession spark, String table) throws Exception {
    String uri = spark.conf().get("spark.sql.catalog." + Tables.CATALOG + ".uri");
    HiveConf conf = new HiveConf(spark.sessionState().newHadoopConf(), HiveConf.class);
    conf.set("hive.metastore.uris", uri);
    conf.set("hive.metastore.connect.retries", "1");
    int dot = table.indexOf('.');
    ShowLocksRequest request = new ShowLocksRequest();
    request.setDbname(table.substring(0, dot));
    request.setTablename(table.substring(dot + 1));
    IMetaStoreClient client = new HiveMetaStoreClient(conf);
    try {
      List<Lock> locks = new ArrayList<>();
      List<ShowLocksResponseElement> elements = client.showLocks(request).getLocks();
      for (ShowLocksResponseElement e :
          elements == null ? List.<ShowLocksResponseElement>of() : elements) {
        locks.add(
            new Lock(
                e.getLockid(),
                String.valueOf(e.getState()),
                String.valueOf(e.getType()),
                e.getUser(),
                e.getHostname(),
                e.getAgentInfo(),
                e.getAcquiredat(),
                e.getLastheartbeat()));
      }
      return locks;
    } finally {
      client.close();
    }
  }
}
