package io.c360.bronze.generate;

import static io.c360.common.naming.BronzeColumns.*;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.Vocabulary;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Fills one {@code customer_interactions} row, a pure function of (plan, day, index in day).
 *
 * <p>Business rules: a customer is picked with heavy-tailed popularity among those signed up by
 * that day, and churners are picked ever less after their churn onset; channel follows the
 * customer's preference; device, OS and browser are coherent with the channel; event types depend
 * on the channel; only purchases carry quantity, revenue (= quantity x unit price x (1 - discount),
 * rounded half-up to cents), payment and order fields; a return comes 1 to 30 days after its
 * purchase; stores only trade in opening hours.
 *
 * <p>The hot path allocates nothing: values are pooled {@link UTF8String}s, numbers are set on a
 * reused {@link SpecificInternalRow}.
 */
public final class InteractionGenerator {
  private static final int ID = index(INTERACTION_ID);
  private static final int CUSTOMER = index(CUSTOMER_ID);
  private static final int TS = index(EVENT_TS);
  private static final int INGESTED = index(INGESTED_AT);
  private static final int CHANNEL_COL = index(CHANNEL);
  private static final int TYPE = index(EVENT_TYPE);
  private static final int SESSION = index(SESSION_ID);
  private static final int DURATION = index(SESSION_DURATION_SEC);
  private static final int VIEWS = index(PAGE_VIEWS);
  private static final int DEVICE = index(DEVICE_TYPE);
  private static final int OS_COL = index(OS);
  private static final int BROWSER_COL = index(BROWSER);
  private static final int CAMPAIGN = index(CAMPAIGN_ID);
  private static final int UTM = index(UTM_SOURCE);
  private static final int STORE = index(STORE_ID);
  private static final int PRODUCT = index(PRODUCT_ID);
  private static final int PRODUCT_NAME_COL = index(PRODUCT_NAME);
  private static final int CATEGORY = index(PRODUCT_CATEGORY);
  private static final int QTY = index(QUANTITY);
  private static final int PRICE = index(UNIT_PRICE);
  private static final int DISCOUNT = index(DISCOUNT_RATE);
  private static final int REVENUE_COL = index(REVENUE);
  private static final int CURRENCY_COL = index(CURRENCY);
  private static final int PAYMENT = index(PAYMENT_METHOD);
  private static final int ORDER = index(ORDER_ID);
  private static final int STATUS = index(ORDER_STATUS);
  private static final int RETURNED = index(IS_RETURNED);
  private static final int RETURNED_TS = index(RETURNED_AT);
  private static final int TICKET = index(SUPPORT_TICKET_ID);
  private static final int SATISFACTION = index(SATISFACTION_SCORE);
  private static final int NPS = index(NPS_SCORE);

  private static final int[] PRICE_COLUMNS = {QTY, PRICE, DISCOUNT, REVENUE_COL, CURRENCY_COL};
  private static final int[] ORDER_COLUMNS = {PAYMENT, ORDER, STATUS, RETURNED, RETURNED_TS};

  private static final int EVENT_DATE_COL = BronzeSchemas.INTERACTIONS.size();
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  // Channel indexes, in the order of Vocabulary.CHANNELS.
  private static final int WEB = 0;
  private static final int APP = 1;
  private static final int STORE_CHANNEL = 2;
  private static final int CALL_CENTER = 3;
  private static final int EMAIL = 4;
  private static final int SOCIAL = 5;
  private static final UTF8String[] CHANNELS = utf8(Vocabulary.CHANNELS.toArray(String[]::new));
  private static final double[] CHANNEL_CDF = Rng.cdf(0.38, 0.30, 0.14, 0.05, 0.08, 0.05);

  // Event types, in the order of Vocabulary.EVENT_TYPES.
  private static final int ADD_TO_CART = 2;
  private static final int PURCHASE = 3;
  private static final int SUPPORT = 4;
  private static final int EMAIL_OPEN = 5;
  private static final UTF8String[] EVENT_TYPES =
      utf8(Vocabulary.EVENT_TYPES.toArray(String[]::new));

