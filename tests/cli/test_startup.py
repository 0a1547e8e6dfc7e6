"""What `oversight run` imports before its first step: not pandas.

pandas (and Great Expectations, which needs it) are imported in a background thread
while dbt builds (`pipelines.quality.gx.warm_up`), where the import costs the refresh
nothing; imported with the definitions, it would delay every refresh by a third of a
second.
"""

import subprocess
import sys


def test_loading_the_definitions_does_not_import_pandas_or_great_expectations() -> None:
    code = (
        "import sys; import pipelines.cli, pipelines.runner, pipelines.definitions; "
        "print(sorted(m for m in ('pandas', 'great_expectations') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
