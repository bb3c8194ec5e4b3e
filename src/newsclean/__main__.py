"""``python -m newsclean``: the command line."""

from newsclean.cli.main import entry_point

if __name__ == "__main__":
    entry_point()
