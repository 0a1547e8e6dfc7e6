"""`python -m pipelines ...` is the `oversight` command."""

from pipelines.cli import main

if __name__ == "__main__":
    main()
