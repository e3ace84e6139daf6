package io.c360.bench.harness;

import java.nio.file.Path;

/**
 * The positional arguments of the stage benchmarks (scripts/benchmark.py passes them): volume,
 * days, work folder, threads and rounds, each with its default when missing.
 */
public record RunArgs(long interactions, int days, Path work, int threads, int repeats) {
  public static RunArgs parse(String[] args, long defaultInteractions, String defaultWork) {
    return new RunArgs(
        args.length > 0 ? Long.parseLong(args[0]) : defaultInteractions,
        args.length > 1 ? Integer.parseInt(args[1]) : 30,
        Path.of(args.length > 2 ? args[2] : defaultWork).toAbsolutePath(),
        args.length > 3 ? Integer.parseInt(args[3]) : 2,
        args.length > 4 ? Integer.parseInt(args[4]) : 3);
  }
}
