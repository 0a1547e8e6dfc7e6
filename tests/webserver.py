"""Start the Dagster webserver on the project's code location, on a free loopback port."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipelines.config import PROJECT_ROOT, RAW_DIR_ENV, WAREHOUSE_DIR_ENV


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def dagster_webserver(
    dagster_home: Path, raw_dir: Path, warehouse_dir: Path, log: Path, timeout: float = 180
) -> Iterator[str]:
    """`dagster-webserver -m pipelines.definitions` with its own DAGSTER_HOME; yields the base URL."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    if not (dagster_home / "dagster.yaml").exists():
        shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        RAW_DIR_ENV: str(raw_dir),
        WAREHOUSE_DIR_ENV: str(warehouse_dir),
    }
    executable = Path(sys.executable).with_name("dagster-webserver")
    command = [str(executable), "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"dagster-webserver exited with {server.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"dagster-webserver did not answer within {timeout} s") from None
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and the code server it started, nothing else
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def graphql(url: str, query: str) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        answer: dict[str, Any] = json.loads(response.read())
    if answer.get("errors"):
        raise RuntimeError(answer["errors"])
    return answer["data"]


def screenshot_asset_group(
    url: str, group: str, path: Path, shows: str = "published_warehouse", width: int = 2000, height: int = 1150
) -> Path:
    """The lineage of one asset group in the UI, once it has rendered (a JS app: wait for the nodes)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.browser import webdriver

    driver = webdriver(width, height)
    try:
        driver.get(f"{url}/locations/pipelines.definitions/asset-groups/{group}")
        wait = WebDriverWait(driver, 90)
        wait.until(expected_conditions.presence_of_element_located((By.XPATH, f"//*[contains(text(), '{shows}')]")))
        time.sleep(2)  # the community dialog and the layout settle
        for button in driver.find_elements(By.XPATH, "//button[normalize-space()='Skip']"):
            button.click()
        time.sleep(1)
        driver.save_screenshot(str(path))
        return path
    finally:
        driver.quit()
