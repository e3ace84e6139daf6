"""The commands: :mod:`run`, :mod:`query`, :mod:`benchmark`. Each has ``SUMMARY``,
``PARSER_SETTINGS`` and ``add_arguments`` (its parser), ``options_from`` (the Namespace to its
frozen options), ``execute`` (runs, returns the exit code) and ``ERROR_PREFIX``."""
