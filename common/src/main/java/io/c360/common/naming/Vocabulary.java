package io.c360.common.naming;

import java.util.List;

/**
 * The canonical values of bronze's categorical columns. Bronze writes them (and, as injected
 * defects, variants of them); silver accepts exactly these after standardization.
 */
public final class Vocabulary {
  public static final String WEB = "web";
  public static final String MOBILE_APP = "mobile_app";
  public static final String STORE = "store";
  public static final String CALL_CENTER = "call_center";
  public static final String EMAIL = "email";
  public static final String SOCIAL = "social";

  /** Interaction channels, in the order of {@code ChannelIndex} constants used by generators. */
  public static final List<String> CHANNELS =
      List.of(WEB, MOBILE_APP, STORE, CALL_CENTER, EMAIL, SOCIAL);

  public static final String PAGE_VIEW = "page_view";
  public static final String PRODUCT_VIEW = "product_view";
  public static final String ADD_TO_CART = "add_to_cart";
  public static final String PURCHASE = "purchase";
  public static final String SUPPORT_CONTACT = "support_contact";
  public static final String EMAIL_OPEN = "email_open";
  public static final String EMAIL_CLICK = "email_click";
  public static final String SEARCH = "search";
  public static final String SOCIAL_ENGAGEMENT = "social_engagement";

  public static final List<String> EVENT_TYPES =
      List.of(
          PAGE_VIEW,
          PRODUCT_VIEW,
          ADD_TO_CART,
          PURCHASE,
          SUPPORT_CONTACT,
          EMAIL_OPEN,
          EMAIL_CLICK,
          SEARCH,
          SOCIAL_ENGAGEMENT);

  public static final String ORDER_COMPLETED = "completed";
  public static final String ORDER_CANCELLED = "cancelled";
  public static final String ORDER_RETURNED = "returned";
  public static final List<String> ORDER_STATUSES =
      List.of(ORDER_COMPLETED, ORDER_CANCELLED, ORDER_RETURNED);

  public static final List<String> LOYALTY_TIERS = List.of("bronze", "silver", "gold", "platinum");

  public static final List<String> GENDERS = List.of("female", "male", "non_binary", "undisclosed");

  /** Countries bronze generates (ISO 3166-1 alpha-2) and the currency each one pays in. */
  public static final List<String> COUNTRIES = List.of("US", "CA", "GB", "DE");

  public static final List<String> CURRENCIES = List.of("USD", "CAD", "GBP", "EUR");

  /**
   * Reference rates to US dollars of {@link #CURRENCIES}, in that order: what one unit is worth in
   * USD. Silver converts revenue with them so that customers compare across countries; they are
   * fixed reference rates, not daily quotes (docs/SILVER.md).
   */
  public static final List<String> USD_PER_UNIT = List.of("1.00", "0.73", "1.27", "1.09");

  private Vocabulary() {}
}
