#!/usr/bin/env bash
# Tears down what scripts/deploy.sh deployed, in reverse order: Spark jobs and RBAC, Trino, the
# Hive Metastore, PostgreSQL, the S3 wiring, the Secrets, then the data (PostgreSQL's volume,
# the lakehouse's prefixes in the buckets) and the namespace. The cluster-scoped SecretClasses
# and AuthenticationClass, which every namespace deployed with deploy.sh shares, stay unless
# --cluster-scoped is given.
#
# Usage: scripts/rollback.sh [options]
#   --namespace NAME   namespace (env C360_NAMESPACE, default c360)
#   --context NAME     kubectl context (env KUBE_CONTEXT, default: the current context)
#   --keep-data        keep PostgreSQL's PersistentVolumeClaim, the namespace and the bucket
#                      contents (bronze/, warehouse/, jars/, spark-logs/): a later deploy.sh
#                      finds the metastore and the tables as they were
#   --timeout SECONDS  wait for each deletion at most this long (env C360_WAIT_TIMEOUT, 300)
#   --cluster-scoped   also delete the cluster-scoped SecretClasses c360-s3-credentials and
#                      c360-s3-ca and the AuthenticationClass c360-trino-users; only when no
#                      other namespace runs the lakehouse (they serve every namespace)
#   -y, --yes          do not ask for confirmation (env C360_ASSUME_YES=1)
#   -h, --help         this help
# Deleting bucket contents needs S3_ACCESS_KEY and S3_SECRET_KEY in the environment and the AWS
# CLI (aws) or MinIO's mc; without them the commands to run are printed instead.
set -euo pipefail

readonly PART_OF="app.kubernetes.io/part-of=c360-lakehouse"
readonly CLUSTER_SCOPED=(secretclass/c360-s3-credentials secretclass/c360-s3-ca authenticationclass/c360-trino-users)
readonly DATA_PREFIXES=(bronzeBucket:bronze/ warehouseBucket:warehouse/ artifactsBucket:jars/ artifactsBucket:spark-logs/)

NAMESPACE=""
CONTEXT=""
KEEP_DATA=false
CLUSTER_SCOPED_TOO=false
ASSUME_YES=false
TIMEOUT=""
KUBECTL=(kubectl)

log() {
  printf '==> %s\n' "$*"
}

warn() {
  printf 'rollback.sh: warning: %s\n' "$*" >&2
}

die() {
  printf 'rollback.sh: %s\n' "$*" >&2
  exit 1
}

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

parse_args() {
  while (($# > 0)); do
    case "$1" in
      --namespace) NAMESPACE="${2:?--namespace needs a value}"; shift ;;
      --context) CONTEXT="${2:?--context needs a value}"; shift ;;
      --keep-data) KEEP_DATA=true ;;
      --cluster-scoped) CLUSTER_SCOPED_TOO=true ;;
      --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift ;;
      -y | --yes) ASSUME_YES=true ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
  done
  NAMESPACE="${NAMESPACE:-${C360_NAMESPACE:-c360}}"
  CONTEXT="${CONTEXT:-${KUBE_CONTEXT:-}}"
  TIMEOUT="${TIMEOUT:-${C360_WAIT_TIMEOUT:-300}}"
  if [[ "${C360_ASSUME_YES:-}" == 1 ]]; then
    ASSUME_YES=true
  fi
  [[ "${NAMESPACE}" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || die "namespace '${NAMESPACE}' is not a DNS label"
  [[ "${TIMEOUT}" =~ ^[1-9][0-9]*$ ]] || die "timeout '${TIMEOUT}' must be a number of seconds"
  if [[ -n "${CONTEXT}" ]]; then
    KUBECTL=(kubectl --context "${CONTEXT}")
  fi
}

confirm() {
  local what="everything the lakehouse deployed in namespace ${NAMESPACE}"
  if [[ "${KEEP_DATA}" == true ]]; then
    what+=", keeping PostgreSQL's volume, the namespace and the bucket contents"
  else
    what+=", PostgreSQL's volume (the metastore), the bucket contents and the namespace"
  fi
  if [[ "${CLUSTER_SCOPED_TOO}" == true ]]; then
    what+=", and the cluster-scoped ${CLUSTER_SCOPED[*]}, which other namespaces may share"
  fi
  printf 'This deletes %s.\n' "${what}"
  if [[ "${ASSUME_YES}" == true ]]; then
    return 0
  fi
  [[ -t 0 ]] || die "not confirmed: rerun with --yes to tear down without a terminal"
  local answer
  read -r -p "Type the namespace name (${NAMESPACE}) to confirm: " answer
  [[ "${answer}" == "${NAMESPACE}" ]] || die "cancelled: nothing was deleted"
}

delete_component() {
  local component="$1" kinds="$2"
  log "deleting ${component}"
  "${KUBECTL[@]}" delete "${kinds}" --namespace "${NAMESPACE}" \
    --selector "${PART_OF},app.kubernetes.io/component=${component}" \
    --ignore-not-found --wait=true --timeout "${TIMEOUT}s" \
    || die "could not delete ${component}: see the error above; rerun when resolved (rollback is idempotent)"
}

# The bucket names deploy.sh recorded (key of ConfigMap c360-deployment), or the default.
recorded() {
  local key="$1" default="$2" value
  value="$("${KUBECTL[@]}" get configmap c360-deployment --namespace "${NAMESPACE}" \
    -o "jsonpath={.data.${key}}" 2>/dev/null || true)"
  printf '%s\n' "${value:-${default}}"
}

delete_bucket_data() {
  local endpoint entry key prefix bucket target tool=""
  endpoint="$(recorded s3Endpoint "")"
  local -a targets=()
  for entry in "${DATA_PREFIXES[@]}"; do
    key="${entry%%:*}"
    prefix="${entry#*:}"
    case "${key}" in
      bronzeBucket) bucket="$(recorded "${key}" c360-bronze)" ;;
      warehouseBucket) bucket="$(recorded "${key}" c360-warehouse)" ;;
      *) bucket="$(recorded "${key}" c360-artifacts)" ;;
    esac
    targets+=("s3://${bucket}/${prefix}")
  done
  if command -v aws >/dev/null 2>&1; then
    tool=aws
  elif command -v mc >/dev/null 2>&1; then
    tool=mc
  fi
  if [[ -z "${tool}" || -z "${endpoint}" || -z "${S3_ACCESS_KEY:-}" || -z "${S3_SECRET_KEY:-}" ]]; then
    warn "bucket contents not deleted (needs aws or mc, S3_ACCESS_KEY, S3_SECRET_KEY and the recorded endpoint); to delete them:"
    local target
    for target in "${targets[@]}"; do
      printf '  aws s3 rm --recursive --endpoint-url %s %s\n' "${endpoint:-https://<s3-endpoint>}" "${target}" >&2
    done
    return 0
  fi
  for target in "${targets[@]}"; do
    log "deleting ${target}"
    if [[ "${tool}" == aws ]]; then
      AWS_ACCESS_KEY_ID="${S3_ACCESS_KEY}" AWS_SECRET_ACCESS_KEY="${S3_SECRET_KEY}" \
        aws s3 rm --recursive --only-show-errors --endpoint-url "${endpoint}" "${target}" \
        || warn "could not delete ${target}"
    else
      MC_HOST_c360="${endpoint/https:\/\//https://${S3_ACCESS_KEY}:${S3_SECRET_KEY}@}" \
        mc rm --recursive --force "c360/${target#s3://}" >/dev/null \
        || warn "could not delete ${target}"
    fi
  done
}

