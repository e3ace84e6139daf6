package io.c360.silver;

import static java.util.Objects.requireNonNull;

import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.JobOptions;
import io.c360.common.cli.OptionChecks;
import io.c360.common.session.SessionSettings;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Validated options of one silver-build run.
 *
 * @param catalog where the job runs and its catalog
 * @param bronze bronze root as a URI
 * @param dates bronze dates to reprocess; empty means the new and changed ones
 * @param maxRejectRate data-quality gate, per bronze table: a share from 0 to 1, checked here
 *     (before any session or data) as well as by the command line
 * @param asOf date of the customer features; empty means the latest event date in silver
 * @param redeliveryLookbackDays how many days either side of the batch's dates silver looks for the
 *     batch's interaction ids (docs/RELIABILITY.md, "Grain")
 */
public record SilverOptions(
    CatalogSettings catalog,
    String bronze,
    Optional<DateRange> dates,
    double maxRejectRate,
    Optional<LocalDate> asOf,
    int redeliveryLookbackDays)
    implements JobOptions {
  /** The default of {@code --redelivery-lookback-days}. */
  public static final int DEFAULT_REDELIVERY_LOOKBACK_DAYS = 30;

  public SilverOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(bronze, "bronze is null");
    requireNonNull(dates, "dates is null");
    requireNonNull(asOf, "asOf is null");
    OptionChecks.requireRange("--max-reject-rate", maxRejectRate, 0.0, 1.0);
    if (redeliveryLookbackDays < 0) {
      throw new IllegalArgumentException("redeliveryLookbackDays is negative");
    }
  }

  /** Options with the default re-delivery look-back. */
  public SilverOptions(
      CatalogSettings catalog,
      String bronze,
      Optional<DateRange> dates,
      double maxRejectRate,
      Optional<LocalDate> asOf) {
    this(catalog, bronze, dates, maxRejectRate, asOf, DEFAULT_REDELIVERY_LOOKBACK_DAYS);
  }

  @Override
  public SessionSettings sessionSettings(String appName) {
    boolean s3a = bronze.startsWith("s3a:") || catalog.warehouseOnS3a();
    return catalog.sessionSettings(appName, s3a);
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = catalog.parameters();
    parameters.put("bronze", bronze);
    parameters.put("dates", dates.map(DateRange::toString).orElse("new and changed"));
    parameters.put("max_reject_rate", maxRejectRate);
    parameters.put("as_of", asOf.map(LocalDate::toString).orElse("latest event date"));
    parameters.put("redelivery_lookback_days", redeliveryLookbackDays);
    return parameters;
  }
}
