#!/usr/bin/env python3
"""Benchmarks with targets: planlint against two baselines, measured in the same run.

    python bench/run.py [--reps N] [--work DIR] [--quick] [--no-write]

Builds corpora with the project's own `bench/make_corpus.py` (200 plans x 12
recommendations, 2,000 x 12, one plan of 5,000 recommendations) and times, as
separate processes because that is what a user runs:

- the floor: ruamel's C parser composing every file, nothing else;
- yamllint's default rules (`yamllint -d "extends: default"`), what a YAML repository already runs;
- `planlint check` on the same files;
- one small plan, a cold process each (the pre-commit case): `planlint check` against yamllint on
  the same file.

planlint's source tree is byte-compiled first (`compileall`), as pip does when it installs a wheel
and as yamllint's installed copy is: PYTHONDONTWRITEBYTECODE would otherwise have planlint compile
its source in every measured run, and yamllint not.

Absolute times depend on the machine and on whoever else is using it, so the
targets are ratios between measurements of one run, each the median of --reps
repetitions. The results go to bench/RESULTS.md (text below the notes marker
there is kept). Run from the source tree; planlint is imported from src/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
CORPUS_TOOL = ROOT / "bench" / "make_corpus.py"
NOTES_MARKER = "<!-- notes: everything below this line is kept by bench/run.py -->"
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_COLOR": "1"}

FLOOR = """
import sys, pathlib
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for folder in sys.argv[1:]:
    for path in sorted(pathlib.Path(folder).rglob("*.plan.yaml")):
        yaml.compose(path.read_text(encoding="utf-8"))
"""
DEPENDENCIES = "import pydantic, ruamel.yaml, click, dateutil"
# `import pydantic` is lazy: BaseModel (what planlint's model needs) loads most of pydantic.
DEPENDENCIES_USABLE = DEPENDENCIES + "; pydantic.BaseModel"
LAZY_PROBE = """
import os, sys
from planlint.console import main  # the entry point a user's `planlint` runs
try:
    main(["check", "--format", "json", "--output", os.devnull, sys.argv[1]])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("click", "dataclasses", "dateutil", "docx", "lxml", "yamllint", "pyinstrument", "pydantic")
               or m.startswith(("planlint.importers", "planlint.report.sarif", "planlint.fix")))
print(",".join(heavy))
"""


@dataclass
class Timing:
    seconds: float  # median wall time
    cpu: float  # median user + system time
    peak_mb: float  # the largest resident set of any run
    runs: list[float]


def make_corpus(out: Path, plans: int, recs: int) -> Path:
    """The corpus in out, written by bench/make_corpus.py unless that folder already holds it."""
    first = out / "plan-00000.plan.yaml"
    ours = first.is_file() and "bench/make_corpus.py" in first.read_text(encoding="utf-8").split("\n", 1)[0]
    if not ours or len(list(out.glob("*.plan.yaml"))) != plans:
        subprocess.run([PY, str(CORPUS_TOOL), str(out), "--plans", str(plans), "--recs", str(recs)], check=True)
    return out


def run_once(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} exited {code}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss: kilobytes on Linux


def run_interleaved(commands: dict[str, list[str]], reps: int) -> dict[str, Timing]:
    """Each command `reps` times, in rounds (a, b, c, a, b, c, ...), so that whatever else the
    machine is doing weighs on every command alike; the medians are compared."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd))
    return {
        name: Timing(
            statistics.median(s[0] for s in runs),
            statistics.median(s[1] for s in runs),
            max(s[2] for s in runs),
            [s[0] for s in runs],
        )
        for name, runs in samples.items()
    }


def planlint(*args: str) -> list[str]:
    # the default text report, as a user runs it (to /dev/null: the terminal is not what is measured)
    return [PY, "-m", "planlint", "check", *args]


