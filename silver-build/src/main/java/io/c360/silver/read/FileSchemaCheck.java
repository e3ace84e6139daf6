package io.c360.silver.read;

import io.c360.common.naming.BronzeColumns;
import io.c360.common.naming.SilverColumns;
import io.c360.silver.transform.CustomerTransforms;
import io.c360.silver.transform.InteractionTransforms;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks every bronze file's schema against the contract, file by file, so that one bad file is
 * refused by name even when the other files of the batch are right (Spark's read with the contract
 * schema would give a file lacking a column NULLs in it). Column names match case-insensitively, as
 * Spark matches them ({@code spark.sql.caseSensitive=false}, Spark's default and ours).
 *
 * <p>A file is refused when it cannot be read as Parquet; when two of its columns differ only in
 * case ({@code revenue} and {@code REVENUE}: Spark cannot tell which to read); when it lacks a
 * contract column or holds one with another type; when a column beyond the contract has a name
 * silver uses itself ({@link #isReserved}: lineage such as {@code silver_run_id}, enrichment such
 * as {@code revenue_usd}, working columns) or a name holding {@code .}, a backtick or a control
 * character, which silver's SQL cannot carry. Columns beyond the contract are otherwise carried;
 * files that disagree on such a column's type are refused too.
 */
public final class FileSchemaCheck {
  private FileSchemaCheck() {}

  /** The outcome: the columns beyond the contract, or one line per problem, each naming a file. */
  public record Result(List<StructField> extraColumns, List<String> problems) {
    public Result {
      extraColumns = List.copyOf(extraColumns);
      problems = List.copyOf(problems);
    }
  }

  /** Checks {@code footers} against {@code contract} (without event_date, which is the folder). */
  public static Result check(StructType contract, List<FileFooters.Footer> footers) {
    List<String> problems = new ArrayList<>();
    Map<String, StructField> contractByName = new LinkedHashMap<>();
    for (StructField field : contract.fields()) {
      contractByName.put(lower(field.name()), field);
    }
    Set<String> reserved = reservedNames(contract);
    Map<String, StructField> extras = new LinkedHashMap<>();
    Map<String, String> extraFirstFile = new LinkedHashMap<>();
    for (FileFooters.Footer footer : footers) {
      String file = footer.path().toString();
      if (!footer.readable()) {
        problems.add(file + ": " + footer.problem());
        continue;
      }
      Map<String, String> seen = new LinkedHashMap<>();
      Set<String> missing = new TreeSet<>(contractByName.keySet());
      for (StructField field : footer.schema().fields()) {
        String key = lower(field.name());
        String earlier = seen.putIfAbsent(key, field.name());
        if (earlier != null) {
          problems.add(
              file
                  + ": columns "
                  + earlier
                  + " and "
                  + field.name()
                  + " differ only in case; Spark matches names case-insensitively and cannot tell"
                  + " which to read. Write one of them under another name.");
          continue;
        }
        if (key.equals(BronzeColumns.EVENT_DATE)) {
          continue;
        }
        StructField expected = contractByName.get(key);
        if (expected != null) {
          missing.remove(key);
          if (!expected.dataType().sameType(field.dataType())) {
            problems.add(
                file
                    + ": column "
                    + field.name()
                    + " is "
                    + field.dataType().sql()
                    + " but the contract (BronzeSchemas) says "
                    + expected.dataType().sql()
                    + ". Fix the producer, or change the contract and silver together.");
          }
          continue;
        }
        String nameProblem = nameProblem(field.name(), reserved);
        if (nameProblem != null) {
          problems.add(file + ": column " + quoted(field.name()) + " " + nameProblem);
          continue;
        }
        StructField known = extras.putIfAbsent(key, field);
        if (known == null) {
          extraFirstFile.put(key, file);
        } else if (!known.dataType().sameType(field.dataType())) {
          problems.add(
              file
                  + ": column "
                  + field.name()
                  + " is "
                  + field.dataType().sql()
                  + " but "
                  + known.dataType().sql()
                  + " in "
                  + extraFirstFile.get(key)
                  + ". Write it with one type in every file.");
        }
      }
      if (!missing.isEmpty()) {
        List<String> names = missing.stream().map(key -> contractByName.get(key).name()).toList();
        problems.add(
            file
                + ": lacks contract column(s) "
                + String.join(", ", names)
                + ". Silver would read them as NULL. Fix the producer and rewrite this file.");
      }
    }
    return new Result(List.copyOf(extras.values()), problems);
  }

  /** Why a column beyond the contract cannot be carried, or null when it can. */
  static String nameProblem(String name, Set<String> reserved) {
    if (name.isEmpty()) {
      return "has an empty name. Name it, or leave it out.";
    }
    if (name.contains(".")
        || name.contains("`")
        || name.chars().anyMatch(Character::isISOControl)) {
      return "holds '.', a backtick or a control character, which silver's SQL cannot carry."
          + " Rename it in the producer (letters, digits and '_').";
    }
    if (reserved.contains(lower(name)) || name.startsWith("_")) {
      return "has the name of a column silver writes or uses itself (lineage, enrichment or"
          + " working columns, docs/SILVER.md); carrying it would replace silver's own value."
          + " Rename it in the producer.";
    }
    return null;
  }

  /**
   * Names silver writes or uses while it transforms, lower case: every {@link SilverColumns}
   * constant, the public column constants of {@link InteractionTransforms} and {@link
   * CustomerTransforms}, and {@code raw_<contract column>} (the customers' raw values); names
   * starting with {@code _} are reserved as well ({@link #nameProblem}).
   */
  static Set<String> reservedNames(StructType contract) {
    Set<String> names = new TreeSet<>();
    for (Class<?> holder :
        List.of(SilverColumns.class, InteractionTransforms.class, CustomerTransforms.class)) {
      for (Field field : holder.getFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)
            && Modifier.isFinal(modifiers)
            && field.getType() == String.class) {
          try {
            names.add(lower((String) field.get(null)));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field, e);
          }
        }
      }
    }
    for (String column : contract.fieldNames()) {
      names.add(lower(CustomerTransforms.RAW_PREFIX + column));
    }
    return names;
  }

  private static String quoted(String name) {
    return "'" + name.replace("\n", "\\n").replace("\t", "\\t") + "'";
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
