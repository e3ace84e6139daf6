"""Unit tests of c360/targets/local.py: the lakehouse in a data folder and what a stage needs there."""

import json
import tempfile
import unittest
from pathlib import Path

from helpers import local

from c360.errors import UsageError
from c360.targets import local as local_target


class LocalTargetTest(unittest.TestCase):
    def setUp(self):
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))

    def test_the_master_defaults_to_every_core(self):
        self.assertEqual(local("/d").master, "local[*]")
        self.assertEqual(local_target.lakehouse("local[2]", Path("/d")).master, "local[2]")

    def test_a_data_dir_that_is_a_file(self):
        file = self.folder / "file"
        file.write_text("")
        self.assertIn("is a file; expected a folder", local_target.data_dir_problems("f", file)[0])
        self.assertEqual(local_target.data_dir_problems("d", self.folder), [])

    def test_read_manifest(self):
        (self.folder / "m.json").write_text(json.dumps({"tables": {}}))
        (self.folder / "list.json").write_text("[1]")
        self.assertEqual(local_target.read_manifest(self.folder / "m.json"), {"tables": {}})
        self.assertIsNone(local_target.read_manifest(self.folder / "list.json"))
        self.assertIsNone(local_target.read_manifest(self.folder / "missing.json"))

    def test_silver_and_gold_need_the_earlier_stages_output(self):
        with self.assertRaises(UsageError) as caught:
            local_target.require_bronze(local(self.folder), "silver")
        self.assertIn("there is no bronze data in", str(caught.exception))
        with self.assertRaises(UsageError) as caught:
            local_target.require_silver(local(self.folder), "gold")
        self.assertIn("before --stage gold", str(caught.exception))
        (self.folder / "bronze").mkdir()
        (self.folder / "warehouse" / "silver").mkdir(parents=True)
        local_target.require_bronze(local(self.folder), "silver")
        local_target.require_silver(local(self.folder), "gold")


if __name__ == "__main__":
    unittest.main()