  /** Per channel: weights of page_view, product_view, add_to_cart, purchase, support, ... */
  private static final double[][] EVENT_CDF = {
    Rng.cdf(0.40, 0.22, 0.10, 0.08, 0.02, 0, 0, 0.18, 0),
    Rng.cdf(0.33, 0.25, 0.12, 0.10, 0.02, 0, 0, 0.18, 0),
    Rng.cdf(0, 0.15, 0, 0.75, 0.10, 0, 0, 0, 0),
    Rng.cdf(0, 0, 0, 0.15, 0.85, 0, 0, 0, 0),
    Rng.cdf(0, 0, 0, 0, 0, 0.65, 0.35, 0, 0),
    Rng.cdf(0.20, 0, 0, 0, 0, 0, 0, 0, 0.80),
  };

  /** Relative traffic per hour of the day (UTC), evenings peak. */
  private static final double[] HOUR_CDF =
      Rng.cdf(
          0.6, 0.4, 0.3, 0.25, 0.25, 0.4, 0.8, 1.5, 2.2, 2.6, 2.8, 3.0, 3.2, 3.0, 2.9, 2.9, 3.0,
          3.3, 3.8, 4.2, 4.3, 3.8, 2.8, 1.5);

  private static final UTF8String DESKTOP = UTF8String.fromString("desktop");
  private static final UTF8String MOBILE = UTF8String.fromString("mobile");
  private static final UTF8String TABLET = UTF8String.fromString("tablet");
  private static final UTF8String POS = UTF8String.fromString("pos_terminal");
  private static final UTF8String PHONE = UTF8String.fromString("phone");
  private static final UTF8String[] OSES = utf8("Windows", "macOS", "Linux", "iOS", "Android");
  private static final double[] DESKTOP_OS_CDF = Rng.cdf(0.70, 0.25, 0.05);
  private static final double[] MOBILE_OS_CDF = Rng.cdf(0.55, 0.45);

  /** Browsers, and per OS (Windows, macOS, Linux, iOS, Android) their shares. */
  private static final UTF8String[] BROWSERS =
      utf8("Chrome", "Edge", "Firefox", "Safari", "Samsung Internet");

  private static final double[][] BROWSER_CDF = {
    Rng.cdf(0.65, 0.25, 0.10, 0, 0),
    Rng.cdf(0.40, 0, 0.05, 0.55, 0),
    Rng.cdf(0.60, 0, 0.40, 0, 0),
    Rng.cdf(0.15, 0, 0, 0.85, 0),
    Rng.cdf(0.80, 0, 0, 0, 0.20),
  };

  private static final UTF8String[] UTM_WEB = utf8("google", "bing", "affiliate", "direct");
  private static final UTF8String[] UTM_SOCIAL =
      utf8("facebook", "instagram", "tiktok", "pinterest");
  private static final UTF8String NEWSLETTER = UTF8String.fromString("newsletter");

  private static final UTF8String[] CURRENCIES = utf8(Vocabulary.CURRENCIES.toArray(String[]::new));
  private static final UTF8String[] PAYMENTS =
      utf8("credit_card", "debit_card", "paypal", "apple_pay", "google_pay", "gift_card", "cash");
  private static final double[] ONLINE_PAYMENT_CDF = Rng.cdf(0.40, 0.18, 0.17, 0.12, 0.08, 0.05, 0);
  private static final double[] STORE_PAYMENT_CDF = Rng.cdf(0.35, 0.25, 0, 0.10, 0.03, 0.02, 0.25);
  private static final double[] PHONE_PAYMENT_CDF = Rng.cdf(0.75, 0.15, 0, 0, 0, 0.10, 0);

  private static final int[] DISCOUNT_PERCENT = {0, 5, 10, 15, 20, 25, 30};
  private static final double[] DISCOUNT_CDF = Rng.cdf(0.55, 0.10, 0.12, 0.08, 0.08, 0.04, 0.03);

  private static final UTF8String COMPLETED = UTF8String.fromString(Vocabulary.ORDER_COMPLETED);
  private static final UTF8String CANCELLED = UTF8String.fromString(Vocabulary.ORDER_CANCELLED);
  private static final UTF8String RETURNED_STATUS =
      UTF8String.fromString(Vocabulary.ORDER_RETURNED);

