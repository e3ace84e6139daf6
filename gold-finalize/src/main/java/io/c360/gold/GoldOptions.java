package io.c360.gold;

import static java.util.Objects.requireNonNull;

import io.c360.common.cli.CatalogSettings;
import io.c360.common.cli.DateRange;
import io.c360.common.cli.JobOptions;
import io.c360.common.session.SessionSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Validated options of one gold-finalize run.
 *
 * @param catalog where the job runs and its catalog
 * @param dates dates to recompute; empty means the ones silver changed
 * @param fullRebuild recompute every date
 * @param asOf date of engagement and churn risk; empty means the latest silver event date
 * @param report where to write the HTML report, if anywhere
 */
public record GoldOptions(
    CatalogSettings catalog,
    Optional<DateRange> dates,
    boolean fullRebuild,
    Optional<LocalDate> asOf,
    Optional<Path> report)
    implements JobOptions {
  public GoldOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(dates, "dates is null");
    requireNonNull(asOf, "asOf is null");
    requireNonNull(report, "report is null");
  }

  @Override
  public SessionSettings sessionSettings(String appName) {
    return catalog.sessionSettings(appName, catalog.warehouseOnS3a());
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = catalog.parameters();
    parameters.put(
        "dates",
        fullRebuild ? "all (full rebuild)" : dates.map(DateRange::toString).orElse("changed"));
    parameters.put("as_of", asOf.map(LocalDate::toString).orElse("latest event date"));
    report.ifPresent(path -> parameters.put("report", path.toString()));
    return parameters;
  }
}
