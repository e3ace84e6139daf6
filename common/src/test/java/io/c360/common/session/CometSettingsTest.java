package io.c360.common.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.common.Target;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Comet switch as {@link SparkSessions#resolve} applies it (the jar is on this classpath). */
class CometSettingsTest {
  private static final SessionSettings SETTINGS =
      new SessionSettings(
          "c360-job", Target.LOCAL, Optional.of("file:/tmp/w"), Optional.empty(), false);

  @ParameterizedTest
  @EnumSource(Target.class)
  void cometIsOffUnlessTheSwitchIsOn(Target target) {
    SessionSettings settings =
        new SessionSettings(
            "c360-job",
            target,
            Optional.of("file:/tmp/w"),
            Optional.of("thrift://127.0.0.1:9083"),
            true);
    SparkConf resolved = SparkSessions.resolve(emptyConf(), settings);
    SparkConf switchedOff =
        SparkSessions.resolve(emptyConf().set(CometSettings.SWITCH, "false"), settings);

    for (SparkConf conf : new SparkConf[] {resolved, switchedOff}) {
      assertThat(conf.contains("spark.plugins")).isFalse();
      assertThat(conf.contains("spark.shuffle.manager")).isFalse();
      assertThat(conf.contains("spark.memory.offHeap.enabled")).isFalse();
      assertThat(conf.getAll()).noneMatch(entry -> entry._1().startsWith("spark.comet."));
    }
  }

  @Test
  void theSwitchSetsThePluginShuffleManagerAndOffHeapMemory() {
    SparkConf resolved = SparkSessions.resolve(switchedOn(), SETTINGS);

    assertThat(resolved.get("spark.plugins")).isEqualTo("org.apache.spark.CometPlugin");
    assertThat(resolved.get("spark.shuffle.manager"))
        .isEqualTo("org.apache.spark.sql.comet.execution.shuffle.CometShuffleManager");
    assertThat(resolved.get("spark.comet.exec.shuffle.enabled")).isEqualTo("true");
    assertThat(resolved.get("spark.memory.offHeap.enabled")).isEqualTo("true");
    assertThat(resolved.get("spark.memory.offHeap.size")).isEqualTo("2g");
    // The tuned defaults still apply beside Comet's.
    assertThat(resolved.get("spark.sql.session.timeZone")).isEqualTo("UTC");
  }

  @Test
  void theNativeIcebergReaderStaysOffEvenWithComet() {
    SparkConf resolved = SparkSessions.resolve(switchedOn(), SETTINGS);

    assertThat(resolved.get("spark.comet.scan.icebergNative.enabled")).isEqualTo("false");
  }

  @Test
  void theUsersCometSettingsWin() {
    SparkConf user =
        switchedOn()
            .set("spark.memory.offHeap.size", "6g")
            .set("spark.comet.exec.shuffle.enabled", "false");

    SparkConf resolved = SparkSessions.resolve(user, SETTINGS);

    assertThat(resolved.get("spark.memory.offHeap.size")).isEqualTo("6g");
    assertThat(resolved.get("spark.comet.exec.shuffle.enabled")).isEqualTo("false");
  }

  @Test
  void theUsersPluginsAreKeptAndCometsIsAddedOnce() {
    SparkConf resolved =
        SparkSessions.resolve(switchedOn().set("spark.plugins", "com.example.Plugin"), SETTINGS);
    assertThat(resolved.get("spark.plugins"))
        .isEqualTo("com.example.Plugin,org.apache.spark.CometPlugin");

    SparkConf again = SparkSessions.resolve(resolved, SETTINGS);
    assertThat(again.get("spark.plugins"))
        .isEqualTo("com.example.Plugin,org.apache.spark.CometPlugin");
  }

  @Test
  void offHeapTurnedOffIsRefusedBecauseCometWouldSilentlyNotRun() {
    SparkConf user = switchedOn().set("spark.memory.offHeap.enabled", "false");

    assertThatThrownBy(() -> SparkSessions.resolve(user, SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spark.memory.offHeap.enabled=true");
  }

  @Test
  void aMissingCometJarIsRefusedBeforeTheSessionStarts() {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    // A class loader that sees only the JDK: as a JVM started without the Comet jar.
    thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
    try {
      assertThatThrownBy(() -> SparkSessions.resolve(switchedOn(), SETTINGS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not on the classpath")
          .hasMessageContaining("--comet");
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  private static SparkConf switchedOn() {
    return emptyConf().set(CometSettings.SWITCH, "true");
  }

  private static SparkConf emptyConf() {
    return new SparkConf(false);
  }
}