def stage_breakdown(folder: Path) -> list[tuple[str, float]]:
    """Where in-process time goes on a corpus, stage by stage (the same work `check` does)."""
    import gc

    sys.path.insert(0, str(ROOT / "src"))
    from ruamel.yaml import YAML

    from planlint.catalog import checks, load_catalog
    from planlint.document import decode, load_yaml
    from planlint.engine import RuleTable, as_of_date, lint_document
    from planlint.profiles import default_profile
    from planlint.report import Report, renderer
    from planlint.rules import Memo, RuleContext
    from planlint.validate import validate

    gc.set_threshold(10_000)  # as `planlint check` sets it
    catalog = load_catalog()
    checks()
    table = RuleTable.build(catalog)
    paths = sorted(folder.glob("*.plan.yaml"))
    stages: dict[str, float] = {}

    def timed(name, fn, items):
        start = time.perf_counter()
        out = [fn(item) for item in items]
        stages[name] = time.perf_counter() - start
        return out

    raws = timed("read files", lambda p: p.read_bytes(), paths)
    texts = timed("decode", decode, raws)
    composer = YAML(typ="safe", pure=False)
    timed("the floor: stock ruamel compose (C parser + Python composer)", composer.compose, texts)
    docs = timed(
        "load_yaml: planlint's compose (memoised tags) + plain data + source map",
        lambda t: load_yaml(t, "x.plan.yaml"),
        texts,
    )
    plans = timed("validate (unknown keys + the shape table from the model)", lambda d: validate(d.data)[0], docs)
    registered = checks()
    by_rule: dict[str, float] = {}
    for plan in plans:
        as_of = as_of_date(plan, dt.date(2024, 1, 17))
        index = Memo()  # as lint_document shares one per plan
        for rule in catalog.rules:
            if rule.code in table.enabled and rule.name in registered:
                ctx = RuleContext(
                    as_of=as_of,
                    options=table.options[rule.code],
                    words=table.words,
                    date_grammar=table.dates,
                    plan_index=index,
                    compiled=table.compiled,
                    profile=default_profile(),
                )
                start = time.perf_counter()
                for _problem in registered[rule.name](plan, ctx):
                    pass
                by_rule[f"{rule.code} {rule.name}"] = by_rule.get(f"{rule.code} {rule.name}", 0.0) + (
                    time.perf_counter() - start
                )
    stages["the rules, all together (each plan's shared walks built by the first rule to ask)"] = sum(by_rule.values())
    for name, seconds in sorted(by_rule.items(), key=lambda item: -item[1])[:6]:
        stages[f"- {name}"] = seconds
    start = time.perf_counter()
    findings = [f for d in docs for f in lint_document(d, table, today=dt.date(2024, 1, 17), catalog=catalog)]
    stages["lint_document (validate + rules + stamping)"] = time.perf_counter() - start
    start = time.perf_counter()
    renderer("text")(
        Report(
            findings=findings,
            files=[str(p) for p in paths],
            catalog=catalog,
            severities=dict(table.severities),
            version="bench",
        )
    )
    stages["render the text report"] = time.perf_counter() - start
    return list(stages.items())


