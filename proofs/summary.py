#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise a Frama-C WP run for scripts/prove, per file; exit 1 if any goal is unproved.

usage: summary.py LOG FILE.c...
       summary.py --functions FILE.c...   (the functions the files define, comma-separated)
       summary.py --queue N COSTS F1,F2,...  (those functions in batches for N runs, one per line)
       summary.py --costs LOG FILE.c...   (each function's cost in LOG, a table for --queue)
       summary.py --unproved-functions LOG FILE.c...  (functions with goals LOG left unproved)
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


# A goal's or smoke test's line in a log: status, kind, name, the rest.
GOAL_LINE = re.compile(r"^\[wp\] \[([^\]]+)\] (Goal|Smoke-test) (\S+)(.*)$", re.MULTILINE)


def function_of(goal, owner):
    """The function a goal belongs to, or None."""
    # Longest function name that prefixes the goal name wins (pmm_add vs pmm_add_x).
    # Goals that need no memory model (a _Noreturn function's) have no prefix.
    name = goal[len("typed_"):] if goal.startswith("typed_") else goal
    return max((fn for fn in owner if name.startswith(fn + "_")), key=len, default=None)


def file_of(goal, owner):
    if goal.startswith("typed_lemma_"):
        return "lemmas (spec/acsl, headers)"
    return owner.get(function_of(goal, owner), "(other)")


def proved(status, kind, rest):
    """Whether a GOAL_LINE says proved (a goal) or passed (a smoke test)."""
    # A goal one prover tried alone ends in ": Valid", ": Timeout", ...;
    # one several provers failed is "[Failed] Goal NAME" with no verdict.
    return status == "Passed" if kind == "Smoke-test" else rest.strip().startswith(": Valid")


def verdicts_of(text):
    """Each goal's and smoke test's last verdict in a log: True when proved (passed)."""
    return {(kind, name): proved(status, kind, rest)
            for status, kind, name, rest in GOAL_LINE.findall(text)}


def unproved_functions(log, files):
    """The functions with a goal or smoke test not proved in `log`, comma-separated."""
    with open(log, encoding="utf-8", errors="replace") as f:
        verdicts = verdicts_of(f.read())
    owner = functions_by_file(files)
    found = set()
    for (_, name), ok in verdicts.items():
        fn = function_of(name, owner)
        if not ok and fn is not None:
            found.add(fn)
    return ",".join(sorted(found))


# A goal line's times: "(Qed:11ms) (50ms) (19486)" -- Qed's, the prover's,
# steps; a goal Qed proved gives only Qed's, "(0.73ms)".
TIME = re.compile(r"\((Qed:)?(\d+(?:\.\d+)?)(ms|s)\)")
UNIT = {"ms": 0.001, "s": 1.0}
# Fitted to the CPU time of a cold run's Frama-C runs and their provers: a
# goal's cost besides its Qed and prover times (Frama-C's own work, the
# prover's start), Frama-C's work per second of Qed, and a smoke test's,
# whose time the log does not give.
GOAL_COST = 0.026
QED_FACTOR = 1.15
SMOKE_COST = 0.6
# Each Frama-C run first parses every file, about 5 s: a batch is worth a
# run of its own only well above that.
LEAST_BATCH = 40


def costs(log, files):
    """Each function's cost in seconds in `log`, a line "function seconds",
    with "again" after it when the first pass left a goal of it unproved."""
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    owner = functions_by_file(files)
    cost, again = {}, set()
    for status, kind, name, rest in GOAL_LINE.findall(text):
        best = function_of(name, owner)
        if best is None:
            continue
        seconds = GOAL_COST + (SMOKE_COST if kind == "Smoke-test" else 0)
        for qed, value, unit in TIME.findall(rest):
            t = float(value) * UNIT[unit]
            seconds += t * QED_FACTOR if qed or status == "Qed" else t
        cost[best] = cost.get(best, 0) + seconds
        if not proved(status, kind, rest):
            again.add(best)
    return "".join(f"{fn} {cost[fn]:.2f}{' again' if fn in again else ''}\n" for fn in sorted(cost))


def queue(count, table, functions):
    """`functions` in batches for `count` runs side by side, each with the
    pass it starts in ("first" or "second").

    The functions that needed the second pass come first, in small batches
    that go straight to the second pass (their first pass would only find
    again what the table says), so that it overlaps the first pass of the
    others; then the costliest. Each batch takes about 1/(2*count) of the
    cost left (never less than 1/(8*count) of the whole, nor than
    LEAST_BATCH), so the batches shrink and the runs that take the last ones
    end together. A function the table lacks (new) is given the table's
    median cost."""
    cost, again = {}, set()
    with open(table, encoding="utf-8") if os.path.exists(table) else open(os.devnull) as f:
        for line in f:
            fields = line.split("#")[0].split()
            if len(fields) >= 2:
                cost[fields[0]] = float(fields[1])
                if fields[2:] == ["again"]:
                    again.add(fields[0])
    known = sorted(cost.values())
    default = known[len(known) // 2] if known else 1.0
    order = sorted(functions, key=lambda fn: (fn not in again, -cost.get(fn, default), fn))
    left = sum(cost.get(fn, default) for fn in order)
    least = max(left / (8 * count), LEAST_BATCH)
    batches = []
    while order:
        target = least if order[0] in again else max(left / (2 * count), least)
        batch, held = [], 0.0
        # A batch is all `again` functions or none, and about `target` big.
        while order and (not batch or ((order[0] in again) == (batch[0] in again) and
                                       held + cost.get(order[0], default) <= target * 1.1)):
            fn = order.pop(0)
            batch.append(fn)
            held += cost.get(fn, default)
        left -= held
        batches.append(("second" if batch[0] in again else "first", batch))
    return batches


def main():
    if sys.argv[1] == "--functions":
        print(",".join(sorted(functions_by_file(sys.argv[2:]))))
        return 0
    if sys.argv[1] == "--unproved-functions":
        print(unproved_functions(sys.argv[2], sys.argv[3:]))
        return 0
    if sys.argv[1] == "--costs":
        sys.stdout.write(costs(sys.argv[2], sys.argv[3:]))
        return 0
    if sys.argv[1] == "--queue":
        functions = [fn for fn in sys.argv[4].split(",") if fn]
        for first_pass, batch in queue(int(sys.argv[2]), sys.argv[3], functions):
            print(first_pass, ",".join(batch))
        return 0
    log, files = sys.argv[1], sys.argv[2:]
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # Every Frama-C run ends with a tally; one without stopped early.
    if not re.search(r"Proved goals:\s+\d+ / \d+", text):
        print(f"prove: WP gave no tally (see {log})")
        return 1
    # The log may hold several runs (scripts/prove proves again, with a
    # second prover, the functions the first left unproved): a goal's last
    # verdict is the one that counts.
    verdicts = verdicts_of(text)
    owner = functions_by_file(files)
    unproved = [n for (k, n), ok in verdicts.items() if k == "Goal" and not ok]
    smoke = [n for (k, n), ok in verdicts.items() if k == "Smoke-test" and not ok]
    per_file = {path: [0, 0] for path in files}
    for (kind, goal), ok in verdicts.items():
        if kind == "Goal":
            per_file.setdefault(file_of(goal, owner), [0, 0])[0 if ok else 1] += 1
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
    total = len(verdicts)
    valid = sum(verdicts.values())
    ok = total > 0 and valid == total
    print(f"prove: {valid} of {total} goals proved" + ("" if ok else " -- NOT ALL PROVED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
