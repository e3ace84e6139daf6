"""The Customer 360 lakehouse's command line: run the pipeline, query it, benchmark it.

``scripts/run_pipeline.py`` and ``scripts/benchmark.py`` are its entry points; :mod:`c360.main`
parses the command line and turns errors into exit codes. Standard library only (Python 3.11).
"""
