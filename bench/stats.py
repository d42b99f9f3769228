"""Medians, percentiles and the table the benchmarks print."""

from __future__ import annotations

import statistics


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    return statistics.median(values) * 1000, percentile(values, 0.95) * 1000


def table(rows: list[tuple[str, list[float]]], baseline: str) -> str:
    """A table of median and p95 per row, with each row's ratio to the baseline's median."""
    base = statistics.median(dict(rows)[baseline])
    lines = [f"{'measure':<44} {'median ms':>10} {'p95 ms':>9} {'× baseline':>11}", "-" * 77]
    for label, values in rows:
        median, p95 = summary(values)
        lines.append(f"{label:<44} {median:>10.2f} {p95:>9.2f} {statistics.median(values) / base:>11.2f}")
    return "\n".join(lines)
