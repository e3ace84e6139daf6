"""The benchmark command's stack benchmark: Spark against Trino (:mod:`stack`), its SQL
(:mod:`stack_sql`) and its results (:mod:`results`)."""
