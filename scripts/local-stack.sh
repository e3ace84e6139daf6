#!/usr/bin/env bash
# The local stack of the `stack` target, on 127.0.0.1 only and without Docker: PostgreSQL, the
# Hive Metastore 4.0.0 on it, an S3 server (MinIO when `minio` is on the PATH, else S3Proxy),
# a Spark standalone master with two 1-core workers, and Trino 476 with an Iceberg catalog on
# the metastore and the S3 server. Everything comes from Debian's packages and Maven Central;
# downloads are cached between runs. docs/STACK.md describes it.
#
# Usage: scripts/local-stack.sh COMMAND [SERVICE...]
#   up [SERVICE...]     start the services (all, in order, by default) and wait until each is
#                       healthy; a service already running is left alone
#   down [SERVICE...]   stop what `up` started (from its pid files), in reverse order
#   status              each service: state, pid, port, log file (exit 0 when all run, else 3)
#   logs [SERVICE]      the end of one service's log (LINES=N, default 100), or of every log
#   env                 print the non-secret settings file (endpoints, ports, buckets, paths)
#   buckets             create the buckets and the folders the jobs need (the event-log folder
#                       spark-logs/) on the running S3 server again; `up` does it when S3 starts
#
# Services: postgres s3 metastore spark-master spark-worker-1 spark-worker-2 trino
#
# Exit codes: 0 success, 1 a service failed (its name and the end of its log are printed),
# 2 bad usage or missing prerequisite, 3 `status` with a service not running.
#
# Settings (environment): C360_STACK_DIR (state folder, default <repo>/.local-stack),
# C360_STACK_CACHE (downloads, default ~/.cache/c360-local-stack), C360_STACK_TIMEOUT
# (seconds per service, default 180), ports C360_STACK_{PG,HMS,S3,SPARK,SPARK_UI,TRINO}_PORT,
# C360_STACK_TRINO_JAVA_HOME (a JDK 24+; found under /usr/lib/jvm when unset),
# C360_STACK_TRINO_PLUGINS (default "iceberg"), C360_STACK_WORKER_MEMORY (default 2g),
# C360_STACK_SHUFFLE_PARTITIONS (the Spark jobs' spark.sql.shuffle.partitions, default 8).
set -Eeuo pipefail
trap 'printf "local-stack: unexpected error (exit %s) at line %s: %s\n" "$?" "${LINENO}" "${BASH_COMMAND}" >&2' ERR

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "${SCRIPT_DIR}")"
TEMPLATE_DIR="${SCRIPT_DIR}/stack"

STATE_DIR="${C360_STACK_DIR:-${REPO_ROOT}/.local-stack}"
CACHE_DIR="${C360_STACK_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/c360-local-stack}"
M2_REPO="${C360_STACK_M2_REPO:-${HOME}/.m2/repository}"
TIMEOUT="${C360_STACK_TIMEOUT:-180}"

PG_PORT="${C360_STACK_PG_PORT:-15432}"
HMS_PORT="${C360_STACK_HMS_PORT:-19083}"
S3_PORT="${C360_STACK_S3_PORT:-19000}"
SPARK_PORT="${C360_STACK_SPARK_PORT:-17077}"
SPARK_UI_PORT="${C360_STACK_SPARK_UI_PORT:-18080}"
TRINO_PORT="${C360_STACK_TRINO_PORT:-18090}"
WORKER_MEMORY="${C360_STACK_WORKER_MEMORY:-2g}"
SHUFFLE_PARTITIONS="${C360_STACK_SHUFFLE_PARTITIONS:-8}"
TRINO_PLUGINS="${C360_STACK_TRINO_PLUGINS:-iceberg}"
TRINO_HEAP="${C360_STACK_TRINO_HEAP:-2G}"

HIVE_VERSION="4.0.0"
S3PROXY_VERSION="4.1.0"
TRINO_VERSION="476"
MAVEN_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.9.0"

PG_DATABASE="metastore"
PG_USER="hive"
S3_REGION="us-east-1"
BUCKETS=(c360-bronze c360-warehouse c360-artifacts)
SERVICES=(postgres s3 metastore spark-master spark-worker-1 spark-worker-2 trino)

RUN_DIR="${STATE_DIR}/run"
LOG_DIR="${STATE_DIR}/logs"
CONF_DIR="${STATE_DIR}/conf"
CREDENTIALS_FILE="${STATE_DIR}/credentials.env"
SETTINGS_FILE="${STATE_DIR}/stack.env"
SPARK_PROPERTIES_FILE="${STATE_DIR}/conf/spark-stack.conf"
PG_DATA="${STATE_DIR}/postgres/data"
S3_DATA_DIR="${STATE_DIR}/s3"

# ---------------------------------------------------------------------------------------------
# Small helpers

log() {
  printf '[local-stack] %s\n' "$*" >&2
}

die() {
  printf 'local-stack: %s\n' "$*" >&2
  exit 2
}

is_root() {
  [[ "$(id -u)" -eq 0 ]]
}

# Show only the start of a secret.
mask() {
  local value="$1"
  printf '%s****' "${value:0:4}"
}

