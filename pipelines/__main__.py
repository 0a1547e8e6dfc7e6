"""`python -m pipelines ...` is the `oversight` command."""

from pipelines.cli import app

app(prog_name="oversight")
