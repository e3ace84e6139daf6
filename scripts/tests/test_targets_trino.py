"""Unit tests of c360/targets/trino.py and ``run_pipeline.py query --target stack``: a small HTTP
server speaks Trino's client protocol.
Run from the repository root: python3 -m unittest discover -s scripts/tests -p 'test_targets_trino.py' -v
"""

import http.server
import json
import tempfile
import threading
import unittest

from helpers import free_port, run_main, write_stack

from c360.targets import stack, trino


class TrinoHandler(http.server.BaseHTTPRequestHandler):
    """Trino's client protocol in miniature: POST /v1/statement, then pages at nextUri."""

    pages = {}
    requests = []

    def log_message(self, *args):
        pass

    def reply(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        sql = self.rfile.read(length).decode()
        type(self).requests.append(("POST", self.path, sql, self.headers["X-Trino-Catalog"],
                                    self.headers["X-Trino-User"]))
        self.reply(type(self).pages[sql][0])

    def do_GET(self):
        type(self).requests.append(("GET", self.path))
        sql, index = self.path.rsplit("/", 2)[-2:]
        self.reply(type(self).pages[sql.replace("_", " ")][int(index)])

    def do_DELETE(self):
        type(self).requests.append(("DELETE", self.path))
        self.send_response(204)
        self.end_headers()


class TrinoTest(unittest.TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TrinoHandler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        TrinoHandler.requests = []
        columns = [{"name": "event_date"}, {"name": "orders"}, {"name": "drivers"}]
        TrinoHandler.pages = {
            "SELECT rows": [
                {"nextUri": f"{self.url}/v1/statement/queued/SELECT_rows/1"},
                {"columns": columns, "data": [["2026-01-01", 3, ["low_nps"]], ["2026-01-02", None, []]],
                 "nextUri": f"{self.url}/v1/statement/executing/SELECT_rows/2"},
                {"columns": columns, "data": [["2026-01-03", 5, ["a", "b"]]]},
            ],
            "SELECT bad": [
                {"nextUri": f"{self.url}/v1/statement/queued/SELECT_bad/1"},
                {"error": {"message": "line 1:8: Column 'x' cannot be resolved", "errorType": "USER_ERROR"}},
            ],
        }

    def test_rows_are_collected_across_pages(self):
        result = trino.trino_query(self.url, "lakehouse", "SELECT rows", limit=100)
        self.assertEqual(result.columns, ["event_date", "orders", "drivers"])
        self.assertEqual(len(result.rows), 3)
        self.assertFalse(result.truncated)
        self.assertEqual(TrinoHandler.requests[0], ("POST", "/v1/statement", "SELECT rows", "lakehouse", "c360"))

    def test_the_limit_cancels_the_rest(self):
        result = trino.trino_query(self.url, "lakehouse", "SELECT rows", limit=1)
        self.assertEqual(result.rows, [["2026-01-01", 3, ["low_nps"]]])
        self.assertTrue(result.truncated)
        self.assertEqual(TrinoHandler.requests[-1][0], "DELETE")

    def test_a_user_error(self):
        with self.assertRaises(trino.TrinoQueryError) as caught:
            trino.trino_query(self.url, "lakehouse", "SELECT bad", limit=10)
        self.assertTrue(caught.exception.user_error)
        self.assertIn("Column 'x' cannot be resolved", str(caught.exception))

    def test_trino_down(self):
        with self.assertRaises(stack.StackUnavailable) as caught:
            trino.trino_query(f"http://127.0.0.1:{free_port()}", "lakehouse", "SELECT 1", 10)
        self.assertIn("does not answer", str(caught.exception))

    def test_formats(self):
        result = trino.QueryResult(
            ["day", "orders", "drivers"], [["2026-01-01", 3, ["low_nps"]], ["2026-01-02", None, []]], True)
        self.assertEqual(trino.format_table(result), "\n".join([
            "+----------+------+-----------+",
            "|day       |orders|drivers    |",
            "+----------+------+-----------+",
            "|2026-01-01|3     |[\"low_nps\"]|",
            "|2026-01-02|null  |[]         |",
            "+----------+------+-----------+",
            "only showing top 2 rows",
        ]) + "\n")
        self.assertEqual(trino.format_csv(result),
                         'day,orders,drivers\n2026-01-01,3,"[""low_nps""]"\n2026-01-02,,[]\n')

    def test_query_command_on_the_stack(self):
        with tempfile.TemporaryDirectory() as folder:
            write_stack(folder, TRINO_URL=self.url)
            environ = {"C360_STACK_DIR": folder}
            code, stdout, stderr = run_main("query", "SELECT rows", "--target", "stack", "--format", "csv",
                                            environ=environ)
            self.assertEqual(code, 0, stderr)
            self.assertEqual(stdout.splitlines()[0], "event_date,orders,drivers")
            self.assertEqual(len(stdout.splitlines()), 4)
            code, stdout, stderr = run_main("query", "SELECT bad", "--target", "stack", environ=environ)
            self.assertEqual((code, stdout), (2, ""))
            self.assertIn("Trino: line 1:8: Column 'x' cannot be resolved", stderr)
            code, _, stderr = run_main("query", "SELECT rows", "--target", "stack", "--master", "local[2]",
                                       environ=environ)
            self.assertEqual(code, 2)
            self.assertIn("argument --master: applies to --target local only", stderr)

    def test_query_without_a_stack(self):
        with tempfile.TemporaryDirectory() as folder:
            code, stdout, stderr = run_main("query", "SELECT 1", "--target", "stack",
                                            environ={"C360_STACK_DIR": folder})
        self.assertEqual((code, stdout), (3, ""))
        self.assertIn("scripts/local-stack.sh up", stderr)


if __name__ == "__main__":
    unittest.main()
