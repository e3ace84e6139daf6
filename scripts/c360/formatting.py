"""Numbers and durations as the summaries print them."""

from __future__ import annotations

from typing import Mapping


def as_mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def as_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def format_count(value: object) -> str:
    number = as_number(value)
    if number is None:
        return "?"
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}"


def hours_minutes_seconds(seconds: float) -> tuple[int, int, int]:
    """Whole hours, minutes and seconds of ``seconds``, rounded to the second."""
    hours, rest = divmod(int(round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return hours, minutes, secs


def format_duration(milliseconds: object) -> str:
    """'1.5 s' under a minute, else '2 min 05 s' (the pipeline's summary); '?' for no number."""
    number = as_number(milliseconds)
    if number is None:
        return "?"
    seconds = number / 1000.0
    if seconds < 60:
        return f"{seconds:.1f} s"
    hours, minutes, secs = hours_minutes_seconds(seconds)
    return f"{60 * hours + minutes} min {secs:02d} s"


def format_seconds(seconds: float) -> str:
    """'5s', '2m05s' or '1h02m05s': the compact form of the k8s summary table."""
    hours, minutes, secs = hours_minutes_seconds(seconds)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"
