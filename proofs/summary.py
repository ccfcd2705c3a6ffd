#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise a Frama-C WP run for scripts/prove, per file; exit 1 if any goal is unproved.

usage: summary.py LOG FILE.c...
       summary.py --functions FILE.c...   (the functions the files define, comma-separated)
WP names each goal typed_<function>_<what>; the function is found in the file
that defines it. Smoke tests (contradictory preconditions) that fail count too.
"""
import os
import re
import sys

DEFINITION = re.compile(r"^(?!\s)(?!#)(?!typedef)[\w\s\*]*?\b(\w+)\s*\([^;]*$")
# A ghost function, defined on one line inside an annotation.
GHOST_DEFINITION = re.compile(r"^\s+(?:void|bool|int|unsigned|u?int\d+_t|size_t)\s+\**(\w+)\s*\(.*\)\s*\{")


def functions_by_file(files):
    owner = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = DEFINITION.match(line) or GHOST_DEFINITION.match(line)
                if m and m.group(1) not in ("if", "for", "while", "switch", "return"):
                    owner[m.group(1)] = path
    return owner


def file_of(goal, owner):
    if goal.startswith("typed_lemma_"):
        return "lemmas (spec/acsl, headers)"
    # Longest function name that prefixes the goal name wins (pmm_add vs pmm_add_x).
    # Goals that need no memory model (a _Noreturn function's) have no prefix.
    name = goal[len("typed_"):] if goal.startswith("typed_") else goal
    best = None
    for fn in owner:
        if name.startswith(fn + "_") and (best is None or len(fn) > len(best)):
            best = fn
    return owner.get(best, "(other)")


def main():
    if sys.argv[1] == "--functions":
        print(",".join(sorted(functions_by_file(sys.argv[2:]))))
        return 0
    log, files = sys.argv[1], sys.argv[2:]
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    tally = re.search(r"Proved goals:\s+(\d+) / (\d+)", text)
    if not tally:
        print(f"prove: WP gave no tally (see {log})")
        return 1
    owner = functions_by_file(files)
    goals = re.findall(r"\[wp\] \[([^\]]+)\] Goal (\S+) :", text)
    unproved = re.findall(r"\[wp\] \[(?:Failed|Unknown|Timeout)\] Goal (\S+)", text)
    smoke = re.findall(r"\[wp\] \[(?!Passed)[^\]]+\] Smoke-test (\S+)", text)
    per_file = {path: [0, 0] for path in files}
    for _, goal in goals:
        per_file.setdefault(file_of(goal, owner), [0, 0])[0] += 1
    for goal in unproved:
        per_file.setdefault(file_of(goal, owner), [0, 0])[1] += 1
    for path, (valid, bad) in per_file.items():
        # The generated decoders come with an absolute path: show it from
        # the project's root when it lies inside it.
        shown = path
        if os.path.isabs(path) and not os.path.relpath(path).startswith(".."):
            shown = os.path.relpath(path)
        if valid + bad == 0:
            print(f"  {shown}: no goals (no function to prove)")
        else:
            print(f"  {shown}: {valid} of {valid + bad} goals proved")
    for goal in unproved:
        print(f"  unproved: {goal} ({file_of(goal, owner)})")
    for goal in smoke:
        print(f"  smoke test failed (contradictory precondition?): {goal}")
    valid, total = int(tally.group(1)), int(tally.group(2))
    ok = total > 0 and valid == total and not unproved and not smoke
    print(f"prove: {valid} of {total} goals proved" + ("" if ok else " -- NOT ALL PROVED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
