"""The compiled build of parsing and extraction (setup.py, pipelines/compiled.py).

This session runs the source (conftest.py); a child process started without
`OVERSIGHT_PURE_PYTHON` runs what `oversight run` runs: the compiled build, which the
install made. It must give exactly the facts of the source.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from pipelines import compiled
from pipelines.extraction.extract import extract_report
from pipelines.ingest.files import Document, read_document
from pipelines.parsing.blocks import parse_blocks

ROOT = Path(__file__).resolve().parents[1]

# Run in a child: every report of a directory, parsed and extracted (blocks and facts
# pickle and come back equal); the build it ran.
CHILD = """
import json, pickle, sys
from pathlib import Path
from pipelines import compiled
from pipelines.extraction.extract import extract_report
from pipelines.ingest.files import Document, read_document
from pipelines.parsing.blocks import parse_blocks
import pipelines.extraction.needles as needles
facts = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    document = read_document(path)
    if isinstance(document, Document):
        blocks = parse_blocks(document.text, document.pages)
        found = extract_report(document.sha256, document.text, blocks)
        assert pickle.loads(pickle.dumps(blocks)) == blocks and pickle.loads(pickle.dumps(found)) == found
        facts[path.name] = [repr(blocks), repr(found)]
print(json.dumps({"build": str(compiled.build()), "compiled": compiled.build().compiled,
                  "module": needles.__file__, "facts": facts}))
"""


def _child(directory: Path, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != compiled.ENV} | env
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(directory)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed reports and a dozen generated from them (figures, names and order perturbed)."""
    directory = tmp_path_factory.mktemp("reports")
    for seed in (ROOT / "data" / "raw").iterdir():
        shutil.copy(seed, directory / seed.name)
    list(generate(12, directory, seed=7))
    return directory


def test_the_compiled_build_gives_the_facts_of_the_source(reports: Path) -> None:
    child = _child(reports)
    assert child["compiled"], f"the child ran {child['build']}: `make build` compiles parsing and extraction"
    assert child["module"].endswith(".so")
    assert sys.modules["pipelines.extraction.needles"].__file__.endswith(".py")  # this session: the source
    source = {}
    for path in sorted(reports.iterdir()):
        document = read_document(path)
        assert isinstance(document, Document)
        blocks = parse_blocks(document.text, document.pages)
        source[path.name] = [repr(blocks), repr(extract_report(document.sha256, document.text, blocks))]
    assert len(source) == 17
    assert sum(text.count("Fact(") for _, text in source.values()) > 500
    for name, (blocks, facts) in source.items():
        assert child["facts"][name][0] == blocks, name
        assert child["facts"][name][1] == facts, name


def test_the_environment_variable_runs_the_source(tmp_path: Path) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(next((ROOT / "data" / "raw").iterdir()), one)
    child = _child(one, **{compiled.ENV: "1"})
    assert not child["compiled"]
    assert child["module"].endswith("needles.py")
    assert compiled.ENV in child["build"]


def test_a_source_changed_since_the_build_is_run_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All or none: a build whose manifest no longer matches its sources is not used."""
    monkeypatch.delenv(compiled.ENV, raising=False)
    manifest = json.loads(compiled.MANIFEST.read_text(encoding="utf-8"))
    package = tmp_path / "pipelines"
    for relative in manifest["sources"]:
        source = tmp_path / relative
        source.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, source)
        for built in (ROOT / relative).parent.glob(Path(relative).stem + ".cpython-*"):
            shutil.copy(built, source.parent / built.name)
    for shared in (ROOT / "pipelines").glob("compiled__mypyc.*"):
        shutil.copy(shared, package / shared.name)
    (package / "compiled.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert compiled._inspect(package / "compiled.json").compiled

    edited = tmp_path / "pipelines" / "extraction" / "kpi.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    found = compiled._inspect(package / "compiled.json")
    assert not found.compiled
    assert "pipelines/extraction/kpi.py changed since it was compiled" in found.reason

    shutil.copy(ROOT / "pipelines" / "extraction" / "kpi.py", edited)
    next((tmp_path / "pipelines" / "parsing").glob("blocks.cpython-*")).unlink()
    found = compiled._inspect(package / "compiled.json")
    assert not found.compiled and "the extension of pipelines/parsing/blocks.py is missing" in found.reason

    for shared in package.glob("compiled__mypyc.*"):
        shared.unlink()
    assert "compiled__mypyc is missing" in compiled._inspect(package / "compiled.json").reason
    assert "not compiled" in compiled._inspect(tmp_path / "nowhere.json").reason


def test_the_build_uses_the_mypy_the_project_is_tested_with() -> None:
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    pinned = re.search(r"^mypy==(\S+)$", (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.M)
    assert pinned is not None
    assert f"mypy=={pinned.group(1)}" in build
