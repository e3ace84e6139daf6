"""The summary a pipeline run ends with: :mod:`render` puts together :mod:`tables` and
:mod:`next_steps`."""
