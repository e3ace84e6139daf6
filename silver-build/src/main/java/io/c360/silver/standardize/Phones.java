package io.c360.silver.standardize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers to E.164 with Google's libphonenumber. National formats are read in the region of
 * the customer's country; numbers with a {@code +} or international prefix keep their own country.
 * Extensions are dropped from the E.164 form (E.164 has none).
 *
 * <p>libphonenumber's validity is per region metadata, and some regions accept national numbers
 * longer than E.164 allows (German fixed lines of up to 15 national digits pass {@code
 * isValidNumber}, which gives 17 digits with the country code; its {@code MAX_LENGTH_FOR_NSN} is
 * 17). ITU-T E.164 caps a number at 15 digits, country code included, so that is checked too.
 */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** Region for numbers of customers whose country is unknown: only international forms parse. */
  private static final String UNKNOWN_REGION = "ZZ";

  /** ITU-T E.164, section 6.1: at most 15 digits, country code included. */
  public static final int MAX_E164_DIGITS = 15;

  private Phones() {}

  /**
   * The E.164 form of {@code raw}, or null when it is missing or not a valid number.
   *
   * @param region ISO 3166-1 alpha-2 code of the customer's country, or null
   */
  public static String toE164(String raw, String region) {
    String cleaned = Text.cleanOrNull(raw);
    if (cleaned == null) {
      return null;
    }
    try {
      PhoneNumber number = UTIL.parse(cleaned, region == null ? UNKNOWN_REGION : region);
      if (!UTIL.isValidNumber(number)) {
        return null;
      }
      String e164 = UTIL.format(number, PhoneNumberFormat.E164);
      // "+" then the digits.
      return e164.length() - 1 <= MAX_E164_DIGITS ? e164 : null;
    } catch (NumberParseException e) {
      return null;
    }
  }
}