random_token() {
  local length="$1"
  local token=""
  while [[ ${#token} -lt ${length} ]]; do
    token+="$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  done
  printf '%s' "${token:0:${length}}"
}

# Replace every @NAME@ of a template with the value of the shell variable NAME.
render() {
  local template="$1"
  local target="$2"
  local mode="$3"
  local content name
  content="$(<"${template}")"
  while [[ "${content}" =~ @([A-Z0-9_]+)@ ]]; do
    name="${BASH_REMATCH[1]}"
    [[ -n "${!name+set}" ]] || die "template ${template}: no value for @${name}@"
    content="${content//@${name}@/${!name}}"
  done
  (umask 077 && printf '%s\n' "${content}" >"${target}.tmp")
  chmod "${mode}" "${target}.tmp"
  mv -f "${target}.tmp" "${target}"
}

port_open() {
  local port="$1"
  (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null
}

http_code() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

# The port a service listens on (its main one), for `status`.
service_port() {
  case "$1" in
    postgres) printf '%s' "${PG_PORT}" ;;
    metastore) printf '%s' "${HMS_PORT}" ;;
    s3) printf '%s' "${S3_PORT}" ;;
    spark-master) printf '%s (ui %s)' "${SPARK_PORT}" "${SPARK_UI_PORT}" ;;
    spark-worker-1) printf '%s (ui %s)' "$(worker_port 1)" "$(worker_ui_port 1)" ;;
    spark-worker-2) printf '%s (ui %s)' "$(worker_port 2)" "$(worker_ui_port 2)" ;;
    trino) printf '%s' "${TRINO_PORT}" ;;
    *) printf '?' ;;
  esac
}

worker_port() {
  printf '%s' "$((SPARK_PORT + $1))"
}

worker_ui_port() {
  printf '%s' "$((SPARK_UI_PORT + $1))"
}

log_file() {
  printf '%s/%s.log' "${LOG_DIR}" "$1"
}

pid_file() {
  printf '%s/%s.pid' "${RUN_DIR}" "$1"
}

# The marker every JVM of the stack carries on its command line: a pid is only ours when its
# command line has it (pid files can outlive their process, and pids get reused).
marker() {
  printf -- '-Dc360.stack=%s/%s' "${STATE_DIR}" "$1"
}

pid_of() {
  local file
  file="$(pid_file "$1")"
  [[ -f "${file}" ]] || return 1
  local pid
  pid="$(<"${file}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  printf '%s' "${pid}"
}

# Running: the pid file names a live process whose command line is this service's.
is_running() {
  local service="$1"
  local pid expected
  pid="$(pid_of "${service}")" || return 1
  [[ -r "/proc/${pid}/cmdline" ]] || return 1
  case "${service}" in
    postgres) expected="${PG_DATA}" ;;
    s3) [[ "$(s3_kind)" == "minio" ]] && expected="${S3_DATA_DIR}" || expected="$(marker s3)" ;;
    *) expected="$(marker "${service}")" ;;
  esac
  tr '\0' ' ' <"/proc/${pid}/cmdline" | grep -qF -- "${expected}"
}

tail_log() {
  local service="$1"
  local lines="${2:-40}"
  local file
  file="$(log_file "${service}")"
  if [[ -f "${file}" ]]; then
    printf -- '--- last %s lines of %s ---\n' "${lines}" "${file}" >&2
    tail -n "${lines}" "${file}" >&2
    printf -- '---\n' >&2
  else
    printf 'no log file %s\n' "${file}" >&2
  fi
}

# A service did not come up: say which, show the end of its log, stop what is left of it.
fail_service() {
  local service="$1"
  local reason="$2"
  printf 'local-stack: %s failed: %s\n' "${service}" "${reason}" >&2
  tail_log "${service}" 40
  stop_service "${service}" >/dev/null 2>&1 || true
  printf 'local-stack: the services started before it are still running; %s down stops them\n' \
    "$0" >&2
  exit 1
}

# Wait until CHECK (a function name) succeeds, failing the service after TIMEOUT seconds or
# as soon as its process is gone.
wait_healthy() {
  local service="$1"
  local check="$2"
  local limit="${3:-${TIMEOUT}}"
  local start=${SECONDS}
  while ! "${check}"; do
    if ! is_running "${service}"; then
      fail_service "${service}" "its process exited while starting"
    fi
    if ((SECONDS - start >= limit)); then
      fail_service "${service}" "not healthy after ${limit} s"
    fi
    sleep 1
  done
  log "${service} healthy after $((SECONDS - start)) s (pid $(pid_of "${service}"), port $(service_port "${service}"))"
}

# Start a command in its own session (so `down` can stop its children too) with its output in
# the service's log, and record its pid.
spawn() {
  local service="$1"
  shift
  local file
  file="$(log_file "${service}")"
  printf '\n===== %s: starting %s =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${service}" >>"${file}"
  # From the state folder, so that nothing lands in the caller's working directory.
  (cd "${STATE_DIR}" && exec setsid "$@") >>"${file}" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$(pid_file "${service}")"
}

# ---------------------------------------------------------------------------------------------
# Prerequisites, credentials, downloads

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found on the PATH: $2"
}

