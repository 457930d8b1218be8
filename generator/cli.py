"""The `swaggen` command: arguments in, diagnostics and exit codes out; the work is elsewhere."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .config import GeneratorConfig, Limits
from .diagnostics import Diagnostic, Level, SpecError, terminal_safe
from .pipeline import (
    Generated,
    compare,
    generate_files,
    package_name_for,
    with_options,
    write_generated,
)
from .targets import (
    UsageError,
    find_specs,
    recorded_options,
    shown,
    stale_packages,
    targets,
    unverifiable_packages,
)
from .writer import UnsafeOutput

DEFAULT_OUTPUT = Path("generated")
ERRORS_PER_KIND = 100
SHOWN_PER_KIND = 8
EXIT_CODES = (
    "exit status: 0 success; 1 a spec was refused or check found a difference; 2 a usage "
    "error (including an output folder that cannot be written); 3 an internal error"
)
SPEC_HELP = "a Swagger 2.0 file (YAML or JSON); default: see above"
OUTPUT_HELP = "the folder that holds the packages (default: %(default)s)"
NO_SPEC = (
    "With no SPEC: every .yaml, .yml and .json file in specs/, plus every package in DIR "
    "whose manifest names a spec that exists (with the --package and opt-in repairs it was "
    "made with)."
)


def _folder(text: str) -> Path:
    """An output folder; an empty one would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the output folder must not be empty")
    return Path(text)


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr (exit 2), not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"swaggen: error: {terminal_safe(message, 400)} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="swaggen",
        description="Generate typed, tested, vendorable Python clients from Swagger 2.0 specs.",
        epilog=EXIT_CODES,
    )
    top.add_argument("--version", action="version", version=f"swaggen {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    commands = top.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--strict", action="store_true", help="treat every warning as an error")
        sub.add_argument(
            "--max-spec-bytes",
            type=int,
            default=Limits().max_bytes,
            metavar="N",
            help="refuse spec files larger than this (default: %(default)s)",
        )
        sub.add_argument(
            "--no-validate",
            action="store_true",
            help="skip openapi-spec-validator (swaggen's own checks still run)",
        )
        sub.add_argument(
            "--repair-path-templates",
            action="store_true",
            help="declare a path template variable no parameter declares as a required "
            "string, and ignore path parameters the template lacks (off: an error)",
        )
        sub.add_argument(
            "--allow-duplicate-keys",
            action="store_true",
            help="accept a YAML or JSON key given twice in one mapping, keeping the last "
            "(off: an error, since a reviewer reads the first)",
        )
        sub.add_argument(
            "--rename-duplicate-ids",
            action="store_true",
            help="give repeated operationIds suffixes in spec order (off: an error)",
        )
        sub.add_argument(
            "--merge-body-parameters",
            action="store_true",
            help="send an operation's several body parameters as the fields of one JSON "
            "object (off: an error)",
        )
        sub.add_argument(
            "--ignore-invalid-discriminators",
            action="store_true",
            help="generate a model whose discriminator is empty or names no property "
            "without one: decoding it picks no subclass (off: an error)",
        )
        sub.add_argument("--verbose", action="store_true", help="list every diagnostic")
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks on failure",
        )

    generate = commands.add_parser(
        "generate",
        help="write a client package for each spec",
        description="Write DIR/<package> for each SPEC; the package is replaced only when "
        f"everything succeeded. {NO_SPEC} A package whose spec is gone is reported, never "
        "deleted.",
        epilog=EXIT_CODES,
    )
    generate.add_argument("specs", nargs="*", type=Path, metavar="SPEC", help=SPEC_HELP)
    generate.add_argument(
        "-o", "--output", type=_folder, default=DEFAULT_OUTPUT, metavar="DIR", help=OUTPUT_HELP
    )
    generate.add_argument(
        "--package",
        metavar="NAME",
        help="the package's name (default: from the spec's file name); one SPEC only",
    )
    generate.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing folder even if swaggen did not write it (whole: files "
        "in it are lost)",
    )
    common(generate)

    check = commands.add_parser(
        "check",
        help="regenerate in memory and compare with the output folder",
        description="Regenerate each package in memory (black included; nothing on disk is "
        "trusted) and exit 1 with a unified diff when DIR differs: changed, missing or extra "
        f"files, or a package whose spec is gone. {NO_SPEC}",
        epilog=EXIT_CODES,
    )
    check.add_argument("specs", nargs="*", type=Path, metavar="SPEC", help=SPEC_HELP)
    check.add_argument(
        "-o", "--output", type=_folder, default=DEFAULT_OUTPUT, metavar="DIR", help=OUTPUT_HELP
    )
    check.add_argument("--package", metavar="NAME", help="the package's name, as given to generate")
    common(check)

    validate = commands.add_parser(
        "validate",
        help="print diagnostics for specs without generating anything",
        description="Read, check and repair each SPEC as generate would, and print every "
        "finding (file:line, JSON pointer, what was assumed); exit 1 if a spec would be "
        "refused.",
        epilog=EXIT_CODES,
    )
    validate.add_argument(
        "specs", nargs="+", type=Path, metavar="SPEC", help="a Swagger 2.0 file (YAML or JSON)"
    )
    common(validate)
    return top


