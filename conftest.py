"""The test session reads parsing and extraction from their Python source, in this process.

Their doctests live in the source (mypyc keeps no docstrings), and a failure reads best
against it. Processes the tests start (the `oversight` command, the Dagster UI, pool
workers started afresh) run the compiled build when it is fresh, and
tests/test_compiled.py checks that it gives the same facts as the source.
"""

from pipelines import compiled

compiled.use_source("the test session runs the source: see conftest.py")