java17() {
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    printf '%s' "${JAVA_HOME}/bin/java"
  else
    command -v java || die "java not found: install a JDK 17"
  fi
}

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# A JDK 24+ for Trino: C360_STACK_TRINO_JAVA_HOME, else the newest under /usr/lib/jvm.
trino_java() {
  local candidate major best="" best_major=0
  if [[ -n "${C360_STACK_TRINO_JAVA_HOME:-}" ]]; then
    candidate="${C360_STACK_TRINO_JAVA_HOME}/bin/java"
    [[ -x "${candidate}" ]] || die "C360_STACK_TRINO_JAVA_HOME has no bin/java"
    printf '%s' "${candidate}"
    return 0
  fi
  for candidate in /usr/lib/jvm/*/bin/java "${JAVA_HOME:-/nonexistent}/bin/java"; do
    [[ -x "${candidate}" ]] || continue
    major="$(java_major "${candidate}")"
    if [[ -n "${major}" ]] && ((major >= 24 && major > best_major)); then
      best="${candidate}"
      best_major="${major}"
    fi
  done
  [[ -n "${best}" ]] || return 1
  printf '%s' "${best}"
}

ensure_dirs() {
  mkdir -p "${RUN_DIR}" "${LOG_DIR}" "${CONF_DIR}" "${CACHE_DIR}"
  chmod 755 "${STATE_DIR}" "${RUN_DIR}" "${LOG_DIR}"
  chmod 700 "${CONF_DIR}"
}

ensure_credentials() {
  if [[ ! -f "${CREDENTIALS_FILE}" ]]; then
    (
      umask 077
      {
        printf '# Generated by scripts/local-stack.sh: local-only credentials, never commit them.\n'
        printf 'S3_ACCESS_KEY=c360%s\n' "$(random_token 16)"
        printf 'S3_SECRET_KEY=%s\n' "$(random_token 40)"
        printf 'PG_PASSWORD=%s\n' "$(random_token 32)"
      } >"${CREDENTIALS_FILE}"
    )
    log "generated credentials in ${CREDENTIALS_FILE} (mode 600)"
  fi
  chmod 600 "${CREDENTIALS_FILE}"
  # shellcheck source=/dev/null
  source "${CREDENTIALS_FILE}"
  [[ -n "${S3_ACCESS_KEY:-}" && -n "${S3_SECRET_KEY:-}" && -n "${PG_PASSWORD:-}" ]] \
    || die "${CREDENTIALS_FILE} lacks S3_ACCESS_KEY, S3_SECRET_KEY or PG_PASSWORD; delete it to regenerate"
}

s3_kind() {
  if command -v minio >/dev/null 2>&1; then
    printf 'minio'
  else
    printf 's3proxy'
  fi
}

S3_ENDPOINT="http://127.0.0.1:${S3_PORT}"

write_settings() {
  local tmp="${SETTINGS_FILE}.tmp"
  {
    printf '# The local stack (scripts/local-stack.sh); secrets are in %s.\n' "${CREDENTIALS_FILE}"
    printf 'C360_STACK_DIR=%s\n' "${STATE_DIR}"
    printf 'CREDENTIALS_FILE=%s\n' "${CREDENTIALS_FILE}"
    printf 'PG_JDBC_URL=jdbc:postgresql://127.0.0.1:%s/%s\n' "${PG_PORT}" "${PG_DATABASE}"
    printf 'PG_USER=%s\n' "${PG_USER}"
    printf 'HMS_URI=thrift://127.0.0.1:%s\n' "${HMS_PORT}"
    printf 'S3_KIND=%s\n' "$(s3_kind)"
    printf 'S3_ENDPOINT=%s\n' "${S3_ENDPOINT}"
    printf 'S3_REGION=%s\n' "${S3_REGION}"
    printf 'BRONZE_BUCKET=%s\n' "${BUCKETS[0]}"
    printf 'BRONZE_LOCATION=s3a://%s/bronze\n' "${BUCKETS[0]}"
    printf 'WAREHOUSE_BUCKET=%s\n' "${BUCKETS[1]}"
    printf 'ARTIFACTS_BUCKET=%s\n' "${BUCKETS[2]}"
    # The metastore's external warehouse: where Trino and Spark put the databases they create.
    printf 'WAREHOUSE_LOCATION=s3a://%s/lakehouse\n' "${BUCKETS[1]}"
    printf 'SPARK_PROPERTIES_FILE=%s\n' "${SPARK_PROPERTIES_FILE}"
    printf 'CURL_S3_CONFIG=%s\n' "${CURL_S3_CONFIG}"
    printf 'SPARK_MASTER_URL=spark://127.0.0.1:%s\n' "${SPARK_PORT}"
    printf 'SPARK_MASTER_UI=http://127.0.0.1:%s\n' "${SPARK_UI_PORT}"
    printf 'SPARK_HOME=%s\n' "${STATE_DIR}/spark-home"
    printf 'TRINO_URL=http://127.0.0.1:%s\n' "${TRINO_PORT}"
    printf 'TRINO_CATALOG=lakehouse\n'
  } >"${tmp}"
  mv -f "${tmp}" "${SETTINGS_FILE}"
}

maven_get() {
  local artifact="$1"
  require mvn "install Maven 3.8+"
  log "downloading ${artifact} from Maven Central (cached in ${M2_REPO})"
  mvn -B -q -Dstyle.color=never "${MAVEN_DEPENDENCY_PLUGIN}:get" -Dartifact="${artifact}" -Dtransitive=false >&2 \
    || die "could not download ${artifact}"
}

# The path of an artifact in the local Maven repository, downloading it when missing.
maven_file() {
  local group="$1" artifact="$2" version="$3" classifier="$4" extension="$5"
  local name="${artifact}-${version}"
  [[ -n "${classifier}" ]] && name+="-${classifier}"
  local path="${M2_REPO}/${group//.//}/${artifact}/${version}/${name}.${extension}"
  if [[ ! -s "${path}" ]]; then
    if [[ -n "${classifier}" ]]; then
      maven_get "${group}:${artifact}:${version}:${extension}:${classifier}"
    else
      maven_get "${group}:${artifact}:${version}:${extension}"
    fi
  fi
  [[ -s "${path}" ]] || die "${path} missing after the download"
  printf '%s' "${path}"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

PG_SOCKET_DIR="${STATE_DIR}/postgres/socket"

pg_bin() {
  local name="$1" dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "${dir}/${name}" ]]; then
      printf '%s' "${dir}/${name}"
      return 0
    fi
  done
  command -v "${name}" || return 1
}

ensure_postgres_installed() {
  if pg_bin initdb >/dev/null && pg_bin pg_ctl >/dev/null && command -v psql >/dev/null; then
    return 0
  fi
  is_root || die "PostgreSQL is not installed: apt-get install -y postgresql (as root)"
  log "apt-get install -y postgresql"
  apt-get install -y postgresql >&2 \
    || { apt-get update >&2 && apt-get install -y postgresql >&2; } \
    || die "could not install PostgreSQL with apt-get"
  pg_bin initdb >/dev/null || die "initdb still missing after installing PostgreSQL"
}

# Run a PostgreSQL program as the user that owns the data directory (postgres when root).
as_pg_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# psql as the superuser over the private socket (trust there; TCP needs a password).
pg_psql() {
  as_pg_owner psql -X -q -v ON_ERROR_STOP=1 -h "${PG_SOCKET_DIR}" -p "${PG_PORT}" -U postgres "$@"
}

postgres_healthy() {
  pg_isready -q -h 127.0.0.1 -p "${PG_PORT}" >/dev/null 2>&1
}

start_postgres() {
  ensure_postgres_installed
  local owner="postgres"
  is_root || owner="$(id -un)"
  mkdir -p "${STATE_DIR}/postgres" "${PG_SOCKET_DIR}"
  touch "$(log_file postgres)"
  if is_root; then
    chown "${owner}" "${STATE_DIR}/postgres" "${PG_SOCKET_DIR}" "$(log_file postgres)"
  fi
  chmod 700 "${PG_SOCKET_DIR}"
  if [[ ! -f "${PG_DATA}/PG_VERSION" ]]; then
    log "postgres: initdb ${PG_DATA}"
    as_pg_owner "$(pg_bin initdb)" -D "${PG_DATA}" -U postgres -E UTF8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$(log_file postgres)" 2>&1 \
      || fail_service postgres "initdb failed"
  fi
  if port_open "${PG_PORT}"; then
    fail_service postgres "port ${PG_PORT} is already in use by another process"
  fi
  as_pg_owner "$(pg_bin pg_ctl)" -D "${PG_DATA}" -l "$(log_file postgres)" -w -t "${TIMEOUT}" \
    -o "-p ${PG_PORT} -k ${PG_SOCKET_DIR} -c listen_addresses=127.0.0.1" start >/dev/null \
    || fail_service postgres "pg_ctl start failed"
  head -n 1 "${PG_DATA}/postmaster.pid" >"$(pid_file postgres)"
  wait_healthy postgres postgres_healthy
  setup_metastore_database
}

# The metastore's user and database; the password is (re)set from the credentials file.
setup_metastore_database() {
  pg_psql -d postgres >/dev/null <<SQL || fail_service postgres "creating the metastore user and database failed"
SELECT 'CREATE ROLE ${PG_USER} LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_USER}')
\\gexec
ALTER ROLE ${PG_USER} WITH LOGIN PASSWORD '${PG_PASSWORD}';
SELECT 'CREATE DATABASE ${PG_DATABASE} OWNER ${PG_USER} ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}')
\\gexec
SQL
}

stop_postgres() {
  local pid
  if pid="$(pid_of postgres)" && is_running postgres; then
    as_pg_owner "$(pg_bin pg_ctl)" -D "${PG_DATA}" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || kill -TERM "${pid}" 2>/dev/null || true
  fi
  rm -f "$(pid_file postgres)"
  log "stopped postgres"
}

# ---------------------------------------------------------------------------------------------
# Hive Metastore

HMS_CLASSPATH_FILE="${CACHE_DIR}/hive-metastore-${HIVE_VERSION}.classpath"
METASTORE_HOME_DIR="${CACHE_DIR}/apache-hive-metastore-${HIVE_VERSION}-bin"
HMS_CONF_DIR="${CONF_DIR}/metastore"

ensure_hms_downloads() {
  local pom="${TEMPLATE_DIR}/hms/pom.xml"
  if [[ ! -s "${HMS_CLASSPATH_FILE}" || "${pom}" -nt "${HMS_CLASSPATH_FILE}" ]]; then
    require mvn "install Maven 3.8+"
    log "metastore: resolving the Hive Metastore ${HIVE_VERSION} classpath (Maven Central)"
    mvn -B -q -Dstyle.color=never -f "${pom}" "${MAVEN_DEPENDENCY_PLUGIN}:build-classpath" \
      -Dmdep.outputFile="${HMS_CLASSPATH_FILE}.tmp" >&2 \
      || die "could not resolve the Hive Metastore classpath (mvn -f ${pom})"
    mv -f "${HMS_CLASSPATH_FILE}.tmp" "${HMS_CLASSPATH_FILE}"
  fi
  if [[ ! -d "${METASTORE_HOME_DIR}/scripts/metastore/upgrade/postgres" ]]; then
    local tarball
    tarball="$(maven_file org.apache.hive hive-standalone-metastore-server "${HIVE_VERSION}" bin tar.gz)"
    log "metastore: unpacking the schema scripts of ${tarball##*/}"
    tar -xzf "${tarball}" -C "${CACHE_DIR}" "apache-hive-metastore-${HIVE_VERSION}-bin/scripts"
  fi
}

