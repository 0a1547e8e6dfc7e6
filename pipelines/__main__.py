"""`python -m pipelines ...` is the `oversight` command."""

from pipelines.cli import app

if __name__ == "__main__":
    app(prog_name="oversight")
