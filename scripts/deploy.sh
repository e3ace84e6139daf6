#!/usr/bin/env bash
# Deploys the Customer 360 lakehouse's services on a Stackable Data Platform 26.3 cluster: the
# namespace, the S3 wiring, PostgreSQL, the Hive Metastore, Trino and the Spark RBAC (k8s/), with
# the Secrets created from the environment or a prompt, and uploads the job jars to the artifacts
# bucket. The Spark jobs themselves run with: scripts/run_pipeline.py --target k8s.
#
# Usage: scripts/deploy.sh [options]      (interactive; --yes or no terminal: non-interactive)
#   --namespace NAME         namespace (env C360_NAMESPACE, default c360)
#   --context NAME           kubectl context (env KUBE_CONTEXT, default: the current context)
#   --s3-endpoint URL        https://host[:port] of the S3 service (env S3_ENDPOINT, required)
#   --s3-ca-cert FILE        PEM CA of a private endpoint (env S3_CA_CERT; needs openssl); omit for a publicly
#                            trusted endpoint such as AWS S3
#   --bronze-bucket NAME     (env BRONZE_BUCKET, default c360-bronze)
#   --warehouse-bucket NAME  (env WAREHOUSE_BUCKET, default c360-warehouse)
#   --artifacts-bucket NAME  jars and Spark event logs (env ARTIFACTS_BUCKET, default c360-artifacts)
#   --target-bytes SIZE      bronze volume per run (env C360_TARGET_BYTES, default 1TB)
#   --timeout SECONDS        wait for each service at most this long (env C360_WAIT_TIMEOUT, 900)
#   --skip-upload            do not upload the job jars
#   --jars-dir DIR           take <module>-<version>.jar from DIR (env C360_JARS_DIR; default:
#                            each module's target/ folder)
#   --dry-run                check and render only: print the manifests, change nothing
#   -y, --yes                never prompt (env C360_ASSUME_YES=1)
#   -h, --help               this help
# Credentials come from the environment or a hidden prompt, never from the command line, and are
# never printed: S3_ACCESS_KEY, S3_SECRET_KEY, HIVE_DB_PASSWORD and TRINO_ADMIN_PASSWORD (the last
# two are generated when unset). Jars are uploaded with the AWS CLI (`aws s3 cp --endpoint-url`)
# or, without it, MinIO's `mc`. See docs/DEPLOYMENT.md.
set -euo pipefail

readonly VERSION="0.1.0-SNAPSHOT"
readonly PART_OF_LABEL="app.kubernetes.io/part-of=c360-lakehouse"
# The job jars uploaded to s3://<artifacts>/jars/ (lakehouse-ops carries table maintenance).
readonly JOB_MODULES=(bronze-ingest silver-build gold-finalize lakehouse-ops)
# The Stackable CRDs the manifests and the jobs use (SDP 26.3 operators install them at startup).
readonly REQUIRED_CRDS=(
  secretclasses.secrets.stackable.tech
  s3connections.s3.stackable.tech
  s3buckets.s3.stackable.tech
  authenticationclasses.authentication.stackable.tech
  listeners.listeners.stackable.tech
  hiveclusters.hive.stackable.tech
  trinoclusters.trino.stackable.tech
  trinocatalogs.trino.stackable.tech
  sparkapplications.spark.stackable.tech
)
# Objects this script creates outside k8s/ (deploy-tests check every name a manifest uses
# against k8s/ and this list; rollback.sh deletes them by the part-of label).
readonly -a CREATED_OBJECTS=(
  Secret/c360-s3-credentials
  Secret/c360-s3-ca
  Secret/c360-hive-db-credentials
  Secret/c360-trino-users
  ConfigMap/c360-deployment
)

