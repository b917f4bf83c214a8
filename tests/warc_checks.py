"""assert_valid_warcs(directory): every finished WARC file passes gzip -t, warcio check, fastwarc check and
storage.validate (the four validation layers of notes §7)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from storage.validate import iter_members, parse_records, validate_warc


def _revisit_ids(path: Path) -> set[str]:
    ids = set()
    with path.open("rb") as fh:
        for member in iter_members(fh):
            records, _ = parse_records(member.data)
            ids.update(r.id for r in records if r.type == "revisit")
    return ids


def check_warc(path: Path) -> list[str]:
    """Problems with one file, as `validator: message` lines."""
    problems: list[str] = []
    gz = subprocess.run(["gzip", "-t", str(path)], capture_output=True, text=True, check=False)
    if gz.returncode:
        problems.append(f"gzip -t: {gz.stderr.strip() or gz.returncode}")
    warcio = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True, check=False
    )
    if warcio.returncode:
        problems.append(f"warcio check: {(warcio.stdout + warcio.stderr).strip()}")
    fastwarc = shutil.which("fastwarc")
    if fastwarc:
        # -p also checks payload digests, but fastwarc recomputes them over a revisit's (headers-only) block and so
        # fails every revisit, warcio's own included: payload failures of revisit records are expected.
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "fastwarc.txt"
            command = [fastwarc, "check", "-p", "-q", "-o", str(report), str(path)]
            fw = subprocess.run(command, capture_output=True, text=True, check=False)
            lines = report.read_text().splitlines() if report.exists() else []
        revisits = _revisit_ids(path)
        unexpected = []
        for line in lines:
            record_id, _, verdict = line.partition(": ")
            block, _, payload = verdict.partition(", ")
            if block != "OK" or (payload == "PAYLOAD_FAIL" and record_id not in revisits):
                unexpected.append(line)
        if unexpected or (fw.returncode and not lines):
            problems.append(f"fastwarc check: {'; '.join(unexpected) or (fw.stdout + fw.stderr).strip()}")
    problems += [f"storage.validate: {p}" for p in validate_warc(path)]
    return problems


def assert_valid_warcs(directory: Path | str, *, allow_open: bool = False) -> list[Path]:
    """Validate every `*.warc.gz` in directory (not quarantine/); returns the files checked.

    Fails if there is none, or (unless allow_open) if a `.open` file is left: a finished crawl closes its files.
    """
    directory = Path(directory)
    files = sorted(directory.glob("*.warc.gz"))
    leftovers = sorted(directory.glob("*.warc.gz.open"))
    problems = [f"{p.name}: left open" for p in leftovers] if not allow_open else []
    if not files:
        problems.append(f"no *.warc.gz files in {directory}")
    for path in files:
        problems += [f"{path.name}: {p}" for p in check_warc(path)]
    assert not problems, "invalid WARC files:\n" + "\n".join(problems)
    return files
