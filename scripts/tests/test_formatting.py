"""Unit tests of c360/formatting.py: counts and durations as the summaries print them."""

import unittest

import helpers  # noqa: F401  (the package on the path)

from c360 import formatting


class FormattingTest(unittest.TestCase):
    def test_formatting(self):
        self.assertEqual(formatting.format_count(1234567), "1,234,567")
        self.assertEqual(formatting.format_count(None), "?")
        self.assertEqual(formatting.format_duration(1_500), "1.5 s")
        self.assertEqual(formatting.format_duration(125_000), "2 min 05 s")
        self.assertEqual(formatting.format_duration("soon"), "?")


if __name__ == "__main__":
    unittest.main()
