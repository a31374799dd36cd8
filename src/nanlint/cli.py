"""The command line: ``nanlint check``, ``nanlint rule``.

Exit codes, as ruff's: 0 nothing found, 1 findings (or files that could not be read or
parsed), 2 a usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="nanlint",
        description="Find operations that can turn a training run's loss into NaN: "
                    "unmasked log, sqrt, division, inverse trig, and masks applied too late.")
    root.add_argument("--version", action="version", version=f"nanlint {__version__}")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files and folders (default: .)")
    check.add_argument("paths", nargs="*", default=None, metavar="PATH",
                       help="files or folders to check; `-` reads standard input")
    check.add_argument("--format", choices=("text", "concise", "json", "sarif"),
                       default="text", help="output format (default: text)")
    check.add_argument("--select", type=_codes, metavar="CODES",
                       help="comma-separated codes or prefixes to enable, instead of the "
                            "defaults (e.g. NAN001,NAN003 or ALL)")
    check.add_argument("--extend-select", type=_codes, default=[], metavar="CODES",
                       help="codes to enable on top of the selection (e.g. NAN103)")
    check.add_argument("--ignore", type=_codes, default=[], metavar="CODES",
                       help="codes to disable")
    check.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                       help="gitignore-style pattern of paths to skip (repeatable)")
    check.add_argument("--min-confidence", choices=("medium", "high"),
                       help="report only findings at least this sure (default: medium)")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, also apply unsafe fixes")
    check.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and write nothing")
    check.add_argument("--fix-epsilon", metavar="EPS",
                       help="the epsilon fixes insert (default: 1e-10, as the catalog)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")
    check.add_argument("--no-respect-gitignore", action="store_true",
                       help="also check files that .gitignore ignores")
    check.add_argument("--config", type=Path, metavar="FILE",
                       help="a pyproject.toml ([tool.nanlint]) or nanlint.toml to use")
    check.add_argument("--stdin-filename", metavar="NAME",
                       help="the name to report for source read from standard input")
    check.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                       help="processes to analyse with (default: one per core)")
    check.add_argument("--no-cache", action="store_true",
                       help="neither read nor write .nanlint_cache")
    check.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                       help="the most time one file may take; it is then reported and "
                            "skipped (default: 60; 0: no limit)")

    clean = commands.add_parser("clean", help="remove .nanlint_cache")
    clean.add_argument("path", nargs="?", default=".", type=Path,
                       help="the project folder (default: .)")

    rule = commands.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="a rule code (NAN001) or name (log-unmasked)")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rule":
            return _rule(args)
        if args.command == "clean":
            from .runner import clean

            removed = clean(args.path)
            sys.stderr.write("Removed the cache.\n" if removed else "No cache to remove.\n")
            return EXIT_CLEAN
    except KeyboardInterrupt:
        sys.stderr.write("nanlint: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:  # an internal error: say so, exit 2, never half-report
        if _config_error(error):
            sys.stderr.write(f"nanlint: {error}\n")
            return EXIT_ERROR
        import traceback

        traceback.print_exc()
        sys.stderr.write(f"nanlint: internal error: {error!r}\n")
        return EXIT_ERROR
    parser().print_help(sys.stderr)
    return EXIT_ERROR


def _config_error(error: Exception) -> bool:
    from .config import ConfigError

    return isinstance(error, ConfigError)


def _configuration(args: argparse.Namespace):
    from dataclasses import replace

    from .config import find_pyproject, load

    start = Path(args.paths[0]) if args.paths and args.paths[0] != "-" else Path.cwd()
    config = load(args.config if args.config else find_pyproject(start))
    overrides = {}
    if args.select is not None:
        overrides["select"] = tuple(args.select)
    if args.extend_select:
        overrides["extend_select"] = config.extend_select + tuple(args.extend_select)
    if args.ignore:
        overrides["ignore"] = config.ignore + tuple(args.ignore)
    if args.exclude:
        overrides["exclude"] = config.exclude + tuple(args.exclude)
    if args.min_confidence:
        overrides["min_confidence"] = args.min_confidence
    if args.fix_epsilon:
        overrides["fix_epsilon"] = args.fix_epsilon
    if args.no_respect_gitignore:
        overrides["respect_gitignore"] = False
    return replace(config, **overrides).validate()


def _check(args: argparse.Namespace) -> int:
    from .config import ConfigError
    from .discovery import discover
    from .results import Report

    config = _configuration(args)
    paths = args.paths or ["."]
    report = Report()
    units: dict = {}
    if paths == ["-"]:
        from .api import analyse_bytes

        name = args.stdin_filename or "-"
        result = analyse_bytes(name, sys.stdin.buffer.read(), config)
        report.files = 1
        report.findings, report.errors = result.findings, result.errors
        units[name] = result.unit
        return _output(args, report, units)
    files, errors = discover([Path(p) for p in paths], config)
    report.files = len(files)
    report.errors.extend(errors)
    if args.fix or args.diff:
        return _fix(args, config, files, report, units)
    from contextlib import closing

    from .runner import Cache, analyse_files
    from .source import load_unit

    if args.jobs < 0:
        raise ConfigError("--jobs must be 0 (one per core) or more")
    root = config.source.parent if config.source is not None else Path.cwd()
    cache = None if args.no_cache else Cache(root, config)
    # Closed on the way out, Ctrl-C included: the pool stops here, not in a finaliser at
    # interpreter exit, where Python 3.9's executor can hang.
    with closing(analyse_files(files, config, args.jobs, cache, args.timeout)) as results:
        for result in results:
            report.findings.extend(result.findings)
            report.errors.extend(result.errors)
            if result.findings and args.format == "text":
                units[result.path] = result.unit or load_unit(result.path)
    return _output(args, report, units)


def _fix(args, config, files, report, units) -> int:
    from functools import partial

    from .api import analyse_text
    from .files import write_atomic
    from .fixes import fix_file, unified_diff
    from .runner import over_budget, paused_collector, within_budget

    applied = changed = 0
    for path in paused_collector(files):
        result = within_budget(partial(fix_file, path, config, args.unsafe_fixes),
                               args.timeout)
        if result is None:
            report.errors.append(over_budget(path, args.timeout))
            continue
        report.errors.extend(result.errors)
        report.findings.extend(result.remaining)
        if result.remaining:
            fixed_text = result.fixed.decode(result.encoding, errors="replace")
            units[result.path] = analyse_text(result.path, fixed_text, config).unit
        if not result.changed:
            continue
        changed += 1
        applied += result.applied
        if args.diff:
            sys.stdout.write(unified_diff(result))
        else:
            write_atomic(result.path, result.fixed)
    if args.diff:
        noun = "file" if changed == 1 else "files"
        sys.stderr.write(f"Would fix {applied} finding{'s' * (applied != 1)} in "
                         f"{changed} {noun}.\n")
        return EXIT_FINDINGS if changed and not args.exit_zero else EXIT_CLEAN
    code = _output(args, report, units)
    sys.stderr.write(f"Fixed {applied} finding{'s' * (applied != 1)} "
                     f"({len(report.findings)} remaining).\n")
    return code


def _output(args: argparse.Namespace, report, units: dict) -> int:
    from .report import render_json, render_sarif, render_text, source_lines

    if args.format == "json":
        render_json(report, sys.stdout)
    elif args.format == "sarif":
        render_sarif(report, sys.stdout)
    else:
        render_text(report, sys.stdout, source_lines(report, units),
                    fixable_hint=not args.fix, show_source=args.format == "text")
    if any(error.internal for error in report.errors):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if report.findings or report.errors else EXIT_CLEAN


def _rule(args: argparse.Namespace) -> int:
    from .rules import ALL_RULES, BY_CODE, BY_NAME

    if args.all or not args.code:
        if args.format == "markdown":
            from .docs import rules_markdown

            sys.stdout.write(rules_markdown())
        elif args.format == "json":
            import json

            json.dump([{"code": r.code, "name": r.name, "default": r.default,
                        "summary": r.summary()} for r in ALL_RULES], sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            for rule in sorted(ALL_RULES, key=lambda r: r.code):
                default = "" if rule.default else "  (off by default)"
                sys.stdout.write(f"{rule.code}  {rule.name:<24}{rule.summary()}{default}\n")
        return EXIT_CLEAN
    rule = BY_CODE.get(args.code.upper()) or BY_NAME.get(args.code)
    if rule is None:
        sys.stderr.write(f"nanlint: no rule `{args.code}` (see `nanlint rule --all`)\n")
        return EXIT_ERROR
    if args.format == "json":
        import json

        json.dump({"code": rule.code, "name": rule.name, "default": rule.default,
                   "documentation": rule.documentation()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"# {rule.code} {rule.name}\n\n"
                         f"{'On by default.' if rule.default else 'Off by default.'}\n\n"
                         f"{rule.documentation()}\n")
    return EXIT_CLEAN
