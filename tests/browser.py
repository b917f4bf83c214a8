"""Headless Chromium for the tests: Debian's `chromium` driven by Selenium through Debian's `chromium-driver`.

Both paths are given to Selenium, so Selenium Manager never runs and nothing downloads a browser or a driver. Missing
either binary skips the test, naming the packages (.ci/run installs them).
"""

from __future__ import annotations

import contextlib
import shutil
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from selenium.webdriver.chrome.webdriver import WebDriver

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB
    "--disable-quic",
    "--no-first-run",
    "--no-proxy-server",  # loopback only, whatever the environment says
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def browser_paths() -> tuple[str, str]:
    """(chromium, chromedriver); skips the calling test, naming the missing packages, when either is absent."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        missing = [name for name, path in (("chromium", chromium), ("chromium-driver", driver)) if path is None]
        pytest.skip(f"Debian's {' and '.join(missing)} not installed (apt-get install chromium chromium-driver)")
    return chromium, driver


@contextlib.contextmanager
def chromium(profile: Path, *, width: int = 1280, height: int = 1600) -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile in `profile`; skips the test when the browser is not installed."""
    browser, driver_path = browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def save_page(driver: WebDriver, path: Path, *, width: int = 1280, max_height: int = 4000) -> Path:
    """A screenshot of the whole page (the window grown to the page's height, at most `max_height`)."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(width, min(max(height, 600), max_height))
    driver.save_screenshot(str(path))
    return path