NAMESPACE=""
CONTEXT=""
S3_URL=""
S3_HOST=""
S3_PORT=""
CA_CERT=""
BRONZE=""
WAREHOUSE=""
ARTIFACTS=""
TARGET_BYTES=""
TIMEOUT=""
SKIP_UPLOAD=false
JARS_DIR=""
DRY_RUN=false
ASSUME_YES=false
WORK_DIR=""
KUBECTL=(kubectl)
# Credentials, read once (environment or hidden prompt); never exported, printed or put in argv.
ACCESS_KEY=""
SECRET_KEY=""
DB_PASSWORD=""
TRINO_PASSWORD=""

log() {
  printf '==> %s\n' "$*"
}

warn() {
  printf 'deploy.sh: warning: %s\n' "$*" >&2
}

die() {
  printf 'deploy.sh: %s\n' "$*" >&2
  exit 1
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

repo_root() {
  local script_dir
  script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  dirname "${script_dir}"
}

interactive() {
  [[ "${ASSUME_YES}" == false && -t 0 ]]
}

cleanup() {
  if [[ -n "${WORK_DIR}" && -d "${WORK_DIR}" ]]; then
    rm -rf -- "${WORK_DIR}"
  fi
}

parse_args() {
  while (($# > 0)); do
    case "$1" in
      --namespace) NAMESPACE="${2:?--namespace needs a value}"; shift ;;
      --context) CONTEXT="${2:?--context needs a value}"; shift ;;
      --s3-endpoint) S3_URL="${2:?--s3-endpoint needs a value}"; shift ;;
      --s3-ca-cert) CA_CERT="${2:?--s3-ca-cert needs a value}"; shift ;;
      --bronze-bucket) BRONZE="${2:?--bronze-bucket needs a value}"; shift ;;
      --warehouse-bucket) WAREHOUSE="${2:?--warehouse-bucket needs a value}"; shift ;;
      --artifacts-bucket) ARTIFACTS="${2:?--artifacts-bucket needs a value}"; shift ;;
      --target-bytes) TARGET_BYTES="${2:?--target-bytes needs a value}"; shift ;;
      --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift ;;
      --skip-upload) SKIP_UPLOAD=true ;;
      --jars-dir) JARS_DIR="${2:?--jars-dir needs a value}"; shift ;;
      --dry-run) DRY_RUN=true ;;
      -y | --yes) ASSUME_YES=true ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
  if [[ "${C360_ASSUME_YES:-}" == 1 ]]; then
    ASSUME_YES=true
  fi
}

# Asks for a value when interactive, showing the default; returns the default otherwise.
ask() {
  local prompt="$1" default="$2" answer=""
  if interactive; then
    read -r -p "${prompt} [${default}]: " answer
  fi
  printf '%s\n' "${answer:-${default}}"
}

# Reads a secret into the variable named $1: from the environment variable $2, a hidden prompt,
# or (when $3 is "generate") a random value. Never printed.
read_secret() {
  local target="$1" variable="$2" fallback="$3" value
  value="${!variable:-}"
  if [[ -z "${value}" ]] && interactive; then
    read -r -s -p "${variable} (hidden${fallback:+, empty to generate}): " value
    printf '\n' >&2
  fi
  if [[ -z "${value}" && "${fallback}" == generate ]]; then
    value="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
  fi
  [[ -n "${value}" ]] || die "${variable} is not set: export it (it is never read from the command line)"
  printf -v "${target}" '%s' "${value}"
}

