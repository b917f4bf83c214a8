"""crawler.commands.replay: pywb from its own environment, serving two real crawls (notes §7, §8, W9/W10)."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from crawler.commands.replay import (
    COLLECTION,
    ReplayError,
    ensure_pywb,
    env_python,
    prepare_collection,
    pywb_version,
    run_replay,
    running_replay,
)
from storage.validate import iter_members, parse_records, split_http
from tests.test_reprocess import (
    CHANGING_PATH,
    FROZEN,
    MOVED_PATH,
    ROOT,
    article_site,
    crawl,
    expected_pages,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from crawler.commands.replay import RunningReplay
    from tests.test_reprocess import ArticleSite

pytestmark = pytest.mark.slow


@dataclass
class Capture:
    url: str
    type: str
    status: int
    timestamp: str
    file: str
    body: bytes


def captures(data_dir: Path) -> list[Capture]:
    found = []
    for path in sorted((data_dir / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for member in iter_members(fh):
                [record], _ = parse_records(member.data)
                if record.type not in ("response", "revisit"):
                    continue
                parsed = split_http(record.block)
                assert parsed is not None
                date = record.get("WARC-Date") or ""
                found.append(
                    Capture(
                        url=record.get("WARC-Target-URI") or "",
                        type=record.type,
                        status=int(parsed[0].split()[1]),
                        timestamp="".join(c for c in date if c.isdigit())[:14],
                        file=path.name,
                        body=parsed[2],
                    )
                )
    return found


@dataclass
class Served:
    site: ArticleSite
    data_dir: Path
    replay: RunningReplay
    captures: list[Capture]

    def capture(self, path: str, type_: str = "response", n: int = 0) -> Capture:
        url = self.site.url(path)
        return [c for c in self.captures if c.url == url and c.type == type_][n]

    def get(self, timestamp: str, url: str, gzip_ok: bool = True) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.replay.host, self.replay.port, timeout=30)
        headers = {"Accept-Encoding": "gzip"} if gzip_ok else {"Accept-Encoding": "identity"}
        connection.request("GET", f"/{COLLECTION}/{timestamp}id_/{url}", headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("replay") / "data"
    with article_site(synthetic=1) as site:
        crawl(site, data_dir)
        site.revision = 2
        crawl(site, data_dir)
        with running_replay(data_dir) as replay:
            yield Served(site, data_dir, replay, captures(data_dir))


def frozen_path(name: str) -> str:
    return "/" + expected_pages()[name]["url"].split("/", 3)[3]


def test_environment_is_isolated_and_has_pywb_2_10() -> None:
    env_dir = ensure_pywb()
    assert (pywb_version(env_dir) or "").startswith("2.10.")
    probe = subprocess.run(
        [str(env_python(env_dir)), "-c", "import redis, sys; print(redis.__version__, sys.prefix)"],
        capture_output=True,
        text=True,
        check=True,
    )
    version, prefix = probe.stdout.split()
    assert version == "2.10.6"  # pywb's pin, kept out of the project's environment
    assert Path(prefix).resolve() == env_dir.resolve()
    assert Path(sys.prefix).resolve() != env_dir.resolve()


def test_gzip_response_replays_byte_identical_with_accept_encoding_gzip(served: Served) -> None:
    path = frozen_path(FROZEN[0])
    capture = served.capture(path)
    status, headers, body = served.get(capture.timestamp, served.site.url(path))
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert body == served.site.wire_body(path)  # the bytes the origin sent
    assert body == capture.body
    assert headers["content-length"] == str(len(body))


def test_without_accept_encoding_pywb_decodes_to_the_origin_body(served: Served) -> None:
    path = frozen_path(FROZEN[0])
    capture = served.capture(path)
    status, headers, body = served.get(capture.timestamp, served.site.url(path), gzip_ok=False)
    assert status == 200
    assert "content-encoding" not in headers
    assert body == served.site.wire_body(path, gzipped=False)
    assert body == gzip.decompress(capture.body)


def test_redirect_replays_as_3xx(served: Served) -> None:
    capture = served.capture(MOVED_PATH)
    assert capture.status == 301
    status, headers, _ = served.get(capture.timestamp, served.site.url(MOVED_PATH))
    assert status == 301
    assert headers["location"].endswith(frozen_path(FROZEN[1]))


def test_revisit_of_an_unchanged_page_replays_the_original_body(served: Served) -> None:
    path = frozen_path(FROZEN[2])
    original = served.capture(path, "response")
    revisit = served.capture(path, "revisit")
    assert revisit.file != original.file
    assert revisit.body == b""
    status, headers, body = served.get(revisit.timestamp, served.site.url(path))
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert body == original.body == served.site.wire_body(path)
    # and the CDX API lists the revisit at that timestamp
    connection = http.client.HTTPConnection(served.replay.host, served.replay.port, timeout=30)
    connection.request("GET", f"/{COLLECTION}/cdx?output=json&url={quote(served.site.url(path), safe='')}")
    lines = [json.loads(line) for line in connection.getresponse().read().splitlines()]
    assert [(e["timestamp"], e["mime"]) for e in lines][-1] == (revisit.timestamp, "warc/revisit")


def test_each_capture_of_a_changed_page_replays_its_own_text(served: Served) -> None:
    first, second = served.capture(CHANGING_PATH, n=0), served.capture(CHANGING_PATH, n=1)
    _, _, old = served.get(first.timestamp, served.site.url(CHANGING_PATH), gzip_ok=False)
    _, _, new = served.get(second.timestamp, served.site.url(CHANGING_PATH), gzip_ok=False)
    assert b"Story 0, revision 1" in old
    assert b"Story 0, revision 2" in new


def test_collection_links_the_warc_files_and_merges_their_indexes(served: Served) -> None:
    collection = served.data_dir / "replay" / "collections" / COLLECTION
    warcs = sorted(p.name for p in (served.data_dir / "warc").glob("*.warc.gz"))
    links = sorted((collection / "archive").iterdir())
    assert [p.name for p in links] == warcs
    assert all(p.is_symlink() and p.resolve() == (served.data_dir / "warc" / p.name).resolve() for p in links)
    merged = (collection / "indexes" / "index.cdxj").read_text().splitlines()
    per_file = [
        line for name in warcs for line in (served.data_dir / "indexes" / f"{name}.cdxj").read_text().splitlines()
    ]
    assert merged == sorted(set(per_file))
    assert (served.data_dir / "replay" / "config.yaml").exists()


def test_prepare_collection_follows_the_archive(tmp_path: Path, served: Served) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "warc").mkdir(parents=True)
    with pytest.raises(ReplayError, match="no finished WARC files") as info:
        prepare_collection(data_dir)
    assert info.value.exit_code == 2
    [first, second] = sorted((served.data_dir / "warc").glob("*.warc.gz"))
    (data_dir / "warc" / first.name).symlink_to(first)
    collection = prepare_collection(data_dir)
    assert [p.name for p in (collection / "archive").iterdir()] == [first.name]
    assert (data_dir / "indexes" / f"{first.name}.cdxj").exists()  # indexed on the way
    (data_dir / "warc" / first.name).unlink()
    (data_dir / "warc" / second.name).symlink_to(second)
    prepare_collection(data_dir)
    assert [p.name for p in (collection / "archive").iterdir()] == [second.name]
    index = (collection / "indexes" / "index.cdxj").read_text()
    assert second.name in index
    assert first.name not in index


def test_ensure_pywb_explains_what_went_wrong(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(ReplayError, match="could not install pywb into .*set EUREPORTER_PYWB_ENV") as info:
        ensure_pywb(blocker / "env")
    assert info.value.exit_code == 1
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    with pytest.raises(ReplayError, match="is not a virtual environment"):
        ensure_pywb(foreign)
    assert (foreign / "precious.txt").read_text() == "keep me"


def test_run_replay_serves_in_the_foreground_until_sigterm(served: Served) -> None:
    script = (
        "import sys; from crawler.commands.replay import run_replay; "
        f"sys.exit(run_replay({str(served.data_dir)!r}, port=0))"
    )
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("ready http://127.0.0.1:"), line
        assert line.endswith(f"/{COLLECTION}/"), line
        port = int(line.split(":")[2].split("/")[0])
        path = frozen_path(FROZEN[0])
        capture = served.capture(path)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", f"/{COLLECTION}/{capture.timestamp}id_/{served.site.url(path)}")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        # pywb went with it
        time.sleep(0.2)
        with pytest.raises(ConnectionRefusedError):
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_run_replay_without_warc_files_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_replay(tmp_path, port=0) == 2
    assert "no finished WARC files" in capsys.readouterr().err
