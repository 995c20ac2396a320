"""``python -m claims``: the same command line as ``claims``."""

from claims.cli import main

if __name__ == "__main__":
    main()