render_hms_conf() {
  mkdir -p "${HMS_CONF_DIR}"
  chmod 700 "${HMS_CONF_DIR}"
  # shellcheck disable=SC2034  # read by render through ${!name}
  local WAREHOUSE_BUCKET="${BUCKETS[1]}"
  render "${TEMPLATE_DIR}/metastore-site.xml.template" "${HMS_CONF_DIR}/metastore-site.xml" 600
  cp -f "${TEMPLATE_DIR}/metastore-log4j2.properties" "${HMS_CONF_DIR}/metastore-log4j2.properties"
}

hms_java() {
  local main_class="$1"
  shift
  METASTORE_HOME="${METASTORE_HOME_DIR}" "$(java17)" -Xmx512m \
    "$(marker metastore)" \
    -Dlog4j2.configurationFile="${HMS_CONF_DIR}/metastore-log4j2.properties" \
    -Dlog4j.configurationFile="${HMS_CONF_DIR}/metastore-log4j2.properties" \
    -cp "${HMS_CONF_DIR}:$(<"${HMS_CLASSPATH_FILE}")" "${main_class}" "$@"
}

metastore_schema_exists() {
  [[ "$(pg_psql -d "${PG_DATABASE}" -tA -c \
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'VERSION'")" == "1" ]]
}

metastore_healthy() {
  port_open "${HMS_PORT}"
}

start_metastore() {
  is_running postgres || fail_service metastore "PostgreSQL is not running (start it first: up postgres)"
  ensure_hms_downloads
  render_hms_conf
  if ! metastore_schema_exists; then
    log "metastore: initialising the schema on PostgreSQL (schema tool)"
    hms_java org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool \
      -dbType postgres -initSchema >>"$(log_file metastore)" 2>&1 \
      || fail_service metastore "schema initialisation failed (MetastoreSchemaTool -initSchema)"
  fi
  if port_open "${HMS_PORT}"; then
    fail_service metastore "port ${HMS_PORT} is already in use by another process"
  fi
  spawn metastore env METASTORE_HOME="${METASTORE_HOME_DIR}" "$(java17)" -Xmx512m \
    "$(marker metastore)" \
    -Dlog4j2.configurationFile="${HMS_CONF_DIR}/metastore-log4j2.properties" \
    -cp "${HMS_CONF_DIR}:$(<"${HMS_CLASSPATH_FILE}")" \
    org.apache.hadoop.hive.metastore.HiveMetaStore
  wait_healthy metastore metastore_healthy
}

# ---------------------------------------------------------------------------------------------
# S3: MinIO when installed, else S3Proxy on disk

CURL_S3_CONFIG="${CONF_DIR}/curl-s3.conf"

write_curl_s3_config() {
  (umask 077 && printf 'user = "%s:%s"\n' "${S3_ACCESS_KEY}" "${S3_SECRET_KEY}" >"${CURL_S3_CONFIG}")
}

# The S3A settings (keys included) of a Spark job on this stack: spark-submit --properties-file.
# Mode 600 like every file with a secret; Spark redacts *.secret.key and *.access.key in its UI.
write_spark_properties() {
  (
    umask 077
    {
      printf '# Generated by scripts/local-stack.sh: the local S3 server for Spark jobs. Secrets: never commit.\n'
      printf 'spark.hadoop.fs.s3a.endpoint=%s\n' "${S3_ENDPOINT}"
      printf 'spark.hadoop.fs.s3a.endpoint.region=%s\n' "${S3_REGION}"
      printf 'spark.hadoop.fs.s3a.path.style.access=true\n'
      printf 'spark.hadoop.fs.s3a.connection.ssl.enabled=false\n'
      printf 'spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider\n'
      printf 'spark.hadoop.fs.s3a.access.key=%s\n' "${S3_ACCESS_KEY}"
      printf 'spark.hadoop.fs.s3a.secret.key=%s\n' "${S3_SECRET_KEY}"
      # Two 1-core workers: Spark's 200 shuffle partitions would be 100 tiny tasks per core and
      # stage (the local target uses 16 on its cores; k8s manifests set their own).
      printf 'spark.sql.shuffle.partitions=%s\n' "${SHUFFLE_PARTITIONS}"
    } >"${SPARK_PROPERTIES_FILE}"
  )
}

# A SigV4-signed S3 request with curl (credentials from a mode-600 config file, never argv).
s3_request() {
  local method="$1" path="$2"
  curl -s -S -f -m 30 -K "${CURL_S3_CONFIG}" --aws-sigv4 "aws:amz:${S3_REGION}:s3" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X "${method}" "${S3_ENDPOINT}/${path}"
}

s3_healthy() {
  local code
  code="$(http_code "${S3_ENDPOINT}/")"
  [[ "${code}" != "000" && -n "${code}" ]]
}

start_s3() {
  local kind
  kind="$(s3_kind)"
  mkdir -p "${S3_DATA_DIR}"
  chmod 700 "${S3_DATA_DIR}"
  write_curl_s3_config
  if port_open "${S3_PORT}"; then
    fail_service s3 "port ${S3_PORT} is already in use by another process"
  fi
  if [[ "${kind}" == "minio" ]]; then
    spawn s3 env MINIO_ROOT_USER="${S3_ACCESS_KEY}" MINIO_ROOT_PASSWORD="${S3_SECRET_KEY}" \
      MINIO_BROWSER=off "$(command -v minio)" server --quiet \
      --address "127.0.0.1:${S3_PORT}" --console-address "127.0.0.1:$((S3_PORT + 1))" \
      "${S3_DATA_DIR}"
  else
    local jar
    jar="$(maven_file org.gaul s3proxy "${S3PROXY_VERSION}" jar-with-dependencies jar)"
    # S3Proxy's filesystem store: a bucket is a folder of the base directory.
    local bucket
    for bucket in "${BUCKETS[@]}"; do
      mkdir -p "${S3_DATA_DIR}/${bucket}"
    done
    render "${TEMPLATE_DIR}/s3proxy.properties.template" "${CONF_DIR}/s3proxy.properties" 600
    spawn s3 "$(java17)" -Xmx512m "$(marker s3)" -jar "${jar}" \
      --properties "${CONF_DIR}/s3proxy.properties"
  fi
  wait_healthy s3 s3_healthy
  ensure_buckets
}

# While S3 starts, a failure stops it (fail_service); the `buckets` command leaves it running.
buckets_failed() {
  if [[ "${PREPARING_BUCKETS_ONLY:-false}" == true ]]; then
    printf 'local-stack: %s (the end of %s has the S3 error)\n' "$1" "$(log_file s3)" >&2
    exit 1
  fi
  fail_service s3 "$1"
}

ensure_buckets() {
  local bucket
  for bucket in "${BUCKETS[@]}"; do
    if ! s3_request HEAD "${bucket}" >/dev/null 2>&1; then
      s3_request PUT "${bucket}" >/dev/null 2>>"$(log_file s3)" \
        || buckets_failed "could not create bucket ${bucket}"
    fi
  done
  log "s3: buckets ${BUCKETS[*]} ready at ${S3_ENDPOINT}"
  ensure_bucket_folders
}

# The folders the jobs need before they start (the event-log folder of the SparkApplications'
# logFileDirectory), from the same list deploy.sh creates on the cluster's S3
# (scripts/c360/targets/bucket_folders.py). A folder is a directory marker: an empty object whose
# key ends in "/", which S3A takes for a directory.
ensure_bucket_folders() {
  local folders bucket prefix
  folders="$(PYTHONPATH="${SCRIPT_DIR}" python3 -m c360.targets.bucket_folders)" \
    || buckets_failed "could not read the bucket folders from k8s/spark (see the message above)"
  while read -r bucket prefix; do
    [[ -n "${bucket}" ]] || continue
    curl -s -S -f -m 30 -K "${CURL_S3_CONFIG}" --aws-sigv4 "aws:amz:${S3_REGION}:s3" \
      -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT --data-binary '' \
      "${S3_ENDPOINT}/${bucket}/${prefix}" >/dev/null 2>>"$(log_file s3)" \
      || buckets_failed "could not create the folder s3a://${bucket}/${prefix}"
    log "s3: folder s3a://${bucket}/${prefix} ready"
  done <<<"${folders}"
}

# ---------------------------------------------------------------------------------------------
# Spark standalone: a master and two workers (1 core each) from the Maven-resolved Spark jars

SPARK_HOME_DIR="${STATE_DIR}/spark-home"

spark_classpath_file() {
  local module
  for module in silver-build gold-finalize bronze-ingest; do
    if [[ -s "${REPO_ROOT}/${module}/target/spark-runtime.classpath" ]]; then
      printf '%s' "${REPO_ROOT}/${module}/target/spark-runtime.classpath"
      return 0
    fi
  done
  return 1
}

# A SPARK_HOME whose jars/ links the Maven-resolved Spark runtime: the worker builds its
# executors' classpath from $SPARK_HOME/jars.
ensure_spark_home() {
  local classpath_file
  if ! classpath_file="$(spark_classpath_file)"; then
    require mvn "install Maven 3.8+"
    log "spark: building silver-build for its Spark runtime classpath (mvn package)"
    (cd "${REPO_ROOT}" && mvn -B -q -Dstyle.color=never -DskipTests package -pl silver-build -am >&2) \
      || die "mvn package -pl silver-build failed"
    classpath_file="$(spark_classpath_file)" || die "no <module>/target/spark-runtime.classpath after the build"
  fi
  local stamp="${SPARK_HOME_DIR}/classpath"
  if [[ -d "${SPARK_HOME_DIR}/jars" && -f "${stamp}" ]] && cmp -s "${classpath_file}" "${stamp}"; then
    return 0
  fi
  rm -rf "${SPARK_HOME_DIR}/jars"
  mkdir -p "${SPARK_HOME_DIR}/jars" "${SPARK_HOME_DIR}/conf"
  local entry
  local -a entries
  IFS=':' read -r -a entries <"${classpath_file}" || true # one line, maybe without a newline
  for entry in "${entries[@]}"; do
    if [[ -f "${entry}" ]]; then
      ln -sf "${entry}" "${SPARK_HOME_DIR}/jars/"
    fi
  done
  cp -f "${classpath_file}" "${stamp}"
  [[ -n "$(find "${SPARK_HOME_DIR}/jars" -name 'spark-core_*.jar' -print -quit)" ]] \
    || die "no spark-core jar in ${classpath_file}"
}

spark_daemon() {
  local service="$1"
  shift
  spawn "${service}" env SPARK_HOME="${SPARK_HOME_DIR}" SPARK_SCALA_VERSION=2.12 \
    SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="${STATE_DIR}/spark/local" \
    SPARK_NO_DAEMONIZE=1 \
    "$(java17)" -Xmx512m "$(marker "${service}")" \
    -XX:+IgnoreUnrecognizedVMOptions \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.util=ALL-UNNAMED \
    -cp "${SPARK_HOME_DIR}/conf:${SPARK_HOME_DIR}/jars/*" "$@"
}

spark_master_json() {
  curl -s -m 5 "http://127.0.0.1:${SPARK_UI_PORT}/json/" 2>/dev/null
}

spark_master_healthy() {
  spark_master_json | grep -q '"status" *: *"ALIVE"'
}

start_spark_master() {
  ensure_spark_home
  mkdir -p "${STATE_DIR}/spark/local"
  if port_open "${SPARK_PORT}"; then
    fail_service spark-master "port ${SPARK_PORT} is already in use by another process"
  fi
  spark_daemon spark-master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "${SPARK_PORT}" --webui-port "${SPARK_UI_PORT}"
  wait_healthy spark-master spark_master_healthy
}

# A worker is healthy once the master lists it as ALIVE.
worker_registered() {
  local number="$1"
  spark_master_json | python3 -c '
import json, sys
port = int(sys.argv[1])
workers = json.load(sys.stdin).get("workers", [])
sys.exit(0 if any(w.get("port") == port and w.get("state") == "ALIVE" for w in workers) else 1)
' "$(worker_port "${number}")" 2>/dev/null
}

spark_worker_1_healthy() { worker_registered 1; }
spark_worker_2_healthy() { worker_registered 2; }

start_spark_worker() {
  local number="$1"
  local service="spark-worker-${number}"
  is_running spark-master || fail_service "${service}" "the Spark master is not running (up spark-master)"
  ensure_spark_home
  mkdir -p "${STATE_DIR}/spark/work-${number}"
  spark_daemon "${service}" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port "$(worker_port "${number}")" --webui-port "$(worker_ui_port "${number}")" \
    --cores 1 --memory "${WORKER_MEMORY}" --work-dir "${STATE_DIR}/spark/work-${number}" \
    "spark://127.0.0.1:${SPARK_PORT}"
  wait_healthy "${service}" "spark_worker_${number}_healthy"
}

# ---------------------------------------------------------------------------------------------
# Trino

TRINO_HOME_DIR="${CACHE_DIR}/trino-server-${TRINO_VERSION}"

ensure_trino_install() {
  local stamp="${TRINO_HOME_DIR}/.c360-plugins"
  if [[ -f "${stamp}" && "$(<"${stamp}")" == "${TRINO_PLUGINS}" ]]; then
    return 0
  fi
  local tarball
  tarball="$(maven_file io.trino trino-server "${TRINO_VERSION}" "" tar.gz)"
  log "trino: unpacking ${tarball##*/} (lib and plugins: ${TRINO_PLUGINS}) into ${CACHE_DIR}"
  rm -rf "${TRINO_HOME_DIR}"
  # The tarball hard-links identical jars across plugins: unpack it whole, keep what we use.
  local unpack="${CACHE_DIR}/trino-unpack.tmp"
  rm -rf "${unpack}"
  mkdir -p "${unpack}" "${TRINO_HOME_DIR}/plugin"
  tar -xzf "${tarball}" -C "${unpack}" || die "could not unpack ${tarball}"
  local top="${unpack}/trino-server-${TRINO_VERSION}"
  mv "${top}/lib" "${TRINO_HOME_DIR}/lib"
  local plugin
  for plugin in ${TRINO_PLUGINS}; do
    [[ -d "${top}/plugin/${plugin}" ]] || die "Trino ${TRINO_VERSION} has no plugin ${plugin}"
    mv "${top}/plugin/${plugin}" "${TRINO_HOME_DIR}/plugin/${plugin}"
  done
  rm -rf "${unpack}"
  printf '%s' "${TRINO_PLUGINS}" >"${stamp}"
}

trino_healthy() {
  curl -s -m 5 "http://127.0.0.1:${TRINO_PORT}/v1/info" 2>/dev/null | grep -q '"starting" *: *false'
}

start_trino() {
  local java
  java="$(trino_java)" || fail_service trino "no JDK 24+ found (set C360_STACK_TRINO_JAVA_HOME)"
  ensure_trino_install
  local TRINO_DATA_DIR="${STATE_DIR}/trino/data"
  local TRINO_CATALOG_DIR="${CONF_DIR}/trino/catalog"
  # shellcheck disable=SC2034  # read by render through ${!name}
  local TRINO_QUERY_MEMORY="${C360_STACK_TRINO_QUERY_MEMORY:-1GB}"
  mkdir -p "${TRINO_DATA_DIR}" "${TRINO_CATALOG_DIR}"
  chmod 700 "${CONF_DIR}/trino"
  render "${TEMPLATE_DIR}/trino/config.properties.template" "${CONF_DIR}/trino/config.properties" 600
  render "${TEMPLATE_DIR}/trino/lakehouse.properties.template" "${TRINO_CATALOG_DIR}/lakehouse.properties" 600
  cp -f "${TEMPLATE_DIR}/trino/log.properties" "${CONF_DIR}/trino/log.properties"
  if port_open "${TRINO_PORT}"; then
    fail_service trino "port ${TRINO_PORT} is already in use by another process"
  fi
  spawn trino "${java}" "-Xmx${TRINO_HEAP}" "$(marker trino)" \
    -XX:+UseG1GC -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError \
    -XX:-OmitStackTraceInFastThrow -XX:ReservedCodeCacheSize=256M \
    -XX:+EnableDynamicAgentLoading -Djdk.attach.allowAttachSelf=true \
    -Djdk.nio.maxCachedBufferSize=2000000 -Dfile.encoding=UTF-8 \
    --enable-native-access=ALL-UNNAMED \
    -Dnode.environment=c360_local_stack -Dnode.id=c360-local-stack-trino \
    -Dnode.data-dir="${TRINO_DATA_DIR}" -Dnode.bind-ip=127.0.0.1 -Dnode.internal-address=127.0.0.1 \
    -Dconfig="${CONF_DIR}/trino/config.properties" \
    -Dlog.levels-file="${CONF_DIR}/trino/log.properties" \
    -Dplugin.dir="${TRINO_HOME_DIR}/plugin" \
    -cp "${TRINO_HOME_DIR}/lib/*" io.trino.server.TrinoServer
  wait_healthy trino trino_healthy
}

# ---------------------------------------------------------------------------------------------
# Commands

start_service() {
  local service="$1"
  if is_running "${service}"; then
    log "${service} already running (pid $(pid_of "${service}"), port $(service_port "${service}"))"
    return 0
  fi
  rm -f "$(pid_file "${service}")"
  log "starting ${service}"
  case "${service}" in
    postgres) start_postgres ;;
    metastore) start_metastore ;;
    s3) start_s3 ;;
    spark-master) start_spark_master ;;
    spark-worker-1) start_spark_worker 1 ;;
    spark-worker-2) start_spark_worker 2 ;;
    trino) start_trino ;;
    *) die "unknown service ${service} (services: ${SERVICES[*]})" ;;
  esac
}