  private static final UTF8String[] UNKNOWN_CHANNELS =
      utf8("fax", "carrier_pigeon", "telex", "kiosk_v0", "unknown", "N/A");

  /**
   * Tries to find an active, already signed-up customer whose profile keeps its id before falling
   * back to customer 1.
   */
  private static final int CUSTOMER_ATTEMPTS = 64;

  private static final int SURVEY_PERMILLE = 30;

  private final GenerationPlan plan;
  private final ValuePools pools;
  private final DefectPlanner defects;
  private final Rng rng = new Rng();
  private final CustomerTraits traits = new CustomerTraits();
  private final double[] churnDecay;
  private final UTF8String[][] noncanonicalChannels;
  private final Decimal unitPrice = new Decimal();
  private final Decimal discount = new Decimal();
  private final Decimal revenue = new Decimal();

  public InteractionGenerator(GenerationPlan plan) {
    this.plan = plan;
    this.pools = ValuePools.forSeed(plan.seed());
    this.defects = new DefectPlanner(plan);
    this.churnDecay = new double[plan.days() + 1];
    for (int d = 0; d <= plan.days(); d++) {
      churnDecay[d] = Math.exp(-d / CustomerTraits.CHURN_DECAY_DAYS);
    }
    this.noncanonicalChannels = new UTF8String[CHANNELS.length][];
    for (int c = 0; c < CHANNELS.length; c++) {
      noncanonicalChannels[c] = noncanonicalVariants(CHANNELS[c].toString());
    }
  }

