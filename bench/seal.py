"""Time and peak memory of sealing a vote of 10⁵ and 10⁶ ballots on SQLite, and of reading the seal back.

Each ballot answers a department question and nine scored items (5% skipped), inserted with
executemany by `bench/summary.py`'s loader into an open vote. A child process then closes the vote
(the tally in SQL plus the seal: every ballot streamed into SHA-256), writes the sealed file again
(the json export), recounts it as `verify-seal` does and writes the CSV and XLSX exports, reporting for each step the seconds, the
process's peak resident memory during the step (VmHWM, reset before it; SQLite's page cache is in
it) and, for export and recount, the peak of Python allocations in a second, traced run.

Usage: python3 bench/seal.py [--sizes 100000 1000000]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from summary import create_vote, load  # noqa: E402  (bench/summary.py: the same vote and synthetic ballots)
from survey.data.db import make_engine, make_session_factory  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.data.models import Campaign, Seal  # noqa: E402
from survey.domain import campaigns, sealing, seals  # noqa: E402
from survey.printing import exports  # noqa: E402

SIZES = (100_000, 1_000_000)


def _megabytes(value: float) -> float:
    return round(value / 1e6, 1)


def _peak_rss(step) -> float:
    """The process's peak resident memory while `step` runs, in MB (Linux: VmHWM, reset first)."""
    Path("/proc/self/clear_refs").write_text("5")
    step()
    status = Path("/proc/self/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return _megabytes(int(kilobytes) * 1e3)


def _traced(step) -> float:
    tracemalloc.start()
    step()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return _megabytes(peak)


def _timed(step) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one run of `step`."""
    started = time.perf_counter()
    peak = _peak_rss(step)
    return round(time.perf_counter() - started, 2), peak


def measure(url: str, campaign_id: int, folder: Path) -> dict:
    """In a child process: close (seal) once, then export and recount, timed and traced."""
    sessions = make_session_factory(make_engine(url))
    session = sessions()
    campaign = session.get(Campaign, campaign_id)
    baseline = _peak_rss(lambda: None)

    def close():
        for _step in campaigns.closing(session, campaign, datetime(2026, 5, 20, 18)):
            session.commit()

    runs = {"close_and_seal": _timed(close)}
    seal = session.get(Seal, campaign_id)
    path = folder / "sealed.json"

    def export():
        with path.open("wb") as out:
            for chunk in seals.canonical_file(sessions(), seal):
                out.write(chunk)

    def recount():
        with path.open("rb") as handle:
            result = sealing.verify(iter(lambda: handle.read(1 << 20), b""))
        assert result.agrees and result.sha256 == seal.sha256

    def spreadsheets(kind: str):
        masking = seals.masking_of(sessions(), seal)
        rows = exports.ballot_rows(seal.settings, seals.ballots_of(sessions(), campaign_id, masking))
        with (folder / f"ballots.{kind}").open("wb") as out:
            if kind == "xlsx":
                exports.ballots_workbook(out, rows, seal.settings)
            else:
                out.writelines(chunk.encode() for chunk in exports.csv_chunks(rows))

    runs.update(export=_timed(export), recount=_timed(recount), csv=_timed(lambda: spreadsheets("csv")),
                xlsx=_timed(lambda: spreadsheets("xlsx")))
    return {"runs": runs, "python_peak_mb": {"export": _traced(export), "recount": _traced(recount)},
            "file_mb": _megabytes(seal.size), "rss_before_mb": baseline}


def run(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            url = f"sqlite:///{Path(folder) / f'seal-{count}.db'}"
            upgrade(url)
            campaign_id = create_vote(url, count)
            started = time.perf_counter()
            load(url, campaign_id, count)
            loaded = time.perf_counter() - started
            child = subprocess.run([sys.executable, __file__, "--measure", url, str(campaign_id), folder],
                                   check=True, capture_output=True, text=True)
            result = json.loads(child.stdout.splitlines()[-1])
            runs, python = result["runs"], result["python_peak_mb"]
            steps = [f"close and seal {runs['close_and_seal'][0]} s (peak RSS {runs['close_and_seal'][1]} MB)"]
            steps += [f"{step} {runs[step][0]} s (peak RSS {runs[step][1]} MB, Python peak {python[step]} MB)"
                      for step in ("export", "recount")]
            steps += [f"{step} export {runs[step][0]} s (peak RSS {runs[step][1]} MB)" for step in ("csv", "xlsx")]
            print(f"{count:>9,} ballots, {result['file_mb']} MB sealed file, RSS {result['rss_before_mb']} MB before: "
                  + "; ".join(steps) + f" (data loaded in {loaded:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--measure", nargs=3, metavar=("URL", "CAMPAIGN", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        url, campaign_id, folder = args.measure
        print(json.dumps(measure(url, int(campaign_id), Path(folder))))
        return
    print("SQLite: seal a vote as it closes (1 department question + 9 scored items, 5% skipped)")
    run(args.sizes)


if __name__ == "__main__":
    main()
