package io.c360.bench.gold;

import java.util.Map;

/** One run's steps (seconds, in the order they ran) and, for the job, its on-screen summary. */
record GoldRun(Map<String, Double> steps, String summary) {}
