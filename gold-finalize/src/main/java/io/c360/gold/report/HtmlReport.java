package io.c360.gold.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import io.c360.common.cli.JobFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report of the gold tables: inline CSS and SVG charts, no scripts, fonts or
 * images fetched, so it opens offline and can be mailed or archived as one file.
 */
public final class HtmlReport {
  private static final int WIDTH = 860;
  private static final int HEIGHT = 220;
  private static final String[] PALETTE = {
    "#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477"
  };

  private HtmlReport() {}

  public static String render(GoldSnapshot snapshot, String runId, Instant generatedAt) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Customer 360 gold report</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:900px;color:#222}")
        .append(
            "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}")
        .append(
            "table{border-collapse:collapse;font-size:.9em}td,th{padding:3px 10px;text-align:right}")
        .append(
            "th:first-child,td:first-child{text-align:left}tr:nth-child(even){background:#f5f5f5}")
        .append("svg text{font-size:11px;fill:#444}.meta{color:#666;font-size:.85em}")
        .append("</style></head><body>\n");
    html.append("<h1>Customer 360: gold report</h1>\n<p class=\"meta\">Run ")
        .append(escapeHtml4(runId))
        .append(", generated ")
        .append(escapeHtml4(generatedAt.toString()))
        .append(". Customer tables as of ")
        .append(escapeHtml4(snapshot.asOf().map(Object::toString).orElse("-")))
        .append(". Definitions: docs/GOLD.md.</p>\n");

