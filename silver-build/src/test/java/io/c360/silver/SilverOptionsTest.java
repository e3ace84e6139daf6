package io.c360.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.c360.common.Target;
import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.ExitCode;
import io.c360.common.cli.JobFailure;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SilverOptionsTest {
  private static SilverOptions options(double maxRejectRate) {
    return new SilverOptions(
        new CatalogSettings(Target.LOCAL, Optional.empty(), Optional.empty()),
        "file:/tmp/bronze",
        Optional.empty(),
        maxRejectRate,
        Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void aRejectRateOutsideZeroToOneIsAUsageError(double rate) {
    assertThatThrownBy(() -> options(rate))
        .isInstanceOfSatisfying(
            JobFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("--max-reject-rate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.5", "1.5", "NaN"})
  void theCommandLineRefusesItBeforeAnySession(String rate) {
    SilverCommand command = SilverBuildMain.newCommand();
    new CommandLine(command).parseArgs("--bronze", "/tmp/bronze", "--max-reject-rate", rate);

    assertThatThrownBy(command::toOptions)
        .isInstanceOfSatisfying(
            JobFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.05, 1.0})
  void ratesFromZeroToOneAreAccepted(double rate) {
    assertThat(options(rate).maxRejectRate()).isEqualTo(rate);
  }
}
