#!/usr/bin/env bash
# The project's one test command: the Maven build with every Java test (mvn -B verify), including
# the stack integration test (stack-tests: the local stack up, the full pipeline on it, checks
# through Trino JDBC and S3, the stack down), then the Python unit tests of the scripts. Runs from
# any directory; .ci/run calls it.
#
# Usage: scripts/test.sh [--python-only] [--no-stack]
#   --python-only  skip Maven and run only the Python unit tests (quick, no JDK needed; the
#                  end-to-end pipeline test, which needs the jars, is skipped)
#   --no-stack     skip the stack integration test (no PostgreSQL, metastore, Spark cluster, Trino)
set -euo pipefail

repo_root() {
  local script_dir
  script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  dirname "${script_dir}"
}

log() {
  printf '==> %s\n' "$*"
}

die() {
  printf 'test.sh: %s\n' "$*" >&2
  exit 2
}

require() {
  local command_name="$1"
  local hint="$2"
  command -v "${command_name}" >/dev/null 2>&1 || die "${command_name} not found on the PATH: ${hint}"
}

run_maven_tests() {
  local -a maven_command=(mvn -B verify)
  require mvn "install Maven 3.8+ and a JDK 17"
  log "${maven_command[*]}"
  "${maven_command[@]}"
}

ensure_shellcheck() {
  # scripts/tests/test_shellcheck.py lints every scripts/*.sh; install the linter when missing.
  if command -v shellcheck >/dev/null 2>&1; then
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    printf 'test.sh: shellcheck is missing; install it (apt-get install -y shellcheck) as root\n' >&2
    return 0
  fi
  log "apt-get install -y shellcheck"
  apt-get install -y shellcheck >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y shellcheck >/dev/null 2>&1; } \
    || printf 'test.sh: could not install shellcheck with apt-get\n' >&2
}

run_python_tests() {
  local -a python_command=(python3 -m unittest discover -s scripts/tests -p 'test_*.py' -v)
  require python3 "install Python 3.11"
  log "${python_command[*]}"
  "${python_command[@]}"
}

main() {
  local python_only=false
  local stack_tests=1
  while (($# > 0)); do
    case "$1" in
      --python-only) python_only=true ;;
      --no-stack) stack_tests=0 ;;
      -h | --help)
        sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        return 0
        ;;
      *) die "unknown argument '$1'; accepted: --python-only, --no-stack, --help" ;;
    esac
    shift
  done

  local root
  root="$(repo_root)"
  cd "${root}"
  if [[ "${python_only}" == false ]]; then
    # stack-tests/StackPipelineTest runs only when this is 1 (it starts real servers).
    export C360_STACK_TESTS="${stack_tests}"
    run_maven_tests
    # The jars exist now: the end-to-end pipeline test (tests/test_pipeline_end_to_end.py) runs.
    export C360_END_TO_END=1
  fi
  ensure_shellcheck
  run_python_tests
  log "all tests passed"
}

main "$@"
