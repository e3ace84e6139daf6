package io.c360.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetastoreLocksTest {
  private static final Instant NOW = Instant.parse("2026-02-01T08:30:00Z");

  private static MetastoreLocks.Lock lock(long id, String state) {
    return new MetastoreLocks.Lock(
        id,
        state,
        "EXCLUSIVE",
        "spark",
        "driver-7",
        "Iceberg-1b2c",
        NOW.minusSeconds(900).toEpochMilli(),
        NOW.minusSeconds(600).toEpochMilli());
  }

  @Test
  void theHolderOfTheLockIsNamedWithTheCommandThatRemovesIt() {
    String text =
        MetastoreLocks.explainHolders(
            Optional.of(List.of(lock(41, "WAITING"), lock(42, "ACQUIRED"))),
            "silver.interactions",
            NOW);

    assertThat(text)
        .startsWith(
            "Holder: lock 42 (EXCLUSIVE, ACQUIRED) held by spark@driver-7 (Iceberg-1b2c),"
                + " acquired 2026-02-01T08:15:00Z, last heartbeat 600 s ago.")
        .doesNotContain("lock 41")
        .contains("DELETE FROM \"HIVE_LOCKS\" WHERE \"HL_LOCK_EXT_ID\" = 42;")
        .contains("metastore.txn.timeout");
  }

  @Test
  void noLockHeldAnyMoreSaysSo() {
    String text =
        MetastoreLocks.explainHolders(
            Optional.of(List.of(lock(41, "WAITING"))), "silver.interactions", NOW);

    assertThat(text)
        .startsWith("The metastore lists no lock held on silver.interactions any more.");
  }
}
