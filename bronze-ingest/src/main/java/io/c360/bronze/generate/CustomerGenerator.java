package io.c360.bronze.generate;

import static io.c360.common.naming.BronzeColumns.*;

import io.c360.common.naming.BronzeSchemas;
import io.c360.common.naming.UsStates;
import io.c360.common.naming.Vocabulary;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Fills one {@code customers} row, a pure function of (plan, customer id).
 *
 * <p>Business rules: names, streets, cities and phone numbers come from datafaker for the
 * customer's country; a US zip code belongs to its state; phone numbers are valid for the country
 * (checked with libphonenumber) in one of several formats; customers are 18 to 80 at signup;
 * loyalty points grow with tenure and tiers follow points; the preferred channel and country are
 * the {@link CustomerTraits} that interactions use too.
 */
public final class CustomerGenerator {
  private static final int ID = index(CUSTOMER_ID);
  private static final int FIRST = index(FIRST_NAME);
  private static final int LAST = index(LAST_NAME);
  private static final int EMAIL_COL = index(EMAIL);
  private static final int PHONE_COL = index(PHONE);
  private static final int BIRTH = index(BIRTH_DATE);
  private static final int GENDER_COL = index(GENDER);
  private static final int STREET = index(STREET_ADDRESS);
  private static final int CITY_COL = index(CITY);
  private static final int STATE_COL = index(STATE);
  private static final int ZIP = index(ZIP_CODE);
  private static final int COUNTRY_COL = index(COUNTRY);
  private static final int SIGNUP = index(SIGNUP_DATE);
  private static final int SIGNUP_CHANNEL_COL = index(SIGNUP_CHANNEL);
  private static final int TIER = index(LOYALTY_TIER);
  private static final int POINTS = index(LOYALTY_POINTS);
  private static final int PREFERRED = index(PREFERRED_CHANNEL);
  private static final int CONSENT = index(MARKETING_CONSENT);
  private static final int UPDATED = index(UPDATED_AT);
  private static final int EVENT_DATE_COL = BronzeSchemas.CUSTOMERS.size();

  private static final double[] GENDER_CDF = Rng.cdf(0.485, 0.485, 0.015, 0.015);

  /** Signup channel among web, mobile_app, store, call_center. */
  private static final double[] SIGNUP_CHANNEL_CDF = Rng.cdf(0.45, 0.25, 0.25, 0.05);

  private static final String[][] COUNTRY_ALIASES = {
    {"United States", "USA", "U.S.A.", "united states of america", "us", "U.S."},
    {"Canada", "CAN", "canada"},
    {"United Kingdom", "UK", "Great Britain", "GBR", "england"},
    {"Germany", "Deutschland", "DEU", "germany"},
  };

  private static final String[] MALFORMED_EMAIL_SHAPES = {
    "%s@@%s", "%s.%s", "%s @%s", "%s@%s.", "@%2$s", "%s@", "%s#%s", "%s@%s..com",
  };

  /** Not a valid number in any of the generated countries (checked in the tests). */
  private static final String[] INVALID_PHONES = {
    "12345", "000-000-0000", "+1 (0) 12", "n/a", "", "+999 1234", "call me", "12-34", "+44"
  };

  private static final String[] PLACEHOLDERS = {"N/A", "-", "none", "  "};

  private final GenerationPlan plan;
  private final ValuePools pools;
  private final DefectPlanner defects;
  private final Rng rng = new Rng();
  private final CustomerTraits traits = new CustomerTraits();
  private final List<String> stateNames = List.copyOf(UsStates.NAMES_BY_CODE.values());

  public CustomerGenerator(GenerationPlan plan) {
    this.plan = plan;
    this.pools = ValuePools.forSeed(plan.seed());
    this.defects = new DefectPlanner(plan);
  }

  /** A row to fill: the {@code customers} file columns, then event_date. */
  public static SpecificInternalRow newRow() {
    return new SpecificInternalRow(BronzeSchemas.withEventDate(BronzeSchemas.CUSTOMERS));
  }

