package io.c360.bronze.generate;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.c360.common.naming.Vocabulary;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.datafaker.Faker;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Realistic values drawn once per seed from datafaker (names, addresses, phone numbers, products)
 * and kept as ready-to-write {@link UTF8String}s, so the per-row hot path only picks indexes. Built
 * deterministically: the same seed gives the same pools in every JVM.
 */
public final class ValuePools {
  static final int NAMES_PER_COUNTRY = 1500;
  static final int ADDRESSES_PER_COUNTRY = 2000;
  static final int PHONES_PER_COUNTRY = 600;
  static final int PRODUCTS = 2500;
  static final int STORES = 240;

  /** Locale of each country in {@link Vocabulary#COUNTRIES}. */
  private static final Locale[] LOCALES = {
    Locale.US, Locale.CANADA, Locale.UK, Locale.GERMANY,
  };

  /** Price of one unit of a product in each currency, relative to USD. */
  static final double[] FX_FROM_USD = {1.0, 1.37, 0.79, 0.92};

  private static final Map<Long, ValuePools> CACHE = new ConcurrentHashMap<>();

  final String[][] firstNames;
  final String[][] lastNames;
  final String[][] streets;
  final String[][] cities;
  final String[][] states;
  final String[][] zips;

  /** Per country, per number, the same valid number in {@link #PHONE_FORMATS} formats. */
  final String[][][] phones;

  final String[] emailDomains;
  final UTF8String[] productIds;
  final UTF8String[] productNames;
  final UTF8String[] productCategories;

  /** Per currency, per product, unit price in cents. */
  final long[][] productPriceCents;

  final UTF8String[] campaigns;
  final UTF8String[] storeIds;

  /** ITU-T E.164: at most 15 digits, country code included. */
  private static final int E164_MAX_DIGITS = 15;

  /** Number of format variants of each phone number (E.164, international, national, ...). */
  static final int PHONE_FORMATS = 6;

  public static ValuePools forSeed(long seed) {
    return CACHE.computeIfAbsent(seed, ValuePools::new);
  }

  private ValuePools(long seed) {
    int countries = LOCALES.length;
    firstNames = new String[countries][];
    lastNames = new String[countries][];
    streets = new String[countries][];
    cities = new String[countries][];
    states = new String[countries][];
    zips = new String[countries][];
    phones = new String[countries][][];
    PhoneNumberUtil phoneUtil = PhoneNumberUtil.getInstance();
    for (int country = 0; country < countries; country++) {
      Faker faker = new Faker(LOCALES[country], new Random(seed * 31 + country));
      firstNames[country] = distinct(NAMES_PER_COUNTRY, () -> faker.name().firstName());
      lastNames[country] = distinct(NAMES_PER_COUNTRY, () -> faker.name().lastName());
      streets[country] = new String[ADDRESSES_PER_COUNTRY];
      cities[country] = new String[ADDRESSES_PER_COUNTRY];
      states[country] = new String[ADDRESSES_PER_COUNTRY];
      zips[country] = new String[ADDRESSES_PER_COUNTRY];
      String region = Vocabulary.COUNTRIES.get(country);
      for (int i = 0; i < ADDRESSES_PER_COUNTRY; i++) {
        streets[country][i] = faker.address().streetAddress();
        cities[country][i] = faker.address().cityName();
        switch (region) {
          case "US" -> {
            String state = faker.address().stateAbbr();
            states[country][i] = state;
            zips[country][i] = faker.address().zipCodeByState(state);
          }
          case "GB" -> {
            // UK addresses carry no state; datafaker's en-GB state list is American.
            states[country][i] = null;
            zips[country][i] = faker.address().zipCode();
          }
          default -> {
            states[country][i] = faker.address().stateAbbr();
            zips[country][i] = faker.address().zipCode();
          }
        }
      }
      phones[country] = phoneNumbers(faker, phoneUtil, region);
    }

    Faker faker = new Faker(Locale.US, new Random(seed * 31 + 97));
    Set<String> domains =
        new LinkedHashSet<>(
            List.of(
                "gmail.com",
                "yahoo.com",
                "outlook.com",
                "icloud.com",
                "hotmail.com",
                "aol.com",
                "proton.me",
                "gmx.de",
                "web.de",
                "yahoo.co.uk"));
    while (domains.size() < 40) {
      domains.add(faker.internet().domainName().toLowerCase(Locale.ROOT));
    }
    emailDomains = domains.toArray(String[]::new);

    productIds = new UTF8String[PRODUCTS];
    productNames = new UTF8String[PRODUCTS];
    productCategories = new UTF8String[PRODUCTS];
    productPriceCents = new long[FX_FROM_USD.length][PRODUCTS];
    String[] categories = categories(faker);
    Random prices = new Random(seed * 31 + 101);
    for (int i = 0; i < PRODUCTS; i++) {
      productIds[i] =
          UTF8String.fromString(String.format(Locale.ROOT, "SKU-%06d", 100_003 + i * 7));
      productNames[i] = UTF8String.fromString(faker.commerce().productName());
      productCategories[i] = UTF8String.fromString(categories[prices.nextInt(categories.length)]);
      // Log-normal prices: median about 30 USD, a long tail of expensive items.
      double usd = Math.min(2500, Math.exp(3.4 + 1.0 * prices.nextGaussian()));
      for (int currency = 0; currency < FX_FROM_USD.length; currency++) {
        productPriceCents[currency][i] =
            Math.max(99, Math.round(usd * FX_FROM_USD[currency] * 100));
      }
    }
    String[] seasons = {"spring", "summer", "autumn", "winter", "holiday", "back_to_school"};
    String[] offers = {"sale", "launch", "loyalty", "winback", "bundle", "clearance", "flash"};
    List<String> campaignNames = new ArrayList<>();
    for (String season : seasons) {
      for (String offer : offers) {
        campaignNames.add(season + "_" + offer);
      }
    }
    campaigns = campaignNames.stream().map(UTF8String::fromString).toArray(UTF8String[]::new);
    storeIds = new UTF8String[STORES];
    for (int i = 0; i < STORES; i++) {
      storeIds[i] = UTF8String.fromString(String.format(Locale.ROOT, "ST-%04d", 101 + i));
    }
  }