  /**
   * Spellings of a channel that standardization maps back to it (trim, lower case, spaces and
   * hyphens to underscores), none equal to the canonical value itself.
   */
  static UTF8String[] noncanonicalVariants(String canonical) {
    String spaced = canonical.replace('_', ' ');
    java.util.Set<String> variants = new java.util.LinkedHashSet<>();
    variants.add(canonical.toUpperCase(java.util.Locale.ROOT));
    variants.add(" " + canonical + " ");
    variants.add(Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1));
    variants.add(canonical.replace('_', '-'));
    variants.add("\t" + spaced.toUpperCase(java.util.Locale.ROOT));
    variants.remove(canonical);
    return utf8(variants.toArray(String[]::new));
  }

  /** A row to fill: the {@code customer_interactions} file columns, then event_date. */
  public static SpecificInternalRow newRow() {
    return new SpecificInternalRow(BronzeSchemas.withEventDate(BronzeSchemas.INTERACTIONS));
  }

  /**
   * Fills {@code row} with the event at {@code indexInDay} of day {@code dayIndex}.
   *
   * @return the injected defect, or null for a clean row
   */
  public DefectKind fill(int dayIndex, long indexInDay, SpecificInternalRow row) {
    rng.reset(defects.interactionKey(dayIndex, indexInDay));
    DefectKind defect = defects.drawInteractionDefect(rng, dayIndex, indexInDay);
    if (defect == DefectKind.DUPLICATE_EVENT) {
      long redeliveryDelay = (1 + rng.nextInt(3600)) * MICROS_PER_SECOND;
      rng.reset(defects.interactionKey(dayIndex, indexInDay - 1));
      defects.drawInteractionDefect(rng, dayIndex, indexInDay - 1);
      generate(dayIndex, indexInDay - 1, null, row);
      row.setLong(INGESTED, row.getLong(INGESTED) + redeliveryDelay);
      return defect;
    }
    generate(dayIndex, indexInDay, defect, row);
    return defect;
  }

  private void generate(int dayIndex, long indexInDay, DefectKind defect, SpecificInternalRow row) {
    long epochDay = plan.epochDay(dayIndex);
    long interactionId = (epochDay << 36) | indexInDay;
    pickCustomer(dayIndex);
    boolean forcePurchase = defect != null && defect.needsPurchase();

    int channel = rng.chance(0.5) ? traits.preferredChannel() : rng.pick(CHANNEL_CDF);
    if (forcePurchase && (channel == EMAIL || channel == SOCIAL)) {
      channel = WEB;
    }
    int eventType = forcePurchase ? PURCHASE : rng.pick(EVENT_CDF[channel]);
    int hour = channel == STORE_CHANNEL ? 9 + rng.nextInt(12) : rng.pick(HOUR_CDF);
    long eventTs =
        epochDay * MICROS_PER_DAY
            + (hour * 3600L + rng.nextInt(3600)) * MICROS_PER_SECOND
            + rng.nextInt(1000) * 1000L;
    double lag = rng.nextDouble();
    long ingestedAt = eventTs + (1 + (long) (lag * lag * lag * lag * 7200)) * MICROS_PER_SECOND;

    row.setLong(ID, interactionId);
    row.setInt(EVENT_DATE_COL, (int) epochDay);
    row.setLong(CUSTOMER, traits.customerId);
    row.setLong(TS, eventTs);
    row.setLong(INGESTED, ingestedAt);
    row.update(CHANNEL_COL, CHANNELS[channel]);
    row.update(TYPE, EVENT_TYPES[eventType]);

    setDevice(channel, row);
    setSession(channel, epochDay, hour, row);
    setMarketing(channel, row);
    int product = setProduct(eventType, row);
    int currency = traits.country();
    setCommerce(channel, eventType, product, currency, eventTs, interactionId, row);
    setService(eventType, interactionId, row);

    if (defect != null) {
      inject(defect, eventTs, ingestedAt, channel, row);
    }
  }

  private void pickCustomer(int dayIndex) {
    long customers = plan.customers();
    for (int attempt = 0; attempt < CUSTOMER_ATTEMPTS; attempt++) {
      double u = rng.nextDouble();
      long rank = (long) (u * u * u * customers);
      traits.load(plan, plan.customerAtRank(rank));
      if (traits.signupDayIndex() > dayIndex) {
        continue;
      }
      if (defects.customerDefect(traits.customerId) == DefectKind.CUSTOMER_MISSING_ID) {
        // Its profile row lost its id: events of it would look orphaned without being so.
        continue;
      }
      int sinceOnset = dayIndex - traits.churnOnsetDayIndex();
      if (traits.churner() && sinceOnset > 0 && rng.nextDouble() >= churnDecay[sinceOnset]) {
        continue;
      }
      return;
    }
    traits.load(plan, 1);
  }

  private void setDevice(int channel, SpecificInternalRow row) {
    int os;
    UTF8String device;
    boolean browser = false;
    switch (channel) {
      case WEB, SOCIAL -> {
        double u = rng.nextDouble();
        boolean desktop = channel == WEB ? u < 0.55 : u < 0.15;
        device = desktop ? DESKTOP : (rng.chance(0.85) ? MOBILE : TABLET);
        os = desktop ? rng.pick(DESKTOP_OS_CDF) : 3 + rng.pick(MOBILE_OS_CDF);
        browser = true;
      }
      case APP -> {
        device = rng.chance(0.88) ? MOBILE : TABLET;
        os = 3 + rng.pick(MOBILE_OS_CDF);
      }
      case EMAIL -> {
        boolean desktop = rng.chance(0.35);
        device = desktop ? DESKTOP : MOBILE;
        os = desktop ? rng.pick(DESKTOP_OS_CDF) : 3 + rng.pick(MOBILE_OS_CDF);
      }
      case STORE_CHANNEL -> {
        device = POS;
        os = -1;
      }
      default -> {
        device = PHONE;
        os = -1;
      }
    }
    row.update(DEVICE, device);
    setOrNull(row, OS_COL, os < 0 ? null : OSES[os]);
    setOrNull(row, BROWSER_COL, browser ? BROWSERS[rng.pick(BROWSER_CDF[os])] : null);
  }

  private void setSession(int channel, long epochDay, int hour, SpecificInternalRow row) {
    if (channel == WEB || channel == APP || channel == SOCIAL) {
      // Events of one customer within the same three hours share a session.
      long session =
          Rng.mix(plan.seed() ^ traits.customerId * 0x2545F4914F6CDD1DL ^ (epochDay * 8 + hour / 3))
              & Long.MAX_VALUE;
      double u = rng.nextDouble();
      int duration = 15 + (int) (u * u * 2400);
      row.setLong(SESSION, session);
      row.setInt(DURATION, duration);
      row.setInt(VIEWS, 1 + duration / 75 + rng.nextInt(3));
      return;
    }
    row.setNullAt(SESSION);
    row.setNullAt(VIEWS);
    if (channel == CALL_CENTER) {
      row.setInt(DURATION, 60 + rng.nextInt(1500));
    } else {
      row.setNullAt(DURATION);
    }
  }

  private void setMarketing(int channel, SpecificInternalRow row) {
    UTF8String campaign = null;
    UTF8String source = null;
    if (channel == EMAIL) {
      campaign = pools.campaigns[rng.nextInt(pools.campaigns.length)];
      source = NEWSLETTER;
    } else if (channel == SOCIAL) {
      campaign = pools.campaigns[rng.nextInt(pools.campaigns.length)];
      source = UTM_SOCIAL[rng.nextInt(UTM_SOCIAL.length)];
    } else if (channel == WEB && rng.chance(0.45)) {
      source = UTM_WEB[rng.nextInt(UTM_WEB.length)];
      campaign = rng.chance(0.5) ? pools.campaigns[rng.nextInt(pools.campaigns.length)] : null;
    }
    setOrNull(row, CAMPAIGN, campaign);
    setOrNull(row, UTM, source);
    setOrNull(
        row,
        STORE,
        channel == STORE_CHANNEL ? pools.storeIds[rng.nextInt(pools.storeIds.length)] : null);
  }

  private int setProduct(int eventType, SpecificInternalRow row) {
    boolean hasProduct =
        eventType >= 1 && eventType <= PURCHASE || eventType == 0 && rng.chance(0.3);
    if (!hasProduct) {
      row.setNullAt(PRODUCT);
      row.setNullAt(PRODUCT_NAME_COL);
      row.setNullAt(CATEGORY);
      return -1;
    }
    double u = rng.nextDouble();
    int product = (int) (u * u * pools.productIds.length);
    row.update(PRODUCT, pools.productIds[product]);
    row.update(PRODUCT_NAME_COL, pools.productNames[product]);
    row.update(CATEGORY, pools.productCategories[product]);
    return product;
  }

  private void setCommerce(
      int channel,
      int eventType,
      int product,
      int currency,
      long eventTs,
      long interactionId,
      SpecificInternalRow row) {
    boolean priced = eventType == PURCHASE || eventType == ADD_TO_CART;
    if (!priced) {
      for (int column : PRICE_COLUMNS) {
        row.setNullAt(column);
      }
    } else {
      int quantity = 1;
      while (quantity < 10 && rng.chance(0.35)) {
        quantity++;
      }
      long priceCents = pools.productPriceCents[currency][product];
      row.setInt(QTY, quantity);
      row.update(PRICE, unitPrice.set(priceCents, 10, 2));
      row.update(CURRENCY_COL, CURRENCIES[currency]);
      if (eventType == PURCHASE) {
        int percentOff = DISCOUNT_PERCENT[rng.pick(DISCOUNT_CDF)];
        // Half-up rounding to cents of quantity x price x (1 - discount).
        long revenueCents = (quantity * priceCents * (100 - percentOff) + 50) / 100;
        row.update(DISCOUNT, discount.set(percentOff, 3, 2));
        row.update(REVENUE_COL, revenue.set(revenueCents, 12, 2));
      } else {
        row.setNullAt(DISCOUNT);
        row.setNullAt(REVENUE_COL);
      }
    }
    if (eventType != PURCHASE) {
      for (int column : ORDER_COLUMNS) {
        row.setNullAt(column);
      }
      return;
    }
    double[] paymentCdf =
        channel == STORE_CHANNEL
            ? STORE_PAYMENT_CDF
            : channel == CALL_CENTER ? PHONE_PAYMENT_CDF : ONLINE_PAYMENT_CDF;
    row.update(PAYMENT, PAYMENTS[rng.pick(paymentCdf)]);
    row.setLong(ORDER, interactionId);
    double outcome = rng.nextDouble();
    if (outcome < 0.03) {
      row.update(STATUS, CANCELLED);
      row.setBoolean(RETURNED, false);
      row.setNullAt(RETURNED_TS);
    } else if (outcome < 0.03 + 0.08 + (traits.churner() ? 0.06 : 0)) {
      row.update(STATUS, RETURNED_STATUS);
      row.setBoolean(RETURNED, true);
      row.setLong(RETURNED_TS, eventTs + (1 + rng.nextInt(30)) * MICROS_PER_DAY);
    } else {
      row.update(STATUS, COMPLETED);
      row.setBoolean(RETURNED, false);
      row.setNullAt(RETURNED_TS);
    }
  }

  private void setService(int eventType, long interactionId, SpecificInternalRow row) {
    if (eventType == SUPPORT) {
      row.setLong(TICKET, interactionId);
      // Churners rate their support experience lower.
      int score = 1 + rng.nextInt(5);
      if (traits.churner() && score > 2 && rng.chance(0.5)) {
        score -= 2;
      }
      row.setInt(SATISFACTION, score);
    } else {
      row.setNullAt(TICKET);
      row.setNullAt(SATISFACTION);
    }
    if (eventType == EMAIL_OPEN || rng.nextInt(1000) < SURVEY_PERMILLE) {
      // A survey answer: promoters 9-10, detractors 0-6; churners lean to detractors.
      int nps = traits.churner() ? rng.nextInt(8) : 4 + rng.nextInt(7);
      row.setInt(NPS, nps);
    } else {
      row.setNullAt(NPS);
    }
  }

  private void inject(
      DefectKind defect, long eventTs, long ingestedAt, int channel, SpecificInternalRow row) {
    switch (defect) {
      case INTERACTION_MISSING_ID -> row.setNullAt(ID);
      case INTERACTION_MISSING_CUSTOMER -> row.setNullAt(CUSTOMER);
      case ORPHAN_CUSTOMER ->
          row.setLong(CUSTOMER, plan.customers() + 1 + rng.nextLong(plan.customers() + 1));
      case FUTURE_TIMESTAMP -> {
        // Shift the whole event, its return included, so that only this rule breaks.
        long shift = ingestedAt - eventTs + (1 + rng.nextInt(400)) * MICROS_PER_DAY;
        row.setLong(TS, eventTs + shift);
        if (!row.isNullAt(RETURNED_TS)) {
          row.setLong(RETURNED_TS, row.getLong(RETURNED_TS) + shift);
        }
      }
      case NEGATIVE_AMOUNT -> {
        row.update(PRICE, unitPrice.set(-unitPrice.toUnscaledLong(), 10, 2));
        row.update(REVENUE_COL, revenue.set(-revenue.toUnscaledLong(), 12, 2));
      }
      case REVENUE_MISMATCH -> {
        long cents = revenue.toUnscaledLong();
        row.update(
            REVENUE_COL, revenue.set(cents + 1 + cents * (1 + rng.nextInt(40)) / 100, 12, 2));
      }
      case UNKNOWN_CHANNEL ->
          row.update(CHANNEL_COL, UNKNOWN_CHANNELS[rng.nextInt(UNKNOWN_CHANNELS.length)]);
      case NONCANONICAL_CHANNEL -> {
        UTF8String[] variants = noncanonicalChannels[channel];
        row.update(CHANNEL_COL, variants[rng.nextInt(variants.length)]);
      }
      case NPS_OUT_OF_RANGE ->
          row.setInt(NPS, rng.chance(0.5) ? 11 + rng.nextInt(90) : -1 - rng.nextInt(10));
      case RETURN_BEFORE_PURCHASE -> {
        row.update(STATUS, RETURNED_STATUS);
        row.setBoolean(RETURNED, true);
        row.setLong(RETURNED_TS, eventTs - (1 + rng.nextInt(10)) * MICROS_PER_DAY);
      }
      default -> throw new IllegalStateException("Not an interaction defect: " + defect);
    }
  }

  private static void setOrNull(SpecificInternalRow row, int column, UTF8String value) {
    if (value == null) {
      row.setNullAt(column);
    } else {
      row.update(column, value);
    }
  }

  private static int index(String column) {
    return BronzeSchemas.INTERACTIONS.fieldIndex(column);
  }

  static UTF8String[] utf8(String... values) {
    UTF8String[] encoded = new UTF8String[values.length];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = UTF8String.fromString(values[i]);
    }
    return encoded;
  }
}
