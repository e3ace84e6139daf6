package io.c360.bronze.testing;

import static io.c360.common.naming.BronzeColumns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.c360.bronze.generate.DefectKind;
import io.c360.common.naming.UsStates;
import io.c360.common.naming.Vocabulary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The tests' own definition of every defect kind, written from the data contract and not from the
 * generator or the defect planner: a Spark predicate per interaction defect that shows in its row,
 * a Java check per customer defect, and counts per date of each kind in generated bronze data.
 */
public final class DefectOracle {
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile("^[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$");
  private static final Map<String, Pattern> ZIP_PATTERNS =
      Map.of(
          "US", Pattern.compile("^\\d{5}(-\\d{4})?$"),
          "CA", Pattern.compile("^[A-Z]\\d[A-Z] ?\\d[A-Z]\\d$"),
          "GB", Pattern.compile("^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$"),
          "DE", Pattern.compile("^\\d{5}$"));
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private DefectOracle() {}

  /**
   * The predicate of a defect that shows in its row alone, never null-valued; null for the kinds
   * that need a join (orphans) or other rows (duplicates).
   */
  public static Column interactionPredicate(DefectKind kind) {
    Column predicate = nullablePredicate(kind);
    return predicate == null ? null : coalesce(predicate, lit(false));
  }

  private static Column nullablePredicate(DefectKind kind) {
    Column canonical = col(CHANNEL).isin(Vocabulary.CHANNELS.toArray());
    Column normalized =
        regexp_replace(lower(regexp_replace(col(CHANNEL), "^\\s+|\\s+$", "")), "[ -]", "_")
            .isin(Vocabulary.CHANNELS.toArray());
    return switch (kind) {
      case INTERACTION_MISSING_ID -> col(INTERACTION_ID).isNull();
      case INTERACTION_MISSING_CUSTOMER -> col(CUSTOMER_ID).isNull();
      case FUTURE_TIMESTAMP -> col(EVENT_TS).gt(col(INGESTED_AT));
      case NEGATIVE_AMOUNT -> col(REVENUE).lt(0).or(col(UNIT_PRICE).lt(0));
      case REVENUE_MISMATCH ->
          col(EVENT_TYPE)
              .equalTo(Vocabulary.PURCHASE)
              .and(col(REVENUE).geq(0))
              .and(col(REVENUE).notEqual(revenue()));
      case UNKNOWN_CHANNEL -> not(canonical).and(not(normalized));
      case NONCANONICAL_CHANNEL -> not(canonical).and(normalized);
      case NPS_OUT_OF_RANGE -> col(NPS_SCORE).lt(0).or(col(NPS_SCORE).gt(10));
      case RETURN_BEFORE_PURCHASE -> col(RETURNED_AT).lt(col(EVENT_TS));
      case ORPHAN_CUSTOMER, DUPLICATE_EVENT -> null;
      default -> throw new IllegalArgumentException("Not an interaction defect: " + kind);
    };
  }

  /** Whether an interaction row carries any defect that shows in the row alone. */
  public static Column anyRowLevelDefect() {
    Column flagged = lit(false);
    for (DefectKind kind : DefectKind.of(DefectKind.Table.INTERACTIONS)) {
      Column predicate = interactionPredicate(kind);
      if (predicate != null) {
        flagged = flagged.or(predicate);
      }
    }
    return flagged;
  }

  /** quantity x unit_price x (1 - discount_rate), rounded half-up to cents. */
  public static Column revenue() {
    return round(
        col(QUANTITY).multiply(col(UNIT_PRICE)).multiply(lit(1).minus(col(DISCOUNT_RATE))), 2);
  }