  /**
   * Fills {@code row} with customer {@code customerId}, as captured on day {@code dayIndex}.
   *
   * @return the injected defect, or null for a clean row
   */
  public DefectKind fill(long customerId, int dayIndex, SpecificInternalRow row) {
    rng.reset(defects.customerKey(customerId));
    DefectKind defect = defects.drawCustomerDefect(rng, customerId);
    traits.load(plan, customerId);
    int country = traits.country();

    String first = pools.firstNames[country][rng.nextInt(pools.firstNames[country].length)];
    String last = pools.lastNames[country][rng.nextInt(pools.lastNames[country].length)];
    String email = email(first, last, customerId);
    String[] phone = pools.phones[country][rng.nextInt(pools.phones[country].length)];
    String phoneText = phone[rng.nextInt(ValuePools.PHONE_FORMATS)];
    int address = rng.nextInt(pools.streets[country].length);
    String state = pools.states[country][address];
    String zip = pools.zips[country][address];
    String countryText = Vocabulary.COUNTRIES.get(country);

    long signupEpochDay = plan.startDate().toEpochDay() + traits.signupDayIndex();
    int ageAtSignup = 18 + rng.nextInt(25) + rng.nextInt(38);
    long birthEpochDay = signupEpochDay - ageAtSignup * 365L - rng.nextInt(365);
    long tenureDays = Math.max(0, dayIndex - traits.signupDayIndex());
    double u = rng.nextDouble();
    int points = (int) (u * u * u * 40_000 + tenureDays * (2 + rng.nextInt(8)));
    int tier = points < 2_000 ? 0 : points < 8_000 ? 1 : points < 20_000 ? 2 : 3;
    long updatedAt = (plan.epochDay(dayIndex) * 86_400L + rng.nextInt(86_400)) * 1_000_000L;

    if (defect != null) {
      switch (defect) {
        case CUSTOMER_MISSING_ID -> {}
        case MALFORMED_EMAIL -> email = malformedEmail(first, last);
        case INVALID_PHONE -> phoneText = INVALID_PHONES[rng.nextInt(INVALID_PHONES.length)];
        case INVALID_ZIP -> zip = invalidZip(countryText);
        case IMPLAUSIBLE_BIRTH_DATE ->
            birthEpochDay =
                rng.chance(0.5)
                    ? signupEpochDay + 1 + rng.nextInt(3000)
                    : signupEpochDay - (121 + rng.nextInt(80)) * 366L;
        case NONSTANDARD_STATE -> state = nonstandardState(state, countryText);
        case NONSTANDARD_COUNTRY ->
            countryText = COUNTRY_ALIASES[country][rng.nextInt(COUNTRY_ALIASES[country].length)];
        case UNTRIMMED_TEXT -> {
          first = "  " + first.toUpperCase(Locale.ROOT) + " ";
          last = randomCase(last) + "\t";
          email = " " + randomCase(email) + "  ";
        }
        default -> throw new IllegalStateException("Not a customer defect: " + defect);
      }
    }

    if (defect == DefectKind.CUSTOMER_MISSING_ID) {
      row.setNullAt(ID);
    } else {
      row.setLong(ID, customerId);
    }
    row.update(FIRST, utf8(first));
    row.update(LAST, utf8(last));
    row.update(EMAIL_COL, utf8(email));
    row.update(PHONE_COL, utf8(phoneText));
    row.setInt(BIRTH, (int) birthEpochDay);
    row.update(GENDER_COL, utf8(Vocabulary.GENDERS.get(rng.pick(GENDER_CDF))));
    row.update(STREET, utf8(pools.streets[country][address]));
    row.update(CITY_COL, utf8(pools.cities[country][address]));
    if (state == null) {
      row.setNullAt(STATE_COL);
    } else {
      row.update(STATE_COL, utf8(state));
    }
    row.update(ZIP, utf8(zip));
    row.update(COUNTRY_COL, utf8(countryText));
    row.setInt(SIGNUP, (int) signupEpochDay);
    row.update(SIGNUP_CHANNEL_COL, utf8(Vocabulary.CHANNELS.get(rng.pick(SIGNUP_CHANNEL_CDF))));
    row.update(TIER, utf8(Vocabulary.LOYALTY_TIERS.get(tier)));
    row.setInt(POINTS, points);
    row.update(PREFERRED, utf8(Vocabulary.CHANNELS.get(traits.preferredChannel())));
    row.setBoolean(CONSENT, rng.chance(0.64));
    row.setLong(UPDATED, updatedAt);
    row.setInt(EVENT_DATE_COL, (int) plan.epochDay(dayIndex));
    return defect;
  }

