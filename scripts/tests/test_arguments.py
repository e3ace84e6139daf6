"""Unit tests of c360/arguments.py: the argument types (the run command's parser tests go through
them too)."""

import argparse
import unittest

import helpers  # noqa: F401  (the package on the path)

from c360 import arguments


class WholeNumberTest(unittest.TestCase):
    def test_whole_number_with_a_maximum(self):
        convert = arguments.whole_number(1, 1000)
        self.assertEqual(convert("1000"), 1000)
        for text in ("0", "1001", "x"):
            with self.assertRaises(argparse.ArgumentTypeError) as caught:
                convert(text)
            self.assertIn("a whole number from 1 to 1,000", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
