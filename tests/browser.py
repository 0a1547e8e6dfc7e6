"""Headless Chromium for the tests and `make screenshots`: the Debian packages chromium and chromium-driver.

`make test` installs them when they are missing. Every start uses a fresh profile and
switches off what would reach the network on its own.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def chromium_binary() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("chromium is not installed: `make test` installs it (chromium, chromium-driver)")
    return found


def _run(url: str, *extra: str, timeout: int = 120) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory(prefix="oversight-chromium-") as profile:
        return subprocess.run(
            [chromium_binary(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            timeout=timeout,
            check=True,
        )


def dump_dom(url: str, budget_ms: int = 5000) -> str:
    """The DOM after the page has run for `budget_ms` of virtual time."""
    return _run(url, f"--virtual-time-budget={budget_ms}", "--dump-dom").stdout.decode("utf-8")


def screenshot(url: str, path: Path, width: int = 1280, height: int = 1800, budget_ms: int = 3000) -> Path:
    # without the last flag, headless screenshots of long pages can miss tiles that were never drawn
    _run(
        url,
        f"--window-size={width},{height}",
        f"--virtual-time-budget={budget_ms}",
        f"--screenshot={path}",
        "--run-all-compositor-stages-before-draw",
    )
    return path


def webdriver(width: int = 1600, height: int = 1000):  # type: ignore[no-untyped-def]
    """A Selenium session on Debian's chromium and /usr/bin/chromedriver (never a downloaded driver)."""
    from selenium import webdriver as selenium_webdriver
    from selenium.webdriver.chrome.service import Service

    options = selenium_webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='oversight-chromium-')}")
    options.add_argument(f"--window-size={width},{height}")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return selenium_webdriver.Chrome(options=options, service=Service(executable_path=driver))