  private String email(String first, String last, long customerId) {
    String f = ValuePools.asciiLetters(first);
    String l = ValuePools.asciiLetters(last);
    String domain = pools.emailDomains[rng.nextInt(pools.emailDomains.length)];
    return switch (rng.nextInt(5)) {
      case 0 -> f + "." + l + "@" + domain;
      case 1 -> f.charAt(0) + l + "@" + domain;
      case 2 -> f + "_" + l + (customerId % 100) + "@" + domain;
      case 3 -> l + "." + f + "@" + domain;
      default -> f + l + (customerId % 1000) + "@" + domain;
    };
  }

  private String malformedEmail(String first, String last) {
    String local = ValuePools.asciiLetters(first) + "." + ValuePools.asciiLetters(last);
    String domain = pools.emailDomains[rng.nextInt(pools.emailDomains.length)];
    String shape = MALFORMED_EMAIL_SHAPES[rng.nextInt(MALFORMED_EMAIL_SHAPES.length)];
    return String.format(Locale.ROOT, shape, local, domain);
  }

  private String invalidZip(String country) {
    return switch (country) {
      case "US" -> new String[] {"1234", "ABCDE", "9021", "123456", "00000-00"}[rng.nextInt(5)];
      case "CA" -> new String[] {"123 456", "ZZZ", "K1A-0B1X"}[rng.nextInt(3)];
      case "GB" -> new String[] {"12345", "ZZZZ ZZZ", "SW1"}[rng.nextInt(3)];
      default -> new String[] {"1234", "ABCDE", "123456"}[rng.nextInt(3)];
    };
  }

  private String nonstandardState(String state, String country) {
    if (state == null) {
      // No states in this country: a placeholder instead of an empty value.
      return PLACEHOLDERS[rng.nextInt(PLACEHOLDERS.length)];
    }
    if (!"US".equals(country)) {
      // Province or Land code in lower case.
      return state.toLowerCase(Locale.ROOT);
    }
    String name = UsStates.NAMES_BY_CODE.getOrDefault(state, stateNames.get(0));
    return switch (rng.nextInt(4)) {
      case 0 -> name;
      case 1 -> state.toLowerCase(Locale.ROOT);
      case 2 -> name.toUpperCase(Locale.ROOT);
      default -> misspell(name);
    };
  }

  /** Swaps two adjacent letters (not the first) of a name: "Califronia", "Nevdaa". */
  private String misspell(String name) {
    if (name.length() < 4) {
      return name.toLowerCase(Locale.ROOT);
    }
    int at = 1 + rng.nextInt(name.length() - 2);
    char[] letters = name.toCharArray();
    if (letters[at] == letters[at + 1] || letters[at] == ' ' || letters[at + 1] == ' ') {
      // Swapping equal letters changes nothing: drop one instead.
      return name.substring(0, at) + name.substring(at + 1);
    }
    char swapped = letters[at];
    letters[at] = letters[at + 1];
    letters[at + 1] = swapped;
    return new String(letters);
  }

  private String randomCase(String text) {
    char[] letters = text.toCharArray();
    for (int i = 0; i < letters.length; i++) {
      letters[i] =
          rng.chance(0.5) ? Character.toUpperCase(letters[i]) : Character.toLowerCase(letters[i]);
    }
    return new String(letters);
  }

  private static UTF8String utf8(String value) {
    return UTF8String.fromString(value);
  }

  private static int index(String column) {
    return BronzeSchemas.CUSTOMERS.fieldIndex(column);
  }
}
