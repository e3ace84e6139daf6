package io.c360.silver.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.common.naming.UsStates;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StandardizersTest {
  @Test
  void textLeftAsItIsOnlyWhenPlainAscii() {
    // Text.clean skips its regular expressions for plain ASCII: it must see every ASCII space.
    assertThat(Text.clean("12 Main St. #4")).isEqualTo("12 Main St. #4");
    assertThat(Text.clean("a\tb")).isEqualTo("a b");
    assertThat(Text.clean("a\u000Bb")).isEqualTo("a b");
    assertThat(Text.clean("a  b")).isEqualTo("a b");
    assertThat(Text.clean(" a")).isEqualTo("a");
    assertThat(Text.clean("a ")).isEqualTo("a");
    assertThat(Text.clean("a\u200bb")).isEqualTo("ab");
    assertThat(Text.clean("")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "  John.Smith@Example.COM  | john.smith@example.com",
        "\tjane_doe12@gmail.com\u00a0| jane_doe12@gmail.com",
        "O'Hara@web.de | o'hara@web.de",
        "x+tag@proton.me | x+tag@proton.me",
      })
  void emailsAreTrimmedAndLowerCased(String raw, String expected) {
    assertThat(Emails.standardize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "john.smith@@gmail.com",
        "john.smith.gmail.com",
        "john smith@gmail.com",
        "john.smith@gmail.com.",
        "@gmail.com",
        "john.smith@",
        "john.smith#gmail.com",
        "john.smith@gmail..com",
        "john@localhost",
        "   ",
        "ada\u200b@example.com",
        "ada@exa\u200cmple.com",
        "\ufeffada@example.com",
        "ada@example.com\u2060",
        "ad\u200da@example.com",
        "ada\u202e@example.com",
      })
  @NullAndEmptySource
  void malformedEmailsAreRejected(String raw) {
    assertThat(Emails.standardize(raw)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "(559) 992-5335 ext. 682 | US | +15599925335",
        "+1.680.721.6158 | US | +16807216158",
        "+1 354-957-5273 | US | +13549575273",
        "5748038266 | US | +15748038266",
        "  +44 7911 123456  | US | +447911123456",
        "07911 123456 | GB | +447911123456",
        "030 901820 | DE | +4930901820",
        "+49 (0)30 901820 | GB | +4930901820",
        "1-800-FLOWERS | US | +18003569377",
        "\uff0b1 650 253 0000 | CA | +16502530000",
      })
  void phonesBecomeE164InTheCustomersRegion(String raw, String region, String expected) {
    assertThat(Phones.toE164(raw, region)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12345",
        "000-000-0000",
        "+1 (0) 12",
        "n/a",
        "",
        "+999 1234",
        "call me",
        "12-34",
        "+44",
        " "
      })
  void invalidPhonesAreRejectedInEveryCountry(String raw) {
    for (String region : new String[] {"US", "CA", "GB", "DE"}) {
      assertThat(Phones.toE164(raw, region)).as(region).isNull();
    }
  }

  @Test
  void aNumberLongerThanE164sFifteenDigitsIsRejectedThoughLibphonenumberCallsItValid() {
    // libphonenumber's DE metadata accepts this 15-digit national number: 17 digits in E.164.
    assertThat(Phones.toE164("+49405392473556447", "DE")).isNull();
    assertThat(Phones.toE164("040 5392473556447", "DE")).isNull();
    // 15 digits with the country code is the most E.164 allows.
    assertThat(Phones.toE164("+494053924735564", "DE")).isEqualTo("+494053924735564");
  }

  @Test
  void nationalNumbersNeedTheRegion() {
    assertThat(Phones.toE164("(559) 992-5335", null)).isNull();
    assertThat(Phones.toE164("+1 559 992 5335", null)).isEqualTo("+15599925335");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "  JOHN  | John",
        "sMiTh\t | Smith",
        "McKenzie | McKenzie",
        "O'Hara | O'Hara",
        "o'hara | O'Hara",
        "SMITH-JONES | Smith-Jones",
        "ludwig van beethoven | Ludwig van Beethoven",
        "  mary   ann  | Mary Ann",
        "ÉLODIE | Élodie",
        "müller | Müller",
      })
  void namesAreTrimmedAndCased(String raw, String expected) {
    assertThat(Names.standardize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "US|US",
        "us|US",
        "U.S.|US",
        "U.S.A.|US",
        "USA|US",
        "United States|US",
        "united states of america|US",
        "Canada|CA",
        "CAN|CA",
        "canada|CA",
        "United Kingdom|GB",
        "UK|GB",
        "Great Britain|GB",
        "GBR|GB",
        "england|GB",
        "Germany|DE",
        "Deutschland|DE",
        "DEU|DE",
        "germany|DE",
        "  de |DE",
        "France|FR",
        "Frankreich|FR",
      })
  void countriesBecomeIsoCodes(String raw, String expected) {
    assertThat(Countries.toIso2(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Atlantis", "XX", "", "  ", "123"})
  @NullAndEmptySource
  void unknownCountriesAreRejected(String raw) {
    assertThat(Countries.toIso2(raw)).isNull();
  }

  @Test
  void everyStateNameCodeAndSingleSlipResolves() {
    for (Map.Entry<String, String> state : UsStates.NAMES_BY_CODE.entrySet()) {
      String code = state.getKey();
      String name = state.getValue();
      assertThat(Subdivisions.standardize("US", name).code()).isEqualTo(code);
      assertThat(Subdivisions.standardize("US", name.toUpperCase()).code()).isEqualTo(code);
      assertThat(Subdivisions.standardize("US", code.toLowerCase()).code()).isEqualTo(code);
      for (int at = 1; at + 1 < name.length(); at++) {
        char[] letters = name.toCharArray();
        if (letters[at] == ' ' || letters[at + 1] == ' ') {
          continue;
        }
        char swapped = letters[at];
        letters[at] = letters[at + 1];
        letters[at + 1] = swapped;
        String misspelled = new String(letters);
        assertThat(Subdivisions.standardize("US", misspelled).code())
            .as(misspelled)
            .isEqualTo(code);
        // A dropped letter can make two states equally close ("Akansas": Arkansas or Kansas):
        // then no state is guessed, and never a wrong one.
        String dropped = name.substring(0, at) + name.substring(at + 1);
        assertThat(Subdivisions.standardize("US", dropped).code()).as(dropped).isIn(code, null);
        if (letters[at] == letters[at + 1]) {
          // Bronze drops one of two equal letters ("Tenessee"): always resolvable.
          assertThat(Subdivisions.standardize("US", dropped).code()).as(dropped).isEqualTo(code);
        }
      }
    }
  }

  @Test
  void editDistanceCountsASwapOnce() {
    assertThat(Subdivisions.editDistance("AKRANSAS", "ARKANSAS")).isEqualTo(1);
    assertThat(Subdivisions.editDistance("AKRANSAS", "KANSAS")).isEqualTo(2);
    assertThat(Subdivisions.editDistance("", "OHIO")).isEqualTo(4);
  }

  @Test
  void subdivisionsOfOtherCountries() {
    assertThat(Subdivisions.standardize("CA", " on "))
        .isEqualTo(new Subdivisions.Result("ON", true));
    assertThat(Subdivisions.standardize("CA", "Quebec"))
        .isEqualTo(new Subdivisions.Result("QC", true));
    assertThat(Subdivisions.standardize("DE", "by")).isEqualTo(new Subdivisions.Result("BY", true));
    assertThat(Subdivisions.standardize("DE", "Thueringen"))
        .isEqualTo(new Subdivisions.Result("TH", true));
    assertThat(Subdivisions.standardize("GB", "N/A"))
        .isEqualTo(new Subdivisions.Result(null, true));
    assertThat(Subdivisions.standardize("GB", "  ")).isEqualTo(new Subdivisions.Result(null, true));
    assertThat(Subdivisions.standardize("GB", null)).isEqualTo(new Subdivisions.Result(null, true));
    assertThat(Subdivisions.standardize("US", "none"))
        .isEqualTo(new Subdivisions.Result(null, false));
    assertThat(Subdivisions.standardize("US", "Narnia"))
        .isEqualTo(new Subdivisions.Result(null, false));
    assertThat(Subdivisions.standardize("US", "ZZ"))
        .isEqualTo(new Subdivisions.Result(null, false));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "US|CA|90012|90012", "US|CA|90012-1234|90012-1234", "US|NY| 10001 |10001",
        "CA|ON|k1a0b1|K1A 0B1", "CA|ON|K1A 0B1|K1A 0B1", "GB||sw1a1aa|SW1A 1AA",
        "GB||M3 4AE|M3 4AE", "DE|BY|80331|80331", "FR||75001|75001",
      })
  void postalCodesAreStandardized(String country, String state, String raw, String expected) {
    assertThat(PostalCodes.standardize(country, state, raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "US|CA|1234",
        "US|CA|ABCDE",
        "US|CA|9021",
        "US|CA|123456",
        "US|CA|00000-00",
        "US|NY|90012",
        "CA|ON|123 456",
        "CA|ON|ZZZ",
        "CA|ON|K1A-0B1X",
        "GB||12345",
        "GB||ZZZZ ZZZ",
        "GB||SW1",
        "DE|BY|1234",
        "DE|BY|ABCDE",
        "DE|BY|123456",
        "US|CA|  ",
      })
  void invalidPostalCodesAreRejected(String country, String state, String raw) {
    assertThat(PostalCodes.standardize(country, state, raw)).isNull();
  }

  @Test
  void datafakersZipPrefixesLieInTheirStates() {
    // datafaker 2.x en/address.yml postcode_by_state, which bronze uses for US addresses.
    Map<String, String> prefixes =
        Map.ofEntries(
            Map.entry("AL", "350"),
            Map.entry("AK", "995"),
            Map.entry("AZ", "850"),
            Map.entry("AR", "717"),
            Map.entry("CA", "900"),
            Map.entry("CO", "800"),
            Map.entry("CT", "061"),
            Map.entry("DC", "204"),
            Map.entry("DE", "198"),
            Map.entry("FL", "322"),
            Map.entry("GA", "301"),
            Map.entry("HI", "967"),
            Map.entry("ID", "832"),
            Map.entry("IL", "600"),
            Map.entry("IN", "463"),
            Map.entry("IA", "510"),
            Map.entry("KS", "666"),
            Map.entry("KY", "404"),
            Map.entry("LA", "701"),
            Map.entry("ME", "042"),
            Map.entry("MD", "210"),
            Map.entry("MA", "026"),
            Map.entry("MI", "480"),
            Map.entry("MN", "555"),
            Map.entry("MS", "387"),
            Map.entry("MO", "650"),
            Map.entry("MT", "590"),
            Map.entry("NE", "688"),
            Map.entry("NV", "898"),
            Map.entry("NH", "036"),
            Map.entry("NJ", "076"),
            Map.entry("NM", "880"),
            Map.entry("NY", "122"),
            Map.entry("NC", "288"),
            Map.entry("ND", "586"),
            Map.entry("OH", "444"),
            Map.entry("OK", "730"),
            Map.entry("OR", "979"),
            Map.entry("PA", "186"),
            Map.entry("RI", "029"),
            Map.entry("SC", "299"),
            Map.entry("SD", "577"),
            Map.entry("TN", "383"),
            Map.entry("TX", "798"),
            Map.entry("UT", "847"),
            Map.entry("VT", "050"),
            Map.entry("VA", "222"),
            Map.entry("WA", "990"),
            Map.entry("WV", "247"),
            Map.entry("WI", "549"),
            Map.entry("WY", "831"));
    prefixes.forEach(
        (state, prefix) ->
            assertThat(UsStates.zipMatchesState(state, prefix + "42")).as(state).isTrue());
    assertThat(UsStates.zipMatchesState("TX", "90012")).isFalse();
    assertThat(UsStates.zipMatchesState("XX", "90012")).isFalse();
  }
}