# Stop one service: its whole process group (its children too), TERM then KILL after 30 s.
stop_service() {
  local service="$1"
  if [[ "${service}" == "postgres" ]]; then
    stop_postgres
    return 0
  fi
  local pid
  if ! pid="$(pid_of "${service}")"; then
    return 0
  fi
  if is_running "${service}"; then
    kill -TERM -- "-${pid}" 2>/dev/null || kill -TERM "${pid}" 2>/dev/null || true
    local waited=0
    while kill -0 "${pid}" 2>/dev/null && ((waited < 30)); do
      sleep 1
      waited=$((waited + 1))
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log "${service} still running after 30 s: KILL"
      kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
    fi
    log "stopped ${service} (pid ${pid})"
  fi
  rm -f "$(pid_file "${service}")"
}

validate_services() {
  local service known
  for service in "$@"; do
    for known in "${SERVICES[@]}"; do
      [[ "${service}" == "${known}" ]] && continue 2
    done
    die "unknown service ${service} (services: ${SERVICES[*]})"
  done
}

cmd_up() {
  local -a services=("$@")
  ((${#services[@]})) || services=("${SERVICES[@]}")
  validate_services "${services[@]}"
  require curl "apt-get install -y curl"
  require python3 "install Python 3"
  ensure_dirs
  ensure_credentials
  write_settings
  write_curl_s3_config
  write_spark_properties
  local started=${SECONDS}
  local service
  for service in "${services[@]}"; do
    start_service "${service}"
  done
  log "up: ${services[*]} healthy in $((SECONDS - started)) s"
  log "settings: ${SETTINGS_FILE}; credentials: ${CREDENTIALS_FILE} (S3 access key $(mask "${S3_ACCESS_KEY}"))"
}

cmd_down() {
  local -a services=("$@")
  ((${#services[@]})) || services=("${SERVICES[@]}")
  validate_services "${services[@]}"
  local index
  for ((index = ${#services[@]} - 1; index >= 0; index--)); do
    stop_service "${services[index]}"
  done
  log "down: ${services[*]} stopped"
}

cmd_status() {
  local service state pid all_running=0
  printf '%-15s %-8s %-8s %-18s %s\n' SERVICE STATE PID PORT LOG
  for service in "${SERVICES[@]}"; do
    pid="-"
    if is_running "${service}"; then
      state="running"
      pid="$(pid_of "${service}")"
    elif [[ -f "$(pid_file "${service}")" ]]; then
      state="stale"
      all_running=3
    else
      state="stopped"
      all_running=3
    fi
    printf '%-15s %-8s %-8s %-18s %s\n' "${service}" "${state}" "${pid}" \
      "$(service_port "${service}")" "$(log_file "${service}")"
  done
  if [[ "${all_running}" -eq 0 ]]; then
    printf 'S3 server: %s; settings: %s\n' "$(s3_kind)" "${SETTINGS_FILE}"
  fi
  return "${all_running}"
}

cmd_logs() {
  local lines="${LINES:-100}"
  if (($#)); then
    validate_services "$1"
    tail_log "$1" "${lines}" 2>&1
    return 0
  fi
  local service
  for service in "${SERVICES[@]}"; do
    tail_log "${service}" 20 2>&1
  done
}

cmd_buckets() {
  is_running s3 || die "the S3 server is not running: run $0 up s3"
  PREPARING_BUCKETS_ONLY=true
  ensure_credentials
  write_curl_s3_config
  ensure_buckets
}

cmd_env() {
  [[ -f "${SETTINGS_FILE}" ]] || die "no ${SETTINGS_FILE} yet: run $0 up"
  cat "${SETTINGS_FILE}"
}

usage() {
  sed -n '2,/^set -/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' || true
}

main() {
  local command="${1:-}"
  (($#)) && shift
  case "${command}" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status || exit $? ;;
    logs) cmd_logs "$@" ;;
    env) cmd_env ;;
    buckets) cmd_buckets ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
