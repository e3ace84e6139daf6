package io.c360.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The log configuration of the jobs the orchestrator starts ({@code
 * scripts/log4j2-local.properties}, local and stack targets): Iceberg's retry warnings come one
 * line each, other warnings keep their stack traces.
 */
class JobLogConfigTest {
  private static final Path CONFIG = Path.of("..", "scripts", "log4j2-local.properties");

  private static Configuration load() throws Exception {
    try (InputStream in = Files.newInputStream(CONFIG)) {
      ConfigurationSource source = new ConfigurationSource(in, CONFIG.toFile());
      Configuration config =
          new PropertiesConfigurationFactory()
              .getConfiguration(new LoggerContext("job-log-config-test"), source);
      config.initialize();
      return config;
    }
  }

  private static String render(Configuration config, String logger) {
    LoggerConfig loggerConfig = config.getLoggerConfig(logger);
    Appender appender = loggerConfig.getAppenders().values().iterator().next();
    Layout<?> layout = appender.getLayout();
    LogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName(logger)
            .setLevel(Level.WARN)
            .setMessage(
                new SimpleMessage(
                    "Retrying task after failure: sleepTimeMs=5120 Waiting for lock on table"
                        + " silver.interactions"))
            .setThrown(new IllegalStateException("Waiting for lock on table silver.interactions"))
            .build();
    return new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void icebergRetryWarningsAreOneLineWithoutAStackTrace() throws Exception {
    Configuration config = load();

    LoggerConfig tasks = config.getLoggerConfig("org.apache.iceberg.util.Tasks");
    assertThat(tasks.getName()).isEqualTo("org.apache.iceberg.util.Tasks");
    assertThat(tasks.isAdditive()).as("else the root logger prints the stack trace too").isFalse();
    assertThat(tasks.getLevel()).isEqualTo(Level.WARN);
    String line = render(config, "org.apache.iceberg.util.Tasks");
    assertThat(line).contains("Retrying task after failure").doesNotContain("\tat ");
    assertThat(line.strip().lines()).hasSize(1);
  }

  @Test
  void otherWarningsKeepTheirStackTraces() throws Exception {
    assertThat(render(load(), "org.apache.iceberg.hive.MetastoreLock")).contains("\tat ");
  }
}
