#!/usr/bin/env python3
"""Time to the first line of a `planlint check` report, and to its end, read through a pipe.

    python bench/make_corpus.py /tmp/corpus1000 --plans 1000
    python bench/first_finding.py /tmp/corpus1000 [--runs 3] [-- EXTRA CHECK OPTIONS]

A long run that streams prints its first finding while later files are still being linted; one that
does not prints nothing until every file is done. Prints the median of the runs, in seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time


def one_run(command: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        at_first = time.perf_counter() - start
        lines = 1 + sum(1 for _ in process.stdout) if first else 0
        process.wait()
    return at_first, time.perf_counter() - start, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=3)
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []  # more options for `planlint check`
    args = parser.parse_args(argv[: len(argv) - len(extra) - (1 if extra else 0)])
    command = [sys.executable, "-m", "planlint", "check", "--exit-zero", args.corpus, *extra]
    runs = [one_run(command) for _ in range(args.runs)]
    first = statistics.median(r[0] for r in runs)
    total = statistics.median(r[1] for r in runs)
    print(
        f"{' '.join(command[1:])}: first line after {first:.2f} s, whole report after {total:.2f} s "
        f"({runs[0][2]} lines; medians of {args.runs})"
    )


if __name__ == "__main__":
    main()
