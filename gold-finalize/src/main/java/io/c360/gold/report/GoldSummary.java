package io.c360.gold.report;

import io.c360.gold.plan.DatePlan;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The human summary gold-finalize prints at the end of a run: what a full pipeline ends with. */
public final class GoldSummary {
  static final int RECENT_DAYS = 7;

  private GoldSummary() {}

  /**
   * @param job the job name the summary starts with
   * @param plan the dates the run recomputed and cleared
   * @param asOf the date of the customer tables
   * @param snapshot the committed gold tables
   */
  public static String format(String job, DatePlan plan, LocalDate asOf, GoldSnapshot snapshot) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: recomputed %d date(s)%s; customer tables as of %s%n",
            job,
            plan.recompute().size(),
            plan.cleared().isEmpty() ? "" : ", cleared " + plan.cleared().size(),
            asOf));

    List<GoldSnapshot.Day> days = snapshot.days();
    List<GoldSnapshot.Day> recent =
        days.subList(Math.max(0, days.size() - RECENT_DAYS), days.size());
    out.append(String.format(Locale.ROOT, "%nRecent days (gold.daily_kpis)%n"));
    out.append(
        String.format(
            Locale.ROOT,
            "  %-10s %9s %14s %10s %8s %10s %7s%n",
            "date",
            "orders",
            "revenue USD",
            "AOV USD",
            "active",
            "convert %",
            "NPS"));
    for (GoldSnapshot.Day day : recent) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-10s %,9d %,14.2f %,10.2f %,8d %10s %7s%n",
              day.date(),
              day.orders(),
              day.revenueUsd(),
              day.avgOrderValueUsd() == null ? java.math.BigDecimal.ZERO : day.avgOrderValueUsd(),
              day.activeCustomers(),
              day.conversionRate() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", day.conversionRate() * 100),
              day.nps() == null ? "-" : String.format(Locale.ROOT, "%.1f", day.nps())));
    }

    out.append(
        String.format(
            Locale.ROOT,
            "%nRevenue by channel, last %d day(s) (gold.revenue_by_channel)%n",
            days.size()));
    out.append(
        String.format(
            Locale.ROOT, "  %-12s %9s %14s %7s%n", "channel", "orders", "revenue USD", "share"));
    for (GoldSnapshot.Channel channel : snapshot.channels()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-12s %,9d %,14.2f %6.1f%%%n",
              channel.channel(),
              channel.orders(),
              channel.revenueUsd(),
              channel.share() * 100));
    }

    out.append(
        String.format(
            Locale.ROOT,
            "%nChurn risk as of %s (gold.churn_risk)%n",
            snapshot.asOf().map(LocalDate::toString).orElse("-")));
    out.append(
        String.format(
            Locale.ROOT, "  %-8s %10s %7s %10s%n", "band", "customers", "share", "avg score"));
    for (GoldSnapshot.Band band : snapshot.bands()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-8s %,10d %6.1f%% %10.3f%n",
              band.band(),
              band.customers(),
              band.share() * 100,
              band.avgScore()));
    }
    if (!snapshot.drivers().isEmpty()) {
      out.append("  main drivers (high and medium risk): ");
      out.append(
          String.join(
              ", ",
              snapshot.drivers().stream()
                  .map(d -> d.driver() + " " + String.format(Locale.ROOT, "%,d", d.customers()))
                  .toList()));
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}
