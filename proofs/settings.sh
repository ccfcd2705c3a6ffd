# SPDX-License-Identifier: GPL-2.0-only
# Frama-C settings for scripts/prove: one place to read what is checked and how.
# Sourced by scripts/prove, which sets $out (the build directory of the proofs,
# holding the generated interface headers in $out/gen).
#   -cpp-extra-args      include paths; the version and arch name macros arrive
#                        as string literals (\" survives the shell frama-c runs cpp in)
#   -wp-rte              prove the absence of run-time errors (bounds, overflow, ...)
#   -warn-*              make unsigned wrap-around and downcasts errors to prove absent too
#   -wp-literals         give the provers the contents of string literals (valid_read_string)
#   -wp-smoke-tests      catch contradictory preconditions and loop invariants that
#                        would make proofs vacuous. Dead-call and dead-code smoke
#                        tests are off: every call to a _Noreturn function
#                        (ensures \false) "fails" them by design, and each one that
#                        passes costs a prover time-out (see proofs/README.md).
#   limits               scripts/prove picks the provers and limits per pass
#                        (PROVE_PASS1, PROVE_PASS2 below): CVC4 first, then
#                        CVC4 and Z3 for the functions CVC4 alone leaves
#                        unproved (Alt-Ergo is not packaged in Debian 12).
#                        A goal's budget is prover steps (the solvers'
#                        deterministic resource counters), not seconds: a
#                        time limit let a goal near it fail on a loaded
#                        machine and prove on a quiet one. Z3 counts about 30
#                        times as many steps as CVC4 for the same work, so the
#                        pass where both run has the larger budget (CVC4
#                        replays there what it proved in the first pass;
#                        Z3 is what that pass is for). -wp-timeout is only a
#                        backstop, far above the time any budget takes.
#   -wp-cache update     known proofs are replayed from proofs/cache (in the
#                        build's sense: never committed; delete it to start over)
#   OCAMLRUNPARAM        not a setting of what is proved: a larger minor heap
#                        and less eager major collections for Frama-C (OCaml)
#                        took an eighth off its own CPU time (about 40% of
#                        the run's; the provers have the rest).
export OCAMLRUNPARAM=${OCAMLRUNPARAM:-s=32M,o=400}
FRAMAC_ARGS=(
    -c11 -machdep gcc_x86_64
    "-cpp-extra-args=-Ikernel/include -Ispec/acsl -Ispec/include -I$out/gen -I$out/gen/kernel -DCAIRN_HAS_IO_PORTS -DCAIRN_DEBUG_SYSCALLS -DCAIRN_ELF_MACHINE=62 -DCAIRN_VERSION=\\\"proof\\\" -DCAIRN_ARCH_NAME=\\\"proof\\\""
    -wp -wp-rte -wp-literals
    -warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast
    -wp-smoke-tests -wp-no-smoke-dead-call -wp-no-smoke-dead-code -wp-smoke-timeout 1
    -wp-par 2
    -wp-cache update -wp-cache-dir proofs/cache
)
PROVE_PASS1=(-wp-prover cvc4 -wp-steps 1000000 -wp-timeout 180)
PROVE_PASS2=(-wp-prover cvc4,z3 -wp-steps 40000000 -wp-timeout 120)
