"""Where the jobs run: :mod:`local` (one JVM, local files), :mod:`stack` (the servers of
scripts/local-stack.sh, with :mod:`trino`), :mod:`k8s` (Stackable SparkApplications)."""

# Where --target sends the jobs (query: local and stack only).
TARGETS = ("local", "stack", "k8s")