def print_diagnostics(diagnostics: Sequence[Diagnostic], verbose: bool) -> None:
    """Unless --verbose, warnings up to a few per kind and errors up to a hundred per kind
    (100,000 duplicate keys once printed 18 MB), then a count of the rest."""
    shown: Counter[tuple[Level, str]] = Counter()
    hidden: Counter[tuple[Level, str]] = Counter()
    ordered = sorted(diagnostics, key=lambda d: (d.file, d.line or 0))
    for diagnostic in ordered:
        kind = (diagnostic.level, diagnostic.code)
        if not verbose:
            shown[kind] += 1
            limit = SHOWN_PER_KIND if diagnostic.level is Level.WARNING else ERRORS_PER_KIND
            if shown[kind] > limit:
                hidden[kind] += 1
                continue
        print(diagnostic.format(), file=sys.stderr)
    for (level, code), count in sorted(hidden.items(), key=lambda item: item[0][1]):
        what = "warnings" if level is Level.WARNING else "errors"
        print(f"  ... and {count} more [{code}] {what} (--verbose lists them)", file=sys.stderr)


def _config(args: argparse.Namespace) -> GeneratorConfig:
    if args.max_spec_bytes <= 0:
        raise UsageError("--max-spec-bytes must be positive")
    return GeneratorConfig(
        strict=args.strict,
        validate=not args.no_validate,
        repair_path_templates=args.repair_path_templates,
        rename_duplicate_ids=args.rename_duplicate_ids,
        merge_body_parameters=args.merge_body_parameters,
        ignore_invalid_discriminators=args.ignore_invalid_discriminators,
        limits=Limits(
            max_bytes=args.max_spec_bytes, allow_duplicate_keys=args.allow_duplicate_keys
        ),
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _summary(diagnostics: Sequence[Diagnostic]) -> str:
    return _count(sum(1 for d in diagnostics if d.level is Level.WARNING), "warning")


def _nothing_to_do(args: argparse.Namespace) -> UsageError:
    lost = unverifiable_packages(args.output, set())
    if lost:
        where = shown(args.output / lost[0])
        return UsageError(
            f"no SPEC given and no spec in specs/; {where} names a spec that is not there "
            "(copied or moved?): name its SPEC"
        )
    return UsageError(
        f"no SPEC given, no spec in specs/, and no swaggen package in {shown(args.output)}"
    )


def _recorded(spec: str) -> str:
    return f"the manifest names {terminal_safe(spec, 200)}, from the output folder"


def _generate_command(spec: Path, package: str, args: argparse.Namespace) -> str:
    """The command that brings one package up to date, as the user would type it."""
    words = ["swaggen generate", shown(spec)]
    if args.output != DEFAULT_OUTPUT:
        words += ["-o", shown(args.output)]
    if package != package_name_for(spec):
        words += ["--package", package]
    return " ".join(words)


def _write(generated: Generated, args: argparse.Namespace) -> None:
    try:
        kept = write_generated(generated, args.output, overwrite=args.overwrite)
    except UnsafeOutput as exc:
        raise UsageError(f"{shown(args.output / generated.package)}: {exc}") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(
            f"cannot write {shown(args.output / generated.package)}: {reason}"
        ) from None
    for relative in kept:
        print(
            f"{shown(args.output / generated.package / relative)}: not written by swaggen; kept",
            file=sys.stderr,
        )


def _plan(
    args: argparse.Namespace,
) -> tuple[GeneratorConfig, list[tuple[Path, str]], dict[str, str]]:
    """What generate and check work on: the config, (spec, package) pairs, and the packages
    whose spec is gone (with the spec their manifest names)."""
    config = _config(args)
    if args.output.exists() and not args.output.is_dir():
        raise UsageError(f"the output {shown(args.output)} exists and is not a folder")
    pairs = targets(args.specs, args.output, args.package)
    stale = {} if args.specs else stale_packages(args.output, {p for _, p in pairs})
    if not pairs and not stale:
        raise _nothing_to_do(args)
    return config, pairs, stale


def _generate(
    spec: Path, package: str, config: GeneratorConfig, args: argparse.Namespace
) -> Generated:
    """One package in memory, with the opt-in repairs its manifest records."""
    used = with_options(config, recorded_options(args.output, package))
    return generate_files(spec, used, output_dir=args.output, package=package)


def run_generate(args: argparse.Namespace) -> int:
    config, pairs, stale = _plan(args)
    failed = 0
    for spec, package in pairs:
        try:
            generated = _generate(spec, package, config, args)
        except SpecError as exc:
            print_diagnostics(exc.diagnostics, args.verbose)
            print(f"{shown(spec)}: refused; nothing written")
            failed += 1
            continue
        print_diagnostics(generated.diagnostics, args.verbose)
        _write(generated, args)
        api = generated.api
        print(
            f"{shown(spec)}: {_count(len(api.operations), 'operation')}, "
            f"{_count(len(api.models), 'model')} -> "
            f"{shown(args.output / generated.package)} ({_summary(generated.diagnostics)})"
        )
    for package, recorded in stale.items():
        print(
            f"{shown(args.output / package)}: its spec is gone ({_recorded(recorded)}); left in "
            "place (delete the folder if the client is no longer wanted)",
            file=sys.stderr,
        )
    return 1 if failed else 0


def run_check(args: argparse.Namespace) -> int:
    """Regenerate everything in memory and compare; nothing on disk is trusted."""
    config, pairs, stale = _plan(args)
    different = 0
    for spec, package in pairs:
        try:
            generated = _generate(spec, package, config, args)
        except SpecError as exc:
            print_diagnostics(exc.diagnostics, args.verbose)
            print(f"{shown(spec)}: refused; cannot check its package")
            different += 1
            continue
        result = compare(generated, args.output)
        target = args.output / result.package
        if result.ok:
            print(f"{shown(target)}: up to date")
            continue
        different += 1
        if not target.is_dir():
            print(f"missing: {shown(target)} (the whole package)")
        else:
            for line in result.diff.splitlines():
                print(terminal_safe(line, 100_000))
            for relative in result.missing:
                print(f"missing: {shown(target / relative)}")
            for relative in result.extra:
                print(f"extra: {shown(target / relative)}")
            for relative in result.foreign:
                print(f"extra: {shown(target / relative)} (not written by swaggen: delete it)")
        counts = (
            f"{len(result.changed)} changed, {len(result.missing)} missing, "
            f"{len(result.extra) + len(result.foreign)} extra"
        )
        fixes = []
        if result.changed or result.missing or result.extra or not target.is_dir():
            fixes.append(f"run {_generate_command(spec, package, args)}")
        if result.foreign:
            fixes.append("delete the files swaggen did not write")
        print(
            f"{shown(target)}: differs from {shown(spec)} ({counts}); {' and '.join(fixes)}",
            file=sys.stderr,
        )
    for package, recorded in stale.items():
        print(
            f"extra: {shown(args.output / package)} (its spec is gone, {_recorded(recorded)}: "
            "delete the folder, or restore the spec)"
        )
        different += 1
    if not args.specs:
        for package in unverifiable_packages(args.output, {p for _, p in pairs} | set(stale)):
            print(
                f"{shown(args.output / package)}: its manifest names a spec that is not there "
                "(copied or moved?); not checked",
                file=sys.stderr,
            )
    return 1 if different else 0


def run_validate(args: argparse.Namespace) -> int:
    from .pipeline import load_api

    config = _config(args)
    status = 0
    for spec in find_specs(args.specs):
        try:
            loaded = load_api(spec, config)
        except SpecError as exc:
            print_diagnostics(exc.diagnostics, args.verbose)
            print(f"{shown(spec)}: invalid")
            status = 1
            continue
        print_diagnostics(loaded.diagnostics, args.verbose)
        print(f"{shown(spec)}: valid ({_summary(loaded.diagnostics)})")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"generate": run_generate, "check": run_check, "validate": run_validate}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("swaggen: interrupted", file=sys.stderr)
        return 130
    except (UsageError, UnsafeOutput) as exc:
        print(f"swaggen: error: {terminal_safe(str(exc), 400)}", file=sys.stderr)
        return 2
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            message = terminal_safe(f"{type(exc).__name__}: {exc}", 400)
            print(
                f"swaggen: internal error: {message} (--debug shows the traceback)", file=sys.stderr
            )
        return 3