# The SecretClasses (searchNamespace: pod, k8s/s3/secret-classes.yaml) and the AuthenticationClass
# are cluster-scoped: one set serves every namespace the lakehouse was deployed to, and deleting
# it breaks the others. Only with --cluster-scoped.
delete_cluster_scoped() {
  if [[ "${CLUSTER_SCOPED_TOO}" == false ]]; then
    log "kept the cluster-scoped ${CLUSTER_SCOPED[*]} (other namespaces may use them); rerun with --cluster-scoped to delete them once no namespace runs the lakehouse"
    return 0
  fi
  log "deleting the cluster-scoped ${CLUSTER_SCOPED[*]}"
  "${KUBECTL[@]}" delete "${CLUSTER_SCOPED[@]}" --ignore-not-found --wait=true --timeout "${TIMEOUT}s" \
    || die "could not delete ${CLUSTER_SCOPED[*]}"
}

main() {
  parse_args "$@"
  command -v kubectl >/dev/null 2>&1 || die "kubectl not found on the PATH"
  if ! "${KUBECTL[@]}" get namespace "${NAMESPACE}" -o name >/dev/null 2>&1; then
    log "namespace ${NAMESPACE} does not exist: nothing to roll back"
    return 0
  fi
  confirm
  delete_component spark sparkapplications,rolebindings,roles,serviceaccounts
  delete_component trino trinoclusters,trinocatalogs
  delete_component hive hiveclusters
  delete_component postgres statefulsets,services
  if [[ "${KEEP_DATA}" == false ]]; then
    log "deleting PostgreSQL's volume claims"
    "${KUBECTL[@]}" delete persistentvolumeclaims --namespace "${NAMESPACE}" --selector "${PART_OF}" \
      --ignore-not-found --wait=true --timeout "${TIMEOUT}s" || die "could not delete the volume claims"
    delete_bucket_data
  fi
  delete_component s3 s3buckets,s3connections
  delete_cluster_scoped
  log "deleting the Secrets and settings deploy.sh created"
  "${KUBECTL[@]}" delete secrets,configmaps --namespace "${NAMESPACE}" --selector "${PART_OF}" \
    --ignore-not-found --wait=true --timeout "${TIMEOUT}s" || die "could not delete the Secrets"
  if [[ "${KEEP_DATA}" == false ]]; then
    log "deleting namespace ${NAMESPACE}"
    "${KUBECTL[@]}" delete namespace "${NAMESPACE}" --ignore-not-found --wait=true --timeout "${TIMEOUT}s" \
      || die "could not delete namespace ${NAMESPACE}"
  fi
  log "rollback of ${NAMESPACE} complete"
}

main "$@"