  /**
   * Rows per date of every interaction defect kind, in two Spark jobs.
   *
   * @param dates every date of the window (a date without a defect counts 0)
   */
  public static Map<DefectKind, Map<String, Long>> countInteractionDefects(
      Dataset<Row> interactions, Dataset<Row> customers, List<LocalDate> dates) {
    Map<DefectKind, Map<String, Long>> found = new EnumMap<>(DefectKind.class);
    List<Column> counts = new ArrayList<>();
    List<DefectKind> rowLevel = new ArrayList<>();
    for (DefectKind kind : DefectKind.of(DefectKind.Table.INTERACTIONS)) {
      found.put(kind, zeroPerDate(dates));
      Column predicate = interactionPredicate(kind);
      if (predicate != null) {
        rowLevel.add(kind);
        counts.add(count(when(predicate, 1)).as(kind.id()));
      }
    }
    // A duplicate repeats the interaction_id of the event it delivers again.
    counts.add(
        count(col(INTERACTION_ID))
            .minus(countDistinct(col(INTERACTION_ID)))
            .as(DefectKind.DUPLICATE_EVENT.id()));
    List<Row> perDate =
        interactions
            .groupBy(EVENT_DATE)
            .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
            .collectAsList();
    for (Row row : perDate) {
      String date = row.getDate(0).toLocalDate().toString();
      for (DefectKind kind : rowLevel) {
        found.get(kind).put(date, row.getLong(row.fieldIndex(kind.id())));
      }
      found
          .get(DefectKind.DUPLICATE_EVENT)
          .put(date, row.getLong(row.fieldIndex(DefectKind.DUPLICATE_EVENT.id())));
    }

    Dataset<Row> ids = customers.where(col(CUSTOMER_ID).isNotNull()).select(CUSTOMER_ID);
    List<Row> orphans =
        interactions
            .where(col(CUSTOMER_ID).isNotNull())
            .join(ids, CUSTOMER_ID, "left_anti")
            .groupBy(EVENT_DATE)
            .count()
            .collectAsList();
    for (Row row : orphans) {
      found
          .get(DefectKind.ORPHAN_CUSTOMER)
          .put(row.getDate(0).toLocalDate().toString(), row.getLong(1));
    }
    return found;
  }

  /** 0 for every date, in date order. */
  public static Map<String, Long> zeroPerDate(List<LocalDate> dates) {
    Map<String, Long> counts = new TreeMap<>();
    for (LocalDate date : dates) {
      counts.put(date.toString(), 0L);
    }
    return counts;
  }

  /**
   * Customer rows per date with the defect {@code kind}, 0 for every other date of {@code dates}.
   */
  public static Map<String, Long> customerDefectsPerDate(
      List<Row> customers, DefectKind kind, List<LocalDate> dates) {
    Map<String, Long> counts = zeroPerDate(dates);
    for (Row row : customers) {
      if (customerHas(kind, row)) {
        counts.merge(
            row.getDate(row.fieldIndex(EVENT_DATE)).toLocalDate().toString(), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** The customer defects a bronze customer row carries. */
  public static List<DefectKind> customerDefects(Row row) {
    return DefectKind.of(DefectKind.Table.CUSTOMERS).stream()
        .filter(kind -> customerHas(kind, row))
        .toList();
  }

  /** Whether a bronze customer row carries the customer defect {@code kind}. */
  public static boolean customerHas(DefectKind kind, Row row) {
    String country = row.getString(row.fieldIndex(COUNTRY));
    // Rows whose country is an alias carry no other defect: format rules need the ISO code.
    boolean iso = Vocabulary.COUNTRIES.contains(country);
    String state = row.getString(row.fieldIndex(STATE));
    return switch (kind) {
      case CUSTOMER_MISSING_ID -> row.isNullAt(row.fieldIndex(CUSTOMER_ID));
      case MALFORMED_EMAIL ->
          !EMAIL_PATTERN
              .matcher(row.getString(row.fieldIndex(EMAIL)).strip().toLowerCase(Locale.ROOT))
              .matches();
      case INVALID_PHONE -> iso && !validPhone(row.getString(row.fieldIndex(PHONE)), country);
      case INVALID_ZIP ->
          iso
              && !ZIP_PATTERNS
                  .get(country)
                  .matcher(row.getString(row.fieldIndex(ZIP_CODE)))
                  .matches();
      case IMPLAUSIBLE_BIRTH_DATE -> {
        LocalDate birth = row.getDate(row.fieldIndex(BIRTH_DATE)).toLocalDate();
        LocalDate signup = row.getDate(row.fieldIndex(SIGNUP_DATE)).toLocalDate();
        yield birth.isAfter(signup) || birth.isBefore(signup.minusYears(120));
      }
      case NONSTANDARD_STATE -> iso && !standardState(country, state);
      case NONSTANDARD_COUNTRY -> !iso;
      case UNTRIMMED_TEXT ->
          Stream.of(FIRST_NAME, LAST_NAME, EMAIL)
              .map(name -> row.getString(row.fieldIndex(name)))
              .anyMatch(value -> !value.equals(value.strip()));
      default -> throw new IllegalArgumentException("Not a customer defect: " + kind);
    };
  }

  /** A USPS code in the US, no state in GB, an upper-case province or Land code elsewhere. */
  private static boolean standardState(String country, String state) {
    return switch (country) {
      case "US" -> state != null && UsStates.NAMES_BY_CODE.containsKey(state);
      case "GB" -> state == null;
      default -> state != null && state.matches("[A-Z]{2}");
    };
  }

  private static boolean validPhone(String phone, String country) {
    try {
      return PHONES.isValidNumberForRegion(PHONES.parse(phone, country), country);
    } catch (NumberParseException e) {
      return false;
    }
  }
}
