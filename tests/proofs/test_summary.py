#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of proofs/summary.py, the gate of scripts/prove: Frama-C exits 0 even
with unproved goals, so this reader is what makes CI fail. Each test feeds it
a small WP log in Frama-C 25's format and checks the verdict and the lines."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUMMARY = os.path.join(ROOT, "proofs", "summary.py")

SOURCE_A = """\
/*@ requires x > 0; */
int alpha(int x)
{
    return x;
}

/*@ ghost
  /@ assigns \\nothing; @/
  void ghost_help(int a) { }
*/
"""
SOURCE_B = """\
static unsigned beta_gamma(unsigned n,
                           unsigned m)
{
    return n + m;
}
"""


def goal(status, name, prover="CVC4 1.8"):
    if status == "Valid":
        return f"[wp] [{prover}] Goal {name} : Valid (40ms) (123)\n"
    return f"[wp] [{status}] Goal {name}\n  Z3 4.8.12: Timeout (20s)\n"


def tally(valid, total):
    return f"[wp] Proved goals:  {valid} / {total}\n  Qed: {valid}\n"


class SummaryTest(unittest.TestCase):
    def setUp(self):
        # Paths relative to the directory the summary runs in, as
        # scripts/prove gives them.
        self.dir = tempfile.mkdtemp()
        self.a, self.b, self.empty = "a.c", "b.c", "table.c"
        for path, text in ((self.a, SOURCE_A), (self.b, SOURCE_B),
                           (self.empty, "const int table[2] = { 1, 2 };\n")):
            with open(os.path.join(self.dir, path), "w", encoding="utf-8") as f:
                f.write(text)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_summary(self, log_text, files=None):
        with open(os.path.join(self.dir, "wp.log"), "w", encoding="utf-8") as f:
            f.write(log_text)
        files = files or [self.a, self.b]
        return subprocess.run([sys.executable, SUMMARY, "wp.log"] + files, cwd=self.dir,
                              capture_output=True, text=True, check=False)

    def test_all_proved_passes_with_a_line_per_file(self):
        log = (goal("Valid", "typed_alpha_ensures") + goal("Valid", "typed_beta_gamma_assigns")
               + goal("Valid", "typed_ghost_help_assigns", "Qed") + tally(3, 3))
        r = self.run_summary(log)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("  a.c: 2 of 2 goals proved", r.stdout)
        self.assertIn("  b.c: 1 of 1 goals proved", r.stdout)
        self.assertIn("prove: 3 of 3 goals proved", r.stdout)

    def test_an_unproved_goal_fails_and_is_named(self):
        for status in ("Failed", "Timeout", "Unknown"):
            log = goal("Valid", "typed_alpha_ensures") + goal(status, "typed_beta_gamma_ensures")
            r = self.run_summary(log + tally(1, 2))
            self.assertEqual(r.returncode, 1, status)
            self.assertIn("unproved: typed_beta_gamma_ensures (b.c)", r.stdout)
            self.assertIn("  b.c: 0 of 1 goals proved", r.stdout)
            self.assertIn("NOT ALL PROVED", r.stdout)

    def test_a_single_prover_timeout_is_unproved(self):
        log = (goal("Valid", "typed_alpha_ensures")
               + "[wp] [CVC4 1.8] Goal typed_beta_gamma_ensures : Timeout (Qed:94ms) (20s)\n" + tally(1, 2))
        r = self.run_summary(log)
        self.assertEqual(r.returncode, 1)
        self.assertIn("unproved: typed_beta_gamma_ensures (b.c)", r.stdout)

    def test_a_failed_smoke_test_fails(self):
        log = (goal("Valid", "typed_alpha_ensures")
               + "[wp] [Failed] Smoke-test typed_alpha_wp_smoke_default_requires\n" + tally(1, 1))
        r = self.run_summary(log)
        self.assertEqual(r.returncode, 1)
        self.assertIn("smoke test failed", r.stdout)

    def test_no_tally_fails(self):
        r = self.run_summary("[kernel] Parsing a.c\n[kernel] User Error: syntax error\n")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no tally", r.stdout)

    def test_an_empty_run_fails(self):
        r = self.run_summary(tally(0, 0))
        self.assertEqual(r.returncode, 1)

    def test_a_file_without_functions_says_so(self):
        r = self.run_summary(goal("Valid", "typed_alpha_ensures") + tally(1, 1),
                             [self.a, self.empty])
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("  table.c: no goals", r.stdout)

    def test_several_runs_count_every_goal_once(self):
        log = (goal("Valid", "typed_alpha_ensures") + tally(1, 1)
               + goal("Failed", "typed_beta_gamma_ensures") + tally(0, 1))
        r = self.run_summary(log)
        self.assertEqual(r.returncode, 1)
        self.assertIn("prove: 1 of 2 goals proved -- NOT ALL PROVED", r.stdout)

    def test_a_goal_proved_again_later_counts_as_proved(self):
        first = goal("Valid", "typed_alpha_ensures") + goal("Timeout", "typed_beta_gamma_ensures") + tally(1, 2)
        second = goal("Valid", "typed_beta_gamma_ensures", "Z3 4.8.12") + tally(1, 1)
        r = self.run_summary(first + second)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("prove: 2 of 2 goals proved", r.stdout)
        r = self.run_summary(second + first)
        self.assertEqual(r.returncode, 1, r.stdout)

    def test_unproved_functions_names_their_functions(self):
        with open(os.path.join(self.dir, "wp.log"), "w", encoding="utf-8") as f:
            f.write(goal("Valid", "typed_alpha_ensures")
                    + "[wp] [CVC4 1.8] Goal typed_beta_gamma_ensures : Timeout (Qed:94ms) (20s)\n"
                    + "[wp] [Failed] Smoke-test typed_ghost_help_wp_smoke_default_requires\n"
                    + tally(1, 3))
        r = subprocess.run([sys.executable, SUMMARY, "--unproved-functions", "wp.log", self.a, self.b],
                           cwd=self.dir, capture_output=True, text=True, check=True)
        self.assertEqual(r.stdout.strip(), "beta_gamma,ghost_help")

    def queue(self, count, table, functions):
        with open(os.path.join(self.dir, "costs"), "w", encoding="utf-8") as f:
            f.write(table)
        r = subprocess.run([sys.executable, SUMMARY, "--queue", str(count), "costs", functions],
                           cwd=self.dir, capture_output=True, text=True, check=True)
        lines = [line.split(" ") for line in r.stdout.splitlines()]
        self.passes = [first_pass for first_pass, _ in lines]
        return [batch.split(",") for _, batch in lines]

    def test_queue_deals_every_function_once(self):
        table = "# a comment\nalpha 40\nbeta 1 again\ngamma 30.5\ndelta 2\nunused 3\nzeta 2\n"
        batches = self.queue(2, table, "alpha,beta,delta,epsilon,gamma")
        dealt = [fn for batch in batches for fn in batch]
        self.assertEqual(sorted(dealt), ["alpha", "beta", "delta", "epsilon", "gamma"])
        # What needed the second pass first, alone and straight to it; then
        # the costliest, from the first pass.
        self.assertEqual(batches[0], ["beta"])
        self.assertEqual(self.passes, ["second"] + ["first"] * (len(batches) - 1))
        self.assertEqual(dealt[1:3], ["alpha", "gamma"])
        # A function the table lacks counts as a median one (3 here).
        self.assertEqual(dealt[-2:], ["epsilon", "delta"])
        self.assertEqual(self.queue(3, "", "a"), [["a"]])

    def test_queue_batches_shrink(self):
        table = "".join(f"f{i} 10\n" for i in range(40))
        batches = self.queue(2, table, ",".join(f"f{i}" for i in range(40)))
        sizes = [len(batch) for batch in batches]
        self.assertEqual(sum(sizes), 40)
        self.assertEqual(sizes, sorted(sizes, reverse=True))
        self.assertGreater(sizes[0], sizes[-1])

    def test_costs_add_up_each_function_and_mark_the_unproved(self):
        with open(os.path.join(self.dir, "wp.log"), "w", encoding="utf-8") as f:
            f.write("[wp] [Qed] Goal typed_alpha_ensures : Valid (1s)\n"
                    "[wp] [CVC4 1.8] Goal typed_alpha_assigns : Valid (Qed:2s) (3s) (19486)\n"
                    "[wp] [Passed] Smoke-test typed_alpha_wp_smoke_default_requires\n"
                    "[wp] [CVC4 1.8] Goal typed_beta_gamma_ensures : Step limit (Qed:500ms) (1000000)\n"
                    "[wp] [Z3 4.8.12] Goal typed_beta_gamma_ensures : Valid (Qed:500ms) (250ms) (4000)\n"
                    + tally(2, 3))
        r = subprocess.run([sys.executable, SUMMARY, "--costs", "wp.log", self.a, self.b],
                           cwd=self.dir, capture_output=True, text=True, check=True)
        lines = [line.split() for line in r.stdout.splitlines()]
        self.assertEqual([line[0] for line in lines], ["alpha", "beta_gamma"])
        self.assertEqual(lines[0][2:], [])
        self.assertEqual(lines[1][2:], ["again"])
        # Qed's time weighs more than a prover's (it is Frama-C's own work).
        self.assertGreater(float(lines[0][1]), 6)
        self.assertLess(float(lines[0][1]), float(lines[1][1]) * 10)

    def test_functions_lists_what_files_define(self):
        r = subprocess.run([sys.executable, SUMMARY, "--functions", self.a, self.b],
                           cwd=self.dir, capture_output=True, text=True, check=True)
        self.assertEqual(r.stdout.strip(), "alpha,beta_gamma,ghost_help")


if __name__ == "__main__":
    unittest.main()