resolve_settings() {
  NAMESPACE="${NAMESPACE:-${C360_NAMESPACE:-$(ask "Namespace" c360)}}"
  CONTEXT="${CONTEXT:-${KUBE_CONTEXT:-}}"
  S3_URL="${S3_URL:-${S3_ENDPOINT:-}}"
  if [[ -z "${S3_URL}" ]] && interactive; then
    S3_URL="$(ask "S3 endpoint (https://host:port)" "")"
  fi
  [[ -n "${S3_URL}" ]] || die "the S3 endpoint is not set: --s3-endpoint https://host[:port] or S3_ENDPOINT"
  CA_CERT="${CA_CERT:-${S3_CA_CERT:-}}"
  BRONZE="${BRONZE:-${BRONZE_BUCKET:-$(ask "Bronze bucket" c360-bronze)}}"
  WAREHOUSE="${WAREHOUSE:-${WAREHOUSE_BUCKET:-$(ask "Warehouse bucket" c360-warehouse)}}"
  ARTIFACTS="${ARTIFACTS:-${ARTIFACTS_BUCKET:-$(ask "Artifacts bucket" c360-artifacts)}}"
  TARGET_BYTES="${TARGET_BYTES:-${C360_TARGET_BYTES:-1TB}}"
  TIMEOUT="${TIMEOUT:-${C360_WAIT_TIMEOUT:-900}}"
  if [[ -n "${CONTEXT}" ]]; then
    KUBECTL=(kubectl --context "${CONTEXT}")
  fi
  validate_settings
}

validate_settings() {
  [[ "${NAMESPACE}" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] \
    || die "namespace '${NAMESPACE}' is not a DNS label (lower case, digits, '-')"
  local bucket
  for bucket in "${BRONZE}" "${WAREHOUSE}" "${ARTIFACTS}"; do
    [[ "${bucket}" =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] \
      || die "bucket name '${bucket}' is not valid (3-63 of a-z, 0-9, '.', '-')"
  done
  [[ "${S3_URL}" =~ ^https://([A-Za-z0-9.-]+)(:([0-9]{1,5}))?/?$ ]] \
    || die "S3 endpoint '${S3_URL}' must be https://host[:port]: Trino 469+ refuses S3 without TLS"
  S3_HOST="${BASH_REMATCH[1]}"
  S3_PORT="${BASH_REMATCH[3]:-443}"
  if [[ -n "${CA_CERT}" ]]; then
    [[ -r "${CA_CERT}" ]] || die "S3 CA certificate '${CA_CERT}' is not a readable file"
    grep -q 'BEGIN CERTIFICATE' "${CA_CERT}" || die "'${CA_CERT}' holds no PEM certificate"
    command -v openssl >/dev/null 2>&1 \
      || die "openssl not found on the PATH: a private S3 CA (--s3-ca-cert) needs it to build the c360-s3-ca Secret"
    openssl x509 -noout -in "${CA_CERT}" 2>/dev/null \
      || die "'${CA_CERT}' is not a PEM certificate openssl can read: pass the CA's certificate (BEGIN CERTIFICATE), not a key or a bundle in another format"
  fi
  [[ "${TARGET_BYTES}" =~ ^[1-9][0-9]*(KB|MB|GB|TB|k|m|g|t)?$ ]] \
    || die "target bytes '${TARGET_BYTES}' must be a size such as 500GB or 1TB"
  [[ "${TIMEOUT}" =~ ^[1-9][0-9]*$ ]] || die "timeout '${TIMEOUT}' must be a number of seconds"
}

# --- preflight -------------------------------------------------------------------------------

preflight() {
  command -v kubectl >/dev/null 2>&1 \
    || die "kubectl not found on the PATH: install it and point it at the SDP 26.3 cluster"
  local context
  context="${CONTEXT:-$("${KUBECTL[@]}" config current-context 2>/dev/null || true)}"
  [[ -n "${context}" ]] || die "no kubectl context: set one (kubectl config use-context NAME) or pass --context"
  log "kubectl context: ${context}"
  "${KUBECTL[@]}" get --raw=/version --request-timeout=15s >/dev/null \
    || die "cannot reach the cluster of context '${context}': check the context and your network"

  if "${KUBECTL[@]}" get namespace "${NAMESPACE}" -o name >/dev/null 2>&1; then
    log "namespace ${NAMESPACE} exists: its objects will be updated"
  else
    log "namespace ${NAMESPACE} will be created"
  fi

  local crd missing=()
  for crd in "${REQUIRED_CRDS[@]}"; do
    "${KUBECTL[@]}" get crd "${crd}" -o name >/dev/null 2>&1 || missing+=("${crd}")
  done
  if ((${#missing[@]} > 0)); then
    printf 'deploy.sh: Stackable CRDs missing from the cluster:\n' >&2
    printf '  %s\n' "${missing[@]}" >&2
    die "install the SDP 26.3 operators first (commons, secret, listener, hive, trino, spark-k8s), e.g. stackablectl release install 26.3; see docs/DEPLOYMENT.md"
  fi
  log "Stackable CRDs present"

  local default_class
  default_class="$("${KUBECTL[@]}" get storageclass -o jsonpath='{range .items[?(@.metadata.annotations.storageclass\.kubernetes\.io/is-default-class=="true")]}{.metadata.name}{"\n"}{end}' 2>/dev/null || true)"
  [[ -n "${default_class}" ]] \
    || die "no default StorageClass: PostgreSQL's volume claim needs one (kubectl get storageclass)"
  log "default StorageClass: ${default_class%%$'\n'*}"

  check_s3
}

# Any HTTP answer proves the endpoint reachable and its certificate trusted; the status does not
# matter (anonymous requests get 403).
check_s3() {
  command -v curl >/dev/null 2>&1 || { warn "curl not found: S3 reachability not checked"; return 0; }
  local -a curl_command=(curl --silent --show-error --output /dev/null --max-time 15 --write-out '%{http_code}')
  if [[ -n "${CA_CERT}" ]]; then
    curl_command+=(--cacert "${CA_CERT}")
  fi
  local status
  if ! status="$("${curl_command[@]}" "https://${S3_HOST}:${S3_PORT}/")"; then
    die "S3 endpoint https://${S3_HOST}:${S3_PORT} is not reachable from here or its certificate is not trusted (pass its CA with --s3-ca-cert); the cluster must reach it too"
  fi
  log "S3 endpoint https://${S3_HOST}:${S3_PORT} answers (HTTP ${status})"
}

# --- rendering -------------------------------------------------------------------------------

# A kustomize overlay over k8s/ with the user's namespace, endpoint and buckets.
render() {
  local overlay="${WORK_DIR}/overlay" base
  mkdir -p "${overlay}"
  base="$(realpath --relative-to="${overlay}" "$(repo_root)/k8s")"
  {
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'
    printf 'namespace: %s\n' "${NAMESPACE}"
    printf 'resources:\n  - %s\n' "${base}"
    printf 'patches:\n'
    printf '  - target: {kind: S3Connection, name: c360-s3}\n    patch: |-\n'
    printf '      - {op: replace, path: /spec/host, value: "%s"}\n' "${S3_HOST}"
    printf '      - {op: replace, path: /spec/port, value: %s}\n' "${S3_PORT}"
    if [[ -z "${CA_CERT}" ]]; then
      printf '      - {op: replace, path: /spec/tls/verification/server/caCert, value: {webPki: {}}}\n'
    fi
    bucket_patch c360-bronze "${BRONZE}"
    bucket_patch c360-warehouse "${WAREHOUSE}"
    bucket_patch c360-artifacts "${ARTIFACTS}"
    printf '  - target: {kind: HiveCluster, name: c360-hive}\n    patch: |-\n'
    printf '      - {op: replace, path: /spec/metastore/config/warehouseDir, value: "s3a://%s/warehouse"}\n' "${WAREHOUSE}"
  } >"${overlay}/kustomization.yaml"
  "${KUBECTL[@]}" kustomize "${overlay}" >"${WORK_DIR}/rendered.yaml" \
    || die "kubectl kustomize failed on ${overlay}/kustomization.yaml"
}

bucket_patch() {
  printf '  - target: {kind: S3Bucket, name: %s}\n    patch: |-\n' "$1"
  printf '      - {op: replace, path: /spec/bucketName, value: "%s"}\n' "$2"
}

# --- secrets ---------------------------------------------------------------------------------

# Applies a Secret from files (key=file ...), labelled for rollback and, when $2 is set, for the
# secret-operator's k8sSearch. The values travel base64-encoded on stdin, never in argv.
apply_secret() {
  local name="$1" secret_class="$2"
  shift 2
  local pair key file
  {
    printf 'apiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata:\n  name: %s\n' "${name}"
    printf '  labels:\n    app.kubernetes.io/part-of: c360-lakehouse\n'
    if [[ -n "${secret_class}" ]]; then
      printf '    secrets.stackable.tech/class: %s\n' "${secret_class}"
    fi
    printf 'data:\n'
    for pair in "$@"; do
      key="${pair%%=*}"
      file="${pair#*=}"
      printf '  %s: %s\n' "${key}" "$(base64 -w0 <"${file}")"
    done
  } | "${KUBECTL[@]}" apply --namespace "${NAMESPACE}" -f - >/dev/null
  log "Secret ${name} applied"
}

write_secret_file() {
  (umask 077 && printf '%s' "$2" >"${WORK_DIR}/$1")
  printf '%s\n' "${WORK_DIR}/$1"
}

collect_credentials() {
  read_secret ACCESS_KEY S3_ACCESS_KEY ""
  read_secret SECRET_KEY S3_SECRET_KEY ""
  read_secret DB_PASSWORD HIVE_DB_PASSWORD generate
  read_secret TRINO_PASSWORD TRINO_ADMIN_PASSWORD generate
}

# The Secret behind the SecretClass c360-s3-ca, in the shape of the upstream guide "S3 access with
# TLS" (spark-k8s-operator docs/modules/spark-k8s/pages/usage-guide/s3.adoc): ca.crt, tls.crt and
# tls.key. The Spark operator mounts the class in PKCS#12 form (crd/mod.rs: SecretFormat::TlsPkcs12);
# the secret-operator reads a k8sSearch Secret with ca.crt as PEM and then requires tls.crt and
# tls.key too (format/well_known.rs, from_files), and converts them into a keystore whose key must
# fit its certificate (format/convert.rs). Spark only imports the truststore (crd/tlscerts.rs), so
# the pair is a throwaway self-signed one that signs nothing; the key lives only in WORK_DIR.
create_ca_secret() {
  local key="${WORK_DIR}/s3-ca-tls.key" cert="${WORK_DIR}/s3-ca-tls.crt"
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=c360-s3-ca-placeholder" \
    -keyout "${key}" -out "${cert}" >/dev/null 2>&1) \
    || die "openssl could not generate the placeholder key pair of the c360-s3-ca Secret"
  apply_secret c360-s3-ca c360-s3-ca "ca.crt=${CA_CERT}" "tls.crt=${cert}" "tls.key=${key}"
  rm -f -- "${key}" "${cert}"
}

create_secrets() {
  apply_secret c360-s3-credentials c360-s3-credentials \
    "accessKey=$(write_secret_file access "${ACCESS_KEY}")" \
    "secretKey=$(write_secret_file secret "${SECRET_KEY}")"
  if [[ -n "${CA_CERT}" ]]; then
    create_ca_secret
  fi
  apply_secret c360-hive-db-credentials "" \
    "username=$(write_secret_file db-user hive)" \
    "password=$(write_secret_file db-password "${DB_PASSWORD}")"
  apply_secret c360-trino-users "" "admin=$(write_secret_file trino "${TRINO_PASSWORD}")"
  rm -f -- "${WORK_DIR}/access" "${WORK_DIR}/secret" "${WORK_DIR}/db-password" "${WORK_DIR}/trino"
}

# The non-secret settings the k8s target (scripts/c360/targets/k8s.py) reads back (buckets, scale, metastore URI).
record_settings() {
  local metastore_uri="${1:-}"
  local -a literals=(
    "--from-literal=bronzeBucket=${BRONZE}"
    "--from-literal=warehouseBucket=${WAREHOUSE}"
    "--from-literal=artifactsBucket=${ARTIFACTS}"
    "--from-literal=targetBytes=${TARGET_BYTES}"
    "--from-literal=s3Endpoint=https://${S3_HOST}:${S3_PORT}"
  )
  if [[ -n "${metastore_uri}" ]]; then
    literals+=("--from-literal=metastoreUri=${metastore_uri}")
  fi
  "${KUBECTL[@]}" create configmap c360-deployment --namespace "${NAMESPACE}" "${literals[@]}" \
    --dry-run=client -o yaml \
    | "${KUBECTL[@]}" label --local -f - "${PART_OF_LABEL}" -o yaml \
    | "${KUBECTL[@]}" apply --namespace "${NAMESPACE}" -f - >/dev/null
}

# --- jars ------------------------------------------------------------------------------------

upload_jars() {
  local root jar module tool=""
  root="$(repo_root)"
  local -a jars=()
  for module in "${JOB_MODULES[@]}"; do
    jar="${root}/${module}/target/${module}-${VERSION}.jar"
    if [[ -n "${JARS_DIR:-${C360_JARS_DIR:-}}" ]]; then
      jar="${JARS_DIR:-${C360_JARS_DIR}}/${module}-${VERSION}.jar"
    fi
    if [[ -f "${jar}" ]]; then
      jars+=("${jar}")
    else
      warn "${module}: no ${jar#"${root}"/} (build it: mvn -B package -DskipTests); its stage cannot run"
    fi
  done
  ((${#jars[@]} > 0)) || die "no job jar to upload: run mvn -B package -DskipTests first"
  if command -v aws >/dev/null 2>&1; then
    tool=aws
  elif command -v mc >/dev/null 2>&1; then
    tool=mc
  else
    die "neither the AWS CLI (aws) nor MinIO's mc is installed: install one, or upload ${jars[*]} to s3://${ARTIFACTS}/jars/ yourself and rerun with --skip-upload"
  fi
  for jar in "${jars[@]}"; do
    log "uploading $(basename "${jar}") to s3://${ARTIFACTS}/jars/ with ${tool}"
    if [[ "${tool}" == aws ]]; then
      # Credentials only in the child's environment, never in argv.
      AWS_ACCESS_KEY_ID="${ACCESS_KEY}" AWS_SECRET_ACCESS_KEY="${SECRET_KEY}" \
        AWS_CA_BUNDLE="${CA_CERT:-${AWS_CA_BUNDLE:-}}" \
        aws s3 cp --only-show-errors --endpoint-url "https://${S3_HOST}:${S3_PORT}" \
        "${jar}" "s3://${ARTIFACTS}/jars/$(basename "${jar}")" \
        || die "upload failed: check the credentials and that bucket ${ARTIFACTS} exists"
    else
      MC_HOST_c360="https://${ACCESS_KEY}:${SECRET_KEY}@${S3_HOST}:${S3_PORT}" \
        mc cp --quiet "${jar}" "c360/${ARTIFACTS}/jars/$(basename "${jar}")" >/dev/null \
        || die "upload failed: check the credentials, that bucket ${ARTIFACTS} exists and that mc trusts the CA (~/.mc/certs/CAs)"
    fi
  done
}

# --- bucket folders --------------------------------------------------------------------------

# The deployed name of a bucket the manifests call by its default name (k8s/s3/s3-buckets.yaml).
deployed_bucket() {
  case "$1" in
    c360-bronze) printf '%s\n' "${BRONZE}" ;;
    c360-warehouse) printf '%s\n' "${WAREHOUSE}" ;;
    c360-artifacts) printf '%s\n' "${ARTIFACTS}" ;;
    *) printf '%s\n' "$1" ;;
  esac
}

# Creates the folders the jobs need before they start: the event-log folder of every
# SparkApplication's logFileDirectory (s3a://<artifacts>/spark-logs/), which Spark requires to
# exist and S3A sees only when an object is under it (docs/DEPLOYMENT.md, "Event logs"). The list
# comes from the manifests (scripts/c360/targets/bucket_folders.py), the same one
# scripts/local-stack.sh creates on the stack. A folder is a directory marker: an empty object
# whose key ends in "/". Creating it again is harmless.
prepare_bucket_folders() {
  local root folders bucket prefix tool=curl
  root="$(repo_root)"
  command -v python3 >/dev/null 2>&1 || die "python3 not found: it reads the bucket folders from k8s/spark"
  folders="$(PYTHONPATH="${root}/scripts" python3 -m c360.targets.bucket_folders)" \
    || die "could not read the bucket folders from k8s/spark (see the message above)"
  if command -v aws >/dev/null 2>&1; then
    tool=aws
  elif command -v mc >/dev/null 2>&1; then
    tool=mc
  fi
  local curl_config=""
  if [[ "${tool}" == curl ]]; then
    curl_config="$(write_secret_file curl-s3.conf "user = \"${ACCESS_KEY}:${SECRET_KEY}\"")"
  fi
  while read -r bucket prefix; do
    [[ -n "${bucket}" ]] || continue
    bucket="$(deployed_bucket "${bucket}")"
    log "creating the folder s3://${bucket}/${prefix} with ${tool}"
    case "${tool}" in
      aws)
        AWS_ACCESS_KEY_ID="${ACCESS_KEY}" AWS_SECRET_ACCESS_KEY="${SECRET_KEY}" \
          AWS_CA_BUNDLE="${CA_CERT:-${AWS_CA_BUNDLE:-}}" \
          aws s3api put-object --endpoint-url "https://${S3_HOST}:${S3_PORT}" \
          --bucket "${bucket}" --key "${prefix}" >/dev/null
        ;;
      mc)
        MC_HOST_c360="https://${ACCESS_KEY}:${SECRET_KEY}@${S3_HOST}:${S3_PORT}" \
          mc pipe --quiet "c360/${bucket}/${prefix}" </dev/null >/dev/null
        ;;
      *)
        # SigV4 with the S3Connection's default region (us-east-1); keys from a mode-600 file.
        local -a curl_command=(curl --silent --show-error --fail --max-time 30 --config "${curl_config}"
          --aws-sigv4 "aws:amz:us-east-1:s3" --header "x-amz-content-sha256: UNSIGNED-PAYLOAD"
          --request PUT --data-binary '')
        if [[ -n "${CA_CERT}" ]]; then
          curl_command+=(--cacert "${CA_CERT}")
        fi
        "${curl_command[@]}" "https://${S3_HOST}:${S3_PORT}/${bucket}/${prefix}" >/dev/null
        ;;
    esac || die "could not create s3://${bucket}/${prefix}: check the credentials and that bucket ${bucket} exists; every Spark job fails at start without it"
  done <<<"${folders}"
  if [[ -n "${curl_config}" ]]; then
    rm -f -- "${curl_config}"
  fi
}

# --- apply and wait --------------------------------------------------------------------------

apply_component() {
  local component="$1"
  log "applying ${component}"
  "${KUBECTL[@]}" apply --namespace "${NAMESPACE}" -f "${WORK_DIR}/rendered.yaml" \
    --selector "app.kubernetes.io/component=${component}" \
    || die "kubectl apply failed for ${component}"
}

# Waits for $1 (kind/name) with `kubectl $2...`; prints diagnostics and hints on failure.
wait_for() {
  local object="$1" hint="$2"
  shift 2
  log "waiting for ${object} (at most ${TIMEOUT}s)"
  if "${KUBECTL[@]}" "$@" --namespace "${NAMESPACE}" --timeout "${TIMEOUT}s"; then
    log "${object} is ready"
    return 0
  fi
  diagnose "${object}"
  die "${object} did not become ready within ${TIMEOUT}s. ${hint}"
}

diagnose() {
  local object="$1" instance pod
  instance="${object#*/}"
  printf '\n--- diagnostics for %s ---\n' "${object}" >&2
  "${KUBECTL[@]}" describe "${object}" --namespace "${NAMESPACE}" >&2 || true
  printf '\n--- recent events in %s ---\n' "${NAMESPACE}" >&2
  "${KUBECTL[@]}" get events --namespace "${NAMESPACE}" --sort-by=.lastTimestamp 2>&1 | tail -n 25 >&2 || true
  for pod in $("${KUBECTL[@]}" get pods --namespace "${NAMESPACE}" \
    --selector "app.kubernetes.io/instance=${instance}" -o name 2>/dev/null || true); do
    printf '\n--- last log lines of %s ---\n' "${pod}" >&2
    "${KUBECTL[@]}" logs "${pod}" --namespace "${NAMESPACE}" --all-containers --tail 40 >&2 || true
  done
  printf '\n' >&2
}

deploy() {
  apply_component namespace
  create_secrets
  record_settings
  apply_component s3
  apply_component postgres
  wait_for statefulset/c360-postgres \
    "Check the PersistentVolumeClaim binds (kubectl get pvc) and the image pulls (docker.io/library/postgres)." \
    rollout status statefulset/c360-postgres
  apply_component hive
  wait_for hivecluster/c360-hive \
    "Metastore logs above: a database error means PostgreSQL or the c360-hive-db-credentials Secret; an S3 error means the endpoint, CA or credentials." \
    wait hivecluster/c360-hive --for=condition=Available
  local metastore_uri
  metastore_uri="$("${KUBECTL[@]}" get configmap c360-hive --namespace "${NAMESPACE}" -o 'jsonpath={.data.HIVE}' 2>/dev/null || true)"
  record_settings "${metastore_uri}"
  apply_component trino
  wait_for trinocluster/c360-trino \
    "Trino needs the S3Connection with TLS and the Hive discovery ConfigMap c360-hive; pods pending mean too little CPU or memory for the resources in k8s/trino/trino-cluster.yaml." \
    wait trinocluster/c360-trino --for=condition=Available
  apply_component spark
}

summary() {
  cat <<EOF

The lakehouse services are running in namespace ${NAMESPACE}.
  Run the pipeline:   scripts/run_pipeline.py --stage full --target k8s --namespace ${NAMESPACE}
  Table maintenance:  scripts/run_pipeline.py --stage maintenance --target k8s --namespace ${NAMESPACE}
  Query with Trino:   kubectl port-forward --namespace ${NAMESPACE} svc/c360-trino-coordinator 8443
                      trino --server https://localhost:8443 --insecure --user admin --password
  Trino's admin password is in the Secret c360-trino-users (key admin).
  Tear down:          scripts/rollback.sh --namespace ${NAMESPACE}
EOF
}

main() {
  parse_args "$@"
  resolve_settings
  WORK_DIR="$(mktemp -d)"
  trap cleanup EXIT
  preflight
  render
  if [[ "${DRY_RUN}" == true ]]; then
    cat "${WORK_DIR}/rendered.yaml"
    log "dry run: nothing was changed (the Secrets ${CREATED_OBJECTS[*]} would be created)"
    return 0
  fi
  collect_credentials
  if interactive; then
    local answer
    read -r -p "Deploy to namespace ${NAMESPACE} with S3 https://${S3_HOST}:${S3_PORT}? [y/N] " answer
    [[ "${answer}" =~ ^[Yy] ]] || die "cancelled"
  fi
  if [[ "${SKIP_UPLOAD}" == false ]]; then
    upload_jars
  fi
  prepare_bucket_folders
  deploy
  summary
}

main "$@"
