"""The layout's promises: extraction and storage import without Scrapy or Twisted (worker processes, re-extraction
scripts), and the Scrapy glue's components do not import each other in circles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

BLOCK_SCRAPY = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('scrapy', 'twisted', 'spidermon', 'scrapy_redis'):
            raise ImportError(f'{name} must not be imported here')
        return None
sys.meta_path.insert(0, Blocker())
import importlib
for module in sys.argv[1:]:
    importlib.import_module(module)
print('ok')
"""


@pytest.mark.parametrize(
    "modules",
    [
        ["crawler.extraction", "crawler.extraction.pages", "crawler.extraction.links"],
        ["storage.sql", "storage.warc", "storage.export", "storage.repair", "storage.validate", "storage.stats"],
        ["crawler.items", "crawler.scope", "crawler.meta"],
    ],
)
def test_imports_without_scrapy(modules: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_SCRAPY, *modules], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_extraction_works_without_scrapy() -> None:
    script = BLOCK_SCRAPY.replace(
        "print('ok')",
        "from crawler.extraction import extract_article\n"
        "html = '<html><head><title>T</title></head><body><article><h1>T</h1>'"
        " + '<p>' + 'Word ' * 80 + '</p>' * 3 + '</article></body></html>'\n"
        "a = extract_article(html, 'https://www.eureporter.co/politics/2024/01/02/t/')\n"
        "print('ok' if a is not None and a.text else 'none')",
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