  /**
   * Lower-case ASCII letters of a name, for email local parts ("Müller-Lüdenscheidt" to
   * "muellerluedenscheidt" is not attempted: marks are dropped).
   */
  static String asciiLetters(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
    StringBuilder letters = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = Character.toLowerCase(decomposed.charAt(i));
      if (c >= 'a' && c <= 'z') {
        letters.append(c);
      }
    }
    return letters.length() == 0 ? "customer" : letters.toString();
  }

  private static String[] categories(Faker faker) {
    Set<String> categories = new LinkedHashSet<>();
    for (int i = 0; i < 400 && categories.size() < 18; i++) {
      String department = faker.commerce().department();
      if (!department.contains(",") && !department.contains("&")) {
        categories.add(department);
      }
    }
    return categories.toArray(String[]::new);
  }

  private static String[] distinct(int count, java.util.function.Supplier<String> values) {
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < count * 20 && distinct.size() < count; i++) {
      distinct.add(values.get());
    }
    return distinct.toArray(String[]::new);
  }

  private static String[][] phoneNumbers(Faker faker, PhoneNumberUtil util, String region) {
    List<String[]> numbers = new ArrayList<>();
    for (int attempt = 0;
        attempt < PHONES_PER_COUNTRY * 20 && numbers.size() < PHONES_PER_COUNTRY;
        attempt++) {
      String candidate =
          attempt % 2 == 0 ? faker.phoneNumber().cellPhone() : faker.phoneNumber().phoneNumber();
      PhoneNumber number;
      try {
        number = util.parse(candidate, region);
      } catch (NumberParseException e) {
        continue;
      }
      String e164 = util.format(number, PhoneNumberFormat.E164);
      // libphonenumber accepts some national numbers longer than E.164's 15 digits (German fixed
      // lines): silver rejects those, so a clean row never carries one.
      if (!util.isValidNumberForRegion(number, region)
          || number.hasExtension()
          || e164.length() - 1 > E164_MAX_DIGITS) {
        continue;
      }
      String national = util.format(number, PhoneNumberFormat.NATIONAL);
      String nationalDigits = national.replaceAll("[^0-9]", "");
      String international = util.format(number, PhoneNumberFormat.INTERNATIONAL);
      numbers.add(
          new String[] {
            e164,
            international,
            national,
            nationalDigits,
            international.replace(' ', '.').replace('-', '.'),
            national + " ext. " + (100 + attempt % 900),
          });
    }
    if (numbers.isEmpty()) {
      throw new IllegalStateException("Cannot build phone pool: no valid number for " + region);
    }
    return numbers.toArray(String[][]::new);
  }
}
