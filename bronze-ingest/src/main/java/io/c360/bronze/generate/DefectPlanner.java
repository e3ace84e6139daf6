package io.c360.bronze.generate;

import java.util.List;

/**
 * Decides which defect, if any, a row carries. The decision is the first draw of the row's random
 * stream, so the census (counting) and the generator (writing) agree without sharing state.
 */
public final class DefectPlanner {
  // Not thread-safe: one per reader or census task.
  /** Random stream of the customers table in {@link Rng#key}. */
  public static final long CUSTOMERS_STREAM = 0xC057L;

  /** Random stream of the interactions table in {@link Rng#key}. */
  public static final long INTERACTIONS_STREAM = 0x1A7EL;

  private final GenerationPlan plan;
  private final double rate;
  private final DefectKind[] customerKinds;
  private final double[] customerCdf;
  private final DefectKind[] interactionKinds;
  private final double[] interactionCdf;
  private final Rng probe = new Rng();
  private final Rng census = new Rng();

  public DefectPlanner(GenerationPlan plan) {
    this.plan = plan;
    this.rate = plan.defectRate();
    List<DefectKind> customers = DefectKind.of(DefectKind.Table.CUSTOMERS);
    List<DefectKind> interactions = DefectKind.of(DefectKind.Table.INTERACTIONS);
    this.customerKinds = customers.toArray(DefectKind[]::new);
    this.customerCdf = Rng.cdf(customers.stream().mapToDouble(DefectKind::weight).toArray());
    this.interactionKinds = interactions.toArray(DefectKind[]::new);
    this.interactionCdf = Rng.cdf(interactions.stream().mapToDouble(DefectKind::weight).toArray());
  }

  /** The key of a customer row's random stream. */
  public long customerKey(long customerId) {
    return Rng.key(plan.seed(), CUSTOMERS_STREAM, 0, customerId);
  }

  /** The key of an interaction row's random stream. */
  public long interactionKey(int dayIndex, long indexInDay) {
    return Rng.key(plan.seed(), INTERACTIONS_STREAM, plan.epochDay(dayIndex), indexInDay);
  }

  /**
   * Draws a customer row's defect from {@code rng}, freshly reset to the row's key. Customer 1, the
   * interactions' fallback customer, always keeps its id.
   */
  public DefectKind drawCustomerDefect(Rng rng, long customerId) {
    DefectKind kind = draw(rng, customerKinds, customerCdf);
    if (kind == DefectKind.CUSTOMER_MISSING_ID && customerId == 1) {
      return null;
    }
    return kind;
  }

  /**
   * Draws an interaction row's defect from {@code rng}, freshly reset to the row's key. A duplicate
   * needs a clean previous event on the same day; otherwise the row stays clean.
   */
  public DefectKind drawInteractionDefect(Rng rng, int dayIndex, long indexInDay) {
    DefectKind kind = draw(rng, interactionKinds, interactionCdf);
    if (kind == DefectKind.DUPLICATE_EVENT && !previousIsClean(dayIndex, indexInDay)) {
      return null;
    }
    return kind;
  }

  /** The defect of one customer row, for the census. */
  public DefectKind customerDefect(long customerId) {
    return drawCustomerDefect(census.reset(customerKey(customerId)), customerId);
  }

  /** The defect of one interaction row, for the census. */
  public DefectKind interactionDefect(int dayIndex, long indexInDay) {
    return drawInteractionDefect(
        census.reset(interactionKey(dayIndex, indexInDay)), dayIndex, indexInDay);
  }

  private boolean previousIsClean(int dayIndex, long indexInDay) {
    if (indexInDay == 0) {
      return false;
    }
    probe.reset(interactionKey(dayIndex, indexInDay - 1));
    return draw(probe, interactionKinds, interactionCdf) == null;
  }

  private DefectKind draw(Rng rng, DefectKind[] kinds, double[] cdf) {
    if (rng.nextDouble() >= rate) {
      return null;
    }
    return kinds[rng.pick(cdf)];
  }
}
