"""What the objects of one SparkApplication say about how it is going (pure functions over the
JSON that kubectl returns): whether its submit Job failed, whether one of its pods cannot start,
and the hints a failure's messages call for.

How Stackable's spark-k8s-operator 26.3 reports an application (checked in its source):
- ``rust/operator-binary/src/spark_k8s_controller.rs`` (``reconcile``) creates the submit Job,
  named as the application, with ``backoffLimit`` = ``job.config.retryOnFailureCount`` (default
  0) and ``ttlSecondsAfterFinished`` 600, then sets ``status.phase`` to ``Unknown``. That is the
  last status this controller writes: there is no ``Submitted`` phase, and a submit that fails
  leaves the phase at ``Unknown`` for good.
- ``rust/operator-binary/src/pod_driver_controller.rs`` watches the pods labelled
  ``spark-role=driver`` and copies the driver pod's ``status.phase`` (Pending, Running,
  Succeeded, Failed, Unknown) into the application's; when it is Succeeded or Failed it deletes
  the driver pod, so its log is gone once the application has ended.
So the runner looks at the submit Job (its ``Failed`` condition) and at the pods themselves.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

# Phases the operator copies from the driver pod that end an application.
TERMINAL_PHASES = ("Succeeded", "Failed")
# Container waiting reasons (kubelet) of a pod that cannot start on its own. Some clear up by
# themselves (an image pull that fails once), so the runner fails only when one lasts.
BLOCKING_WAIT_REASONS = (
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "ErrImageNeverPull",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
    "CrashLoopBackOff",
)
# Warning events of a pod whose volumes cannot be set up (a secret-operator volume whose
# SecretClass finds no usable Secret stays in ContainerCreating with FailedMount).
BLOCKING_EVENT_REASONS = ("FailedMount", "FailedAttachVolume")


def job_failure(job: Mapping | None) -> str | None:
    """``reason: message`` of the Job's ``Failed`` condition, or None while it has not failed."""
    if not job:
        return None
    for condition in job.get("status", {}).get("conditions", None) or ():
        if condition.get("type") == "Failed" and condition.get("status") == "True":
            reason = condition.get("reason") or "Failed"
            message = condition.get("message") or ""
            return f"{reason}: {message}".rstrip(": ")
    return None


def pod_name(pod: Mapping) -> str:
    return "pod/" + str(pod.get("metadata", {}).get("name", "?"))


def container_blocker(pod: Mapping) -> str | None:
    """Why a container of ``pod`` cannot start (a blocking waiting reason), or None."""
    status = pod.get("status", {})
    for key in ("initContainerStatuses", "containerStatuses"):
        for container in status.get(key, None) or ():
            waiting = (container.get("state") or {}).get("waiting") or {}
            reason = waiting.get("reason")
            if reason in BLOCKING_WAIT_REASONS:
                message = waiting.get("message") or ""
                suffix = f": {message}" if message else ""
                return f"container {container.get('name', '?')}: {reason}{suffix}"
    return None


def event_blocker(events: Iterable[Mapping]) -> str | None:
    """The latest blocking warning among a pod's events (``reason: message``), or None."""
    found = None
    for event in events:
        if event.get("type") == "Warning" and event.get("reason") in BLOCKING_EVENT_REASONS:
            found = f"{event['reason']}: {event.get('message', '').strip()}"
    return found


def pod_blocker(pod: Mapping, events: Iterable[Mapping]) -> str | None:
    """Why ``pod`` cannot start, or None. A pod that is already running is never blocked (old
    FailedMount events of a pod that got its volumes in the end do not count)."""
    if pod.get("status", {}).get("phase") not in (None, "Pending"):
        return None
    return container_blocker(pod) or event_blocker(events)


def hints(texts: Sequence[str]) -> list[str]:
    """What to check, from the messages and log lines of a failed or blocked attempt."""
    text = "\n".join(texts)
    lower = text.lower()
    found = []
    if "forbidden" in lower or " 403" in text or "code=403" in lower:
        found.append(
            "The API server refused spark-submit or the driver a request (403 Forbidden): the "
            "ServiceAccount c360-spark lacks a permission. Compare k8s/spark/rbac.yaml with the verb "
            "and resource "
            "in the message above (kubectl auth can-i --as "
            "system:serviceaccount:<namespace>:c360-spark <verb> <resource>), then rerun deploy.sh."
        )
    if "tls.crt" in lower or "tls.key" in lower or "pkcs12" in lower or "pkcs#12" in lower:
        found.append(
            "A TLS SecretClass volume could not be built: the Secret c360-s3-ca must hold ca.crt, "
            "tls.crt and tls.key (docs/DEPLOYMENT.md, Private CA); rerun deploy.sh with S3_CA_CERT."
        )
    elif "failedmount" in lower or "mountvolume" in lower:
        found.append(
            "A volume could not be mounted: kubectl describe the pod; for a secret-operator volume "
            "check that the Secrets deploy.sh creates exist (kubectl get secrets -l "
            "app.kubernetes.io/part-of=c360-lakehouse)."
        )
    if "imagepull" in lower or "errimage" in lower or "invalidimagename" in lower:
        found.append(
            "The image could not be pulled: the nodes must reach oci.stackable.tech (or the "
            "registry in the manifest's sparkImage) and the tag must exist."
        )
    return found