    List<GoldSnapshot.Day> days = snapshot.days();
    html.append("<h2>Revenue per day (USD, gold.daily_kpis)</h2>\n")
        .append(dayBars(days, d -> d.revenueUsd().doubleValue(), PALETTE[0], "%,.0f"));
    html.append("<h2>Orders per day</h2>\n")
        .append(dayBars(days, d -> d.orders(), PALETTE[3], "%,.0f"));
    html.append("<h2>Revenue by channel (gold.revenue_by_channel)</h2>\n");
    List<String[]> channelBars = new ArrayList<>();
    for (GoldSnapshot.Channel channel : snapshot.channels()) {
      channelBars.add(
          new String[] {
            channel.channel(),
            Double.toString(channel.revenueUsd().doubleValue()),
            String.format(
                Locale.ROOT,
                "%,.2f USD (%.1f%%), %,d orders",
                channel.revenueUsd(),
                channel.share() * 100,
                channel.orders())
          });
    }
    html.append(horizontalBars(channelBars));
    html.append("<h2>Churn risk (gold.churn_risk)</h2>\n");
    List<String[]> bandBars = new ArrayList<>();
    for (GoldSnapshot.Band band : snapshot.bands()) {
      bandBars.add(
          new String[] {
            band.band(),
            Long.toString(band.customers()),
            String.format(
                Locale.ROOT,
                "%,d customers (%.1f%%), mean score %.3f",
                band.customers(),
                band.share() * 100,
                band.avgScore())
          });
    }
    html.append(horizontalBars(bandBars));
    if (!snapshot.drivers().isEmpty()) {
      html.append("<p>Main drivers among high and medium risk: ");
      List<String> parts = new ArrayList<>();
      snapshot
          .drivers()
          .forEach(
              d ->
                  parts.add(
                      escapeHtml4(d.driver())
                          + " "
                          + String.format(Locale.ROOT, "%,d", d.customers())));
      html.append(String.join(", ", parts)).append("</p>\n");
    }
    html.append("<h2>Engagement by value segment (gold.segment_engagement)</h2>\n")
        .append("<table><tr><th>segment</th><th>customers</th><th>mean engagement</th>")
        .append("<th>high engagement</th><th>mean churn risk</th></tr>\n");
    for (GoldSnapshot.Segment segment : snapshot.segments()) {
      html.append("<tr><td>")
          .append(escapeHtml4(segment.segment()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", segment.customers()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", segment.avgEngagement()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f%%", segment.highShare() * 100))
          .append("</td><td>")
          .append(
              segment.avgChurnRisk() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", segment.avgChurnRisk()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
    html.append("<h2>Daily KPIs</h2>\n<table><tr><th>date</th><th>orders</th>")
        .append("<th>revenue USD</th><th>AOV USD</th><th>active customers</th>")
        .append("<th>conversion</th><th>NPS</th></tr>\n");
    for (GoldSnapshot.Day day : days) {
      html.append("<tr><td>")
          .append(day.date())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", day.orders()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,.2f", day.revenueUsd()))
          .append("</td><td>")
          .append(money(day.avgOrderValueUsd()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", day.activeCustomers()))
          .append("</td><td>")
          .append(
              day.conversionRate() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f%%", day.conversionRate() * 100))
          .append("</td><td>")
          .append(day.nps() == null ? "-" : String.format(Locale.ROOT, "%.1f", day.nps()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n</body></html>\n");
    return html.toString();
  }

  /** A vertical bar per day, labelled with the first and last dates and the maximum. */
  static String dayBars(
      List<GoldSnapshot.Day> days,
      ToDoubleFunction<GoldSnapshot.Day> value,
      String color,
      String format) {
    if (days.isEmpty()) {
      return "<p>No days in gold yet.</p>\n";
    }
    double max = days.stream().mapToDouble(value).max().orElse(0);
    double scale = max <= 0 ? 0 : (HEIGHT - 30) / max;
    double slot = (double) (WIDTH - 60) / days.size();
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            WIDTH,
            HEIGHT + 20));
    for (int i = 0; i < days.size(); i++) {
      GoldSnapshot.Day day = days.get(i);
      double height = value.applyAsDouble(day) * scale;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                  + "<title>%s: %s</title></rect>",
              50 + i * slot,
              HEIGHT - height,
              Math.max(1, slot * 0.8),
              height,
              color,
              day.date(),
              String.format(Locale.ROOT, format, value.applyAsDouble(day))));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"12\">%s</text><text x=\"50\" y=\"%d\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
            String.format(Locale.ROOT, format, max),
            HEIGHT + 15,
            days.get(0).date(),
            WIDTH - 10,
            HEIGHT + 15,
            days.get(days.size() - 1).date()));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"48\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/></svg>%n",
            HEIGHT,
            WIDTH - 10,
            HEIGHT));
    return svg.toString();
  }

  /** One horizontal bar per {label, value, caption}. */
  static String horizontalBars(List<String[]> bars) {
    if (bars.isEmpty()) {
      return "<p>No rows yet.</p>\n";
    }
    double max = bars.stream().mapToDouble(b -> Double.parseDouble(b[1])).max().orElse(0);
    int rowHeight = 24;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            WIDTH,
            bars.size() * rowHeight + 4));
    for (int i = 0; i < bars.size(); i++) {
      String[] bar = bars.get(i);
      double width = max <= 0 ? 0 : Double.parseDouble(bar[1]) / max * 420;
      int y = i * rowHeight;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"0\" y=\"%d\">%s</text><rect x=\"110\" y=\"%d\" width=\"%.1f\""
                  + " height=\"16\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
              y + 15,
              escapeHtml4(bar[0]),
              y + 3,
              width,
              PALETTE[i % PALETTE.length],
              116 + width,
              y + 15,
              escapeHtml4(bar[2])));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /**
   * Writes {@code html} to {@code path}, creating its folder.
   *
   * @throws JobFailure of category usage when the path cannot be written
   */
  public static void write(Path path, String html) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, html);
    } catch (IOException e) {
      throw JobFailure.usage(
          "Cannot write the report to "
              + path
              + ": "
              + e.getMessage()
              + ". Pass a writable --report path.");
    }
  }

  private static String money(BigDecimal value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%,.2f", value);
  }
}