def startup_breakdown(small: Path) -> list[tuple[str, float]]:
    """Where a one-file `planlint check` spends its time, step by step as it runs (a fresh process).

    `python -X importtime` misses the rule modules: the catalogue imports them with
    importlib.import_module, which that log does not see; the steps here do.
    """
    code = """
import sys, time
t = time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter(); print(f"{name}\\t{now - t}"); t = now
import planlint.console; lap("import planlint.console (the entry point and check's option table)")
import ruamel.yaml; lap("import ruamel.yaml (C loader)")
import planlint.check_command; lap("import planlint.check_command (check's body)")
import planlint.pipeline; lap("import planlint.pipeline (config, engine, validate, shapes, profiles, findings)")
from planlint.catalog import load_catalog, checks
catalog = load_catalog(); lap("load the rule catalogue (compiled: shipped_data.py)")
checks(); lap("import the rule modules (their patterns compile when first used)")
import datetime as dt
from planlint.engine import RuleTable, lint_document
from planlint.reader import read_path
table = RuleTable.build(catalog)
doc = read_path(sys.argv[1]); lap("read and compose the plan (YAML, source map)")
findings = lint_document(doc, table, today=dt.date(2024, 6, 1), catalog=catalog); lap("validate and run the rules")
from planlint.report import Report, renderer
renderer("text")(Report(findings=findings, files=[doc.filename], catalog=catalog, severities=dict(table.severities),
                 version="bench")); lap("render the text report")
"""
    out = subprocess.run([PY, "-c", code, str(small)], capture_output=True, text=True, env=ENV, check=True).stdout
    return [(name, float(sec)) for name, sec in (line.split("\t") for line in out.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each corpus measurement (median)")
    parser.add_argument("--cold-reps", type=int, default=9, help="repetitions of the single-file measurements")
    parser.add_argument("--work", type=Path, help="where to build the corpora (kept between runs)")
    parser.add_argument("--quick", action="store_true", help="skip the 2,000-plan corpus")
    parser.add_argument("--no-write", action="store_true", help="print only; do not rewrite bench/RESULTS.md")
    args = parser.parse_args()

    work = args.work or Path(tempfile.gettempdir()) / "planlint-bench"
    c200 = make_corpus(work / "c200", 200, 12)
    c2000 = None if args.quick else make_corpus(work / "c2000", 2000, 12)
    big = make_corpus(work / "big", 1, 5000)
    small = ROOT / "examples" / "clean.plan.yaml"
    rows: list[tuple[str, Timing]] = []
    targets: list[tuple[str, str, float, float, bool]] = []

    def measure(group: dict[str, list[str]], reps: int) -> list[Timing]:
        timings = run_interleaved(group, reps)
        for name, timing in timings.items():
            rows.append((name, timing))
            print(
                f"{timing.seconds * 1000:9.1f} ms wall {timing.cpu * 1000:9.1f} ms cpu {timing.peak_mb:6.1f} MB  "
                f"{name}",
                flush=True,
            )
        return list(timings.values())

    def target(name: str, shown: str, value: float, limit: float, lower_is_better: bool = True) -> None:
        met = value <= limit if lower_is_better else value >= limit
        targets.append((name, shown, value, limit, met))
        print(f"  {'met ' if met else 'MISS'} {name}: {value:.2f} ({shown})", flush=True)

    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    deps, deps_usable, version, cold, yl_cold = measure(
        {
            f"python -c '{DEPENDENCIES}'": [PY, "-c", DEPENDENCIES],
            f"python -c '{DEPENDENCIES_USABLE}'": [PY, "-c", DEPENDENCIES_USABLE],
            "planlint --version": [PY, "-m", "planlint", "--version"],
            "planlint check examples/clean.plan.yaml (cold)": [PY, "-m", "planlint", "check", str(small)],
            "yamllint examples/clean.plan.yaml (cold)": [PY, "-m", "yamllint", "-f", "parsable", str(small)],
        },
        args.cold_reps,
    )
    group = {
        "floor: ruamel C compose, 200 plans": [PY, "-c", FLOOR, str(c200)],
        "yamllint default rules, 200 plans": [
            PY,
            "-m",
            "yamllint",
            "-d",
            "extends: default",
            "-f",
            "parsable",
            str(c200),
        ],
        "planlint check, 200 plans": planlint(str(c200)),
        "planlint check --jobs 1, 200 plans": planlint("--jobs", "1", str(c200)),
    }
    floor, yl, p200, p200_serial = measure(group, args.reps)
    (_pbig,) = measure({"planlint check, 1 plan x 5,000 recommendations": planlint(str(big))}, args.reps)
    # The targets are for `planlint check` as a user runs it (in parallel from 200 files);
    # the --jobs 1 row and the usable-dependencies row are stricter readings, reported beside them.
    target("200 plans: planlint / floor", "target <= 3x", p200.seconds / floor.seconds, 3.0)
    target("200 plans: planlint / yamllint", "target <= 0.2x", p200.seconds / yl.seconds, 0.2)
    target("200 plans, --jobs 1 (stricter): planlint / floor", "target <= 3x", p200_serial.seconds / floor.seconds, 3.0)
    target("cold single file: planlint / yamllint", "target <= 1.0x", cold.seconds / yl_cold.seconds, 1.0)
    target("cold single file: check / dependency imports", "target <= 1.5x", cold.seconds / deps.seconds, 1.5)
    target(
        "cold single file: check / dependencies made usable", "target <= 1.5x", cold.seconds / deps_usable.seconds, 1.5
    )
    if c2000 is not None:
        group = {
            "planlint check, 2,000 plans": planlint(str(c2000)),
            "planlint check --jobs 1, 2,000 plans": planlint("--jobs", "1", str(c2000)),
            "planlint check --jobs 2, 2,000 plans": planlint("--jobs", "2", str(c2000)),
        }
        p2000, j1, j2 = measure(group, args.reps)
        target("2,000 / 200 plans (linear)", "target <= 11x", p2000.seconds / p200.seconds, 11.0)
        target("2,000 plans: peak memory, MB", "target < 150 MB", p2000.peak_mb, 150.0)
        target("2,000 plans: --jobs 1 / --jobs 2", "target >= 1.6x", j1.seconds / j2.seconds, 1.6, False)
        target("2,000 plans, --jobs 1: peak memory, MB", "target < 150 MB", j1.peak_mb, 150.0)
    lazy = subprocess.run([PY, "-c", LAZY_PROBE, str(small)], capture_output=True, text=True, env=ENV).stdout.strip()
    print(f"  heavy modules imported by `check` on a YAML plan: {lazy or 'none'}")

    stages = stage_breakdown(c200)
    startup = startup_breakdown(small)
    if not args.no_write:
        write_results(rows, targets, lazy, stages, startup, version, args)
        print(f"wrote {RESULTS.relative_to(ROOT)}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def write_results(rows, targets, lazy, stages, startup, version, args) -> None:
    kept = ""
    if RESULTS.exists():
        old = RESULTS.read_text(encoding="utf-8")
        if NOTES_MARKER in old:
            kept = old.split(NOTES_MARKER, 1)[1]
    import ruamel.yaml
    import yamllint

    lines = [
        "# planlint benchmarks",
        "",
        f"Written by `python bench/run.py` on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}.",
        "",
        f"- machine: {machine()}",
        f"- python {platform.python_version()}, ruamel.yaml {ruamel.yaml.__version__}, yamllint {yamllint.__version__}",
        f"- every figure is the median of {args.reps} runs ({args.cold_reps} for the single-file ones), each a "
        "fresh process run from the source tree, the commands of a group taking turns; planlint writes its "
        "default text report to /dev/null; `planlint check` without --jobs runs in parallel from 200 files",
        "- the machine is shared, so absolute times move between runs; the targets are ratios within one run",
        "",
        "## Targets",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
    ]
    for name, shown, value, _limit, met in targets:
        lines.append(f"| {name} | {value:.2f} | {shown.removeprefix('target ')} | {'yes' if met else '**no**'} |")
    lines += [
        "",
        "## Measurements",
        "",
        "Wall time is what the targets use; CPU time (user + system, all "
        "processes) shows the work done whatever the machine's load.",
        "",
        "| run | median wall | median CPU | peak RSS |",
        "|---|---|---|---|",
    ]
    for name, timing in rows:
        lines.append(
            f"| {name} | {timing.seconds * 1000:.0f} ms | {timing.cpu * 1000:.0f} ms | {timing.peak_mb:.0f} MB |"
        )
    lines += [
        "",
        f'`planlint --version` takes {version.seconds * 1000:.0f} ms. "Dependencies made usable" is '
        f"`{DEPENDENCIES_USABLE}`: `import pydantic` alone defers loading almost all of it.",
        "",
        f"Heavy modules imported by `planlint check` on a YAML plan (click, pydantic, dataclasses, dateutil, docx, lxml, importers, SARIF, fix): "
        f"{lazy or 'none'}.",
        "",
        "## Where the time goes",
        "",
        "In-process, on the 200-plan corpus (one pass):",
        "",
        "| stage | time |",
        "|---|---|",
    ]
    lines += [f"| {name} | {sec * 1000:.0f} ms |" for name, sec in stages]
    lines += [
        "",
        "A one-file `planlint check` on examples/clean.plan.yaml, step by step (a fresh process, after the "
        "interpreter's own start):",
        "",
        "| step | time |",
        "|---|---|",
    ]
    lines += [f"| {name} | {sec * 1000:.1f} ms |" for name, sec in startup]
    lines += ["", NOTES_MARKER]
    RESULTS.write_text("\n".join(lines) + (kept if kept else "\n"), encoding="utf-8")


if __name__ == "__main__":
    main()
