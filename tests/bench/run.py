"""Run the benchmarks and print their figures: `make bench` or
`python tests/bench/run.py [name ...] [--seconds N] [--connections N]`.

Each `tests/bench/bench_<name>.py` runs on its own fresh database (SQLite in `.bench/`
by default; a throwaway `outreach_bench` database when DATABASE_URL points at
PostgreSQL). Benchmarks are not tests: they print, they never fail on a number.
"""

import argparse
import importlib
import multiprocessing
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def run_one(name, seconds, connections):
    from tests.bench.lib import Bench

    bench = Bench(seconds=seconds, connections=connections)
    bench.prepare()
    importlib.import_module(f"tests.bench.bench_{name}").run(bench)


def main():
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"any of {available} (default: all)")
    parser.add_argument("--seconds", type=int, default=5, help="load duration per measurement")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    args = parser.parse_args()
    unknown = set(args.names) - set(available)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; available: {available}")
    print(f"Python {platform.python_version()} on {platform.machine()}, {multiprocessing.cpu_count()} cores")
    for name in args.names or available:
        # A fresh process per benchmark: Django is set up once per database.
        process = multiprocessing.get_context("spawn").Process(
            target=run_one, args=(name, args.seconds, args.connections)
        )
        process.start()
        process.join()
        if process.exitcode:
            print(f"benchmark {name} failed (exit {process.exitcode})")
            sys.exit(process.exitcode)


if __name__ == "__main__":
    main()
