"""The deployment configs in deploy/ are valid for the executors and run launcher they name."""

from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._config import process_config

from pipelines.config import PROJECT_ROOT, get_settings

DEPLOY = PROJECT_ROOT / "deploy"
dagster_k8s = pytest.importorskip("dagster_k8s")
dagster_celery = pytest.importorskip("dagster_celery")


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize(
    ("path", "executor"),
    [("k8s/executor.yaml", dagster_k8s.k8s_job_executor), ("celery/executor.yaml", dagster_celery.celery_executor)],
)
def test_each_executor_config_is_valid_for_its_executor(
    path: str, executor: dg.ExecutorDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the Celery config names its broker and backend by environment variable
    monkeypatch.setenv("OVERSIGHT_CELERY_BROKER", "redis://localhost:6379/0")
    monkeypatch.setenv("OVERSIGHT_CELERY_BACKEND", "redis://localhost:6379/1")
    config = _load(DEPLOY / path)["execution"]["config"]
    result = process_config(executor.config_schema.config_type, config)
    assert result.success, [error.message for error in result.errors or []]


def test_the_kubernetes_instance_config_is_valid_for_the_k8s_run_launcher() -> None:
    launcher = _load(DEPLOY / "k8s" / "dagster.yaml")["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_k8s", "K8sRunLauncher")
    result = process_config(dagster_k8s.K8sRunLauncher.config_type(), launcher["config"])
    assert result.success, [error.message for error in result.errors or []]


@pytest.mark.parametrize("name", ["in_process", "multiprocess", "k8s", "celery"])
def test_the_same_definitions_load_with_each_executor(name: str) -> None:
    from pipelines.definitions import REFRESH_JOB, build_definitions

    defs = build_definitions(get_settings(), executor=name)
    job = defs.resolve_job_def(REFRESH_JOB)
    expected = {"in_process": "in_process", "multiprocess": "multiprocess", "k8s": "k8s", "celery": "celery"}
    assert job.executor_def.name == expected[name]
    assert len(job.asset_layer.executable_asset_keys) > 30
