"""Watching one attempt of a stage until it ends: the application's phase, its submit Job and its
pods (what the operator reports and what it does not: c360.targets.k8s_status), with the driver
log followed into a file while the driver pod lives."""

from __future__ import annotations

import dataclasses
import datetime
import time
from pathlib import Path
from typing import Callable, TextIO

from c360.targets.k8s_status import (
    TERMINAL_PHASES,
    container_blocker,
    job_failure,
    pod_blocker,
    pod_name,
)
from c360.targets.kubectl import SUBMIT_CONTAINER, Kubectl, LogFollower

# How many lines of a log the runner prints on a failure (the whole driver log is in its file).
TAIL_LINES = 40
# Pod phases in which the driver container has started, so that its log can be followed.
STARTED_POD_PHASES = ("Running", "Succeeded", "Failed")


@dataclasses.dataclass
class Clock:
    """Time and waiting, replaceable in tests."""

    now: Callable[[], datetime.datetime] = lambda: datetime.datetime.now(datetime.timezone.utc)
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclasses.dataclass
class Attempt:
    """How one attempt ended. ``phase``: Succeeded or Failed (the driver's, from the operator),
    SubmitFailed (the submit Job failed without a driver pod), Blocked (a pod could not start for
    longer than the grace time) or Timeout. ``evidence``: the messages and log lines that show
    why; ``driver_log``: the file the driver's log was kept in, when it was followed."""

    phase: str
    detail: str = ""
    evidence: list[str] = dataclasses.field(default_factory=list)
    driver_log: Path | None = None
    driver_tail: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Watch:
    """Polls one application every ``poll_s`` seconds until it ends; the log files go to
    ``log_dir/<application>/``."""

    kubectl: Kubectl
    name: str
    timeout_s: int
    poll_s: float
    stuck_s: float
    clock: Clock
    out: TextIO
    log_dir: Path
    follower: LogFollower | None = None
    blocked_since: float | None = None

    def run(self) -> Attempt:
        deadline = self.clock.monotonic() + self.timeout_s
        last_shown = None
        try:
            while True:
                phase = self.kubectl.phase(self.name)
                shown = phase or "no status yet"
                if shown != last_shown:
                    self.out.write(f"==> {self.name}: {shown}\n")
                    self.out.flush()
                    last_shown = shown
                if phase in TERMINAL_PHASES:
                    return self.ended(phase)
                # Without a status the operator has not created the submit Job yet.
                ended = self.look() if phase else None
                if ended is not None:
                    return ended
                if self.clock.monotonic() >= deadline:
                    return self.ended("Timeout", f"no result within {self.timeout_s}s")
                self.clock.sleep(self.poll_s)
        finally:
            if self.follower is not None:
                self.follower.stop(grace_s=0)

    def look(self) -> Attempt | None:
        """One look at the driver pod, or without one at the submit Job and its pods; an ended
        attempt when the submit failed or a pod has been blocked too long."""
        driver = self.kubectl.driver_pod(self.name)
        if driver is not None:
            phase = driver.get("status", {}).get("phase")
            if self.follower is None and phase in STARTED_POD_PHASES:
                self.follow(pod_name(driver))
            blocker = None
            if phase in (None, "Pending"):
                blocker = pod_blocker(driver, self.kubectl.pod_events(pod_name(driver)))
            return self.check_blocked(blocker, pod_name(driver))
        failure = job_failure(self.kubectl.submit_job(self.name))
        if failure is not None:
            return self.submit_failed(failure)
        for pod in self.kubectl.submit_pods(self.name):
            blocker = pod_blocker(pod, self.kubectl.pod_events(pod_name(pod)))
            if blocker is not None:
                return self.check_blocked(blocker, pod_name(pod))
        return self.check_blocked(None, "")

    def check_blocked(self, blocker: str | None, pod: str) -> Attempt | None:
        if blocker is None:
            self.blocked_since = None
            return None
        now = self.clock.monotonic()
        if self.blocked_since is None:
            self.blocked_since = now
            self.out.write(f"==> {pod} cannot start yet: {blocker}\n")
            self.out.flush()
        if now - self.blocked_since < self.stuck_s:
            return None
        evidence = [f"{pod}: {blocker}"] + self.events_of(pod)
        return self.ended("Blocked", f"{pod} could not start for {self.stuck_s:.0f}s: {blocker}", evidence)

    def submit_failed(self, failure: str) -> Attempt:
        """The submit Job failed and no driver pod exists: spark-submit itself failed (or the
        driver it created was removed again). Keeps the submit pod's log, which the Job's
        ttlSecondsAfterFinished (600 s) would delete."""
        evidence = [f"job/{self.name}: {failure}"]
        kept = []
        for pod in self.kubectl.submit_pods(self.name):
            name = pod_name(pod)
            blocker = container_blocker(pod) or terminated(pod)
            if blocker:
                evidence.append(f"{name}: {blocker}")
            evidence += self.events_of(name)
            log = self.kubectl.logs(name, SUBMIT_CONTAINER, TAIL_LINES)
            if log.strip():
                kept.append(f"--- {name}\n{log}")
                evidence.append(f"last lines of {name}:\n{log.rstrip()}")
        if kept:
            path = self.log_dir / self.name / "submit.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(kept), encoding="utf-8")
            evidence.append(f"(kept in {path})")
        return self.ended("SubmitFailed", f"the submit Job failed ({failure})", evidence)

    def events_of(self, pod: str) -> list[str]:
        return [
            f"event {event.get('type', '')} {event.get('reason', '')}: {event.get('message', '').strip()}"
            for event in self.kubectl.pod_events(pod)[-5:]
        ]

    def follow(self, pod: str) -> None:
        path = self.log_dir / self.name / "driver.log"
        self.out.write(f"==> following {pod} (kept in {path})\n")
        self.out.flush()
        self.follower = LogFollower(
            self.kubectl.follow_command(pod), self.out, "    | ", path, TAIL_LINES
        )

    def ended(self, phase: str, detail: str = "", evidence: list[str] | None = None) -> Attempt:
        attempt = Attempt(phase, detail, evidence or [])
        if self.follower is not None:
            # On Succeeded or Failed the container has ended: its log stream ends by itself.
            self.follower.stop(grace_s=5.0 if phase in TERMINAL_PHASES else 0)
            attempt.driver_log = self.follower.path
            attempt.driver_tail = self.follower.tail()
            self.follower = None
        return attempt


def terminated(pod: dict) -> str | None:
    """``container <name> terminated: <reason> (exit code N)`` of a failed container, or None."""
    for container in pod.get("status", {}).get("containerStatuses", None) or ():
        state = (container.get("state") or {}).get("terminated") or {}
        if state and state.get("exitCode", 0) != 0:
            reason = state.get("reason") or "Error"
            name = container.get("name", "?")
            return f"container {name} terminated: {reason} (exit code {state.get('exitCode')})"
    return None
