"""The ``newsclean`` command line: one module per sub-command."""
