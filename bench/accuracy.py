"""Measure nanlint against hand-labelled logarithm call sites from real ML packages.

    python bench/accuracy.py [--csv GLOB] [--min-precision P] [--min-recall R]

Reads every label file (``bench/labels/*.csv`` by default), downloads each pinned wheel
with pip into ``bench/.cache/wheels`` (skipped when already there), unpacks it under
``bench/.cache/src/NAME-VERSION/``, runs nanlint (default rules) on every labelled file
through the Python API and matches each labelled site to a finding at the same
(line, column). No finding of a logarithm rule at a site means nanlint predicted ``ok``.

Prints, per rule code and overall, TP/FP/FN with precision and recall, then every
disagreement. Always exits 0 (it is a report) unless ``--min-precision`` /
``--min-recall`` are given and the overall exact-code figure is below them (exit 1).
Only the standard library and nanlint are used.
"""

from __future__ import annotations

import argparse
import csv
import glob
import os
import sys
from collections import defaultdict
from pathlib import Path

from wheels import CACHE, unpacked

from nanlint.api import analyse_file
from nanlint.config import Config
from nanlint.rules import ALL_RULES

BENCH = Path(__file__).resolve().parent
SOURCES = CACHE / "src"
CODES = tuple(sorted(rule.code for rule in ALL_RULES if rule.default))
VERDICTS = (*CODES, "ok")


def read_labels(pattern: str) -> list[dict]:
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f"no label files match {pattern!r}")
    rows = []
    for name in files:
        with open(name, newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                if row["verdict"] not in VERDICTS:
                    sys.exit(f"{name}:{number}: unknown verdict {row['verdict']!r}")
                row["line"], row["column"] = int(row["line"]), int(row["column"])
                row["source"] = f"{os.path.basename(name)}:{number}"
                rows.append(row)
    return rows


def fetch(package: str, version: str) -> Path:
    """The unpacked wheel of package==version (downloaded and unpacked once)."""
    return unpacked(package, version, SOURCES / f"{package}-{version}")


def ratio(num: int, den: int) -> float:
    return num / den if den else float("nan")


def fmt(value: float) -> str:
    return "  n/a" if value != value else f"{value:5.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=str(BENCH / "labels" / "*.csv"),
                        help="glob of label files (default: bench/labels/*.csv)")
    parser.add_argument("--min-precision", type=float, default=None)
    parser.add_argument("--min-recall", type=float, default=None)
    args = parser.parse_args(argv)

    labels = read_labels(args.csv)
    config = Config()  # the default rules (NAN103 is opt-in and stays off)

    # findings per (package, version, path): {(line, column): [codes]}
    predicted: dict[tuple, dict] = {}
    errors = []
    broken = set()  # files with an analysis error
    for key in sorted({(r["package"], r["version"], r["path"]) for r in labels}):
        package, version, path = key
        root = fetch(package, version)
        result = analyse_file(str(root / path), config)
        errors.extend(f"{package}-{version}/{path}: {e.message}" for e in result.errors)
        if result.errors:
            broken.add(key)
        at = defaultdict(list)
        for finding in result.findings:
            if finding.code in CODES:
                at[(finding.line, finding.column)].append(finding.code)
        predicted[key] = at

    counts = {code: {"tp": 0, "fp": 0, "fn": 0} for code in CODES}
    detect = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    disagreements = []
    for row in labels:
        codes = predicted[(row["package"], row["version"], row["path"])].get(
            (row["line"], row["column"]), [])
        label = row["verdict"]
        # two calls can start at one position (x.log().neg().log()): prefer the label's code
        guess = label if label in codes else (codes[0] if codes else "ok")
        if label == guess:
            if label != "ok":
                counts[label]["tp"] += 1
        else:
            if label != "ok":
                counts[label]["fn"] += 1
            if guess != "ok":
                counts[guess]["fp"] += 1
            disagreements.append((row, guess))
        smell, flagged = label != "ok", guess != "ok"
        detect[("tp" if flagged else "fn") if smell else ("fp" if flagged else "tn")] += 1

    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn")}
    by_verdict = defaultdict(int)
    for row in labels:
        by_verdict[row["verdict"]] += 1
    print(f"{len(labels)} labelled sites in {len(predicted)} files "
          f"({', '.join(f'{v} {by_verdict[v]}' for v in VERDICTS)})\n")
    print(f"{'code':<22}{'TP':>5}{'FP':>5}{'FN':>5}  precision  recall")
    rows = [(code, counts[code]) for code in CODES] + [("overall (exact code)", total),
                                                          ("detection (any code)", detect)]
    for name, c in rows:
        precision = ratio(c["tp"], c["tp"] + c["fp"])
        recall = ratio(c["tp"], c["tp"] + c["fn"])
        print(f"{name:<22}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}  "
              f"{fmt(precision):>9}  {fmt(recall):>6}")

    if disagreements:
        print(f"\n{len(disagreements)} disagreements (label -> nanlint):")
        for row, guess in sorted(disagreements, key=lambda d: (d[0]["package"], d[0]["path"],
                                                                d[0]["line"], d[0]["column"])):
            print(f"  {row['package']}-{row['version']}/{row['path']}:{row['line']}:"
                  f"{row['column']}  {row['verdict']} -> {guess}  ({row['reason']})")
    if errors:
        affected = sum(1 for r in labels if (r["package"], r["version"], r["path"]) in broken)
        print(f"\n{len(errors)} analysis errors (labelled sites in these files count as "
              f"predicted ok; {affected} sites affected):")
        for error in errors:
            print(f"  {error}")

    precision = ratio(total["tp"], total["tp"] + total["fp"])
    recall = ratio(total["tp"], total["tp"] + total["fn"])
    failed = []
    if args.min_precision is not None and not precision >= args.min_precision:
        failed.append(f"precision {fmt(precision).strip()} < {args.min_precision}")
    if args.min_recall is not None and not recall >= args.min_recall:
        failed.append(f"recall {fmt(recall).strip()} < {args.min_recall}")
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
