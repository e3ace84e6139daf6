"""Unit tests of c360/lakehouse.py: where a run's data is and the arguments that find it."""

import datetime
import unittest
from pathlib import Path

from helpers import local

from c360 import lakehouse


class LakehouseTest(unittest.TestCase):
    def test_end_date(self):
        self.assertEqual(lakehouse.end_date(datetime.date(2026, 1, 1), 30), datetime.date(2026, 1, 30))
        self.assertEqual(lakehouse.end_date(datetime.date(2026, 1, 1), 1), datetime.date(2026, 1, 1))
        self.assertEqual(lakehouse.end_date(datetime.date(2024, 2, 28), 2), datetime.date(2024, 2, 29))

    def test_catalog_args_name_the_metastore_only_when_there_is_one(self):
        self.assertEqual(local("/d").catalog_args(), ["--target", "local", "--warehouse", "/d/warehouse"])
        on_stack = lakehouse.Lakehouse("stack", Path("/w"), "s3a://b/bronze", "s3a://w/l", "spark://h:1",
                                       metastore_uri="thrift://h:2")
        self.assertEqual(on_stack.catalog_args()[-2:], ["--metastore-uri", "thrift://h:2"])

    def test_manifest_location_spans_the_days(self):
        self.assertEqual(local("/d").manifest_location(datetime.date(2026, 1, 1), 30),
                         "/d/bronze/_manifests/2026-01-01_2026-01-30.json")


if __name__ == "__main__":
    unittest.main()
