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
#   -wp-timeout 20       seconds per goal and prover; scripts/prove picks the
#                        provers (-wp-prover): CVC4 first, then CVC4 and Z3 for
#                        the functions CVC4 alone leaves unproved (Alt-Ergo is
#                        not packaged in Debian 12)
#   -wp-cache update     known proofs are replayed from proofs/cache (in the
#                        build's sense: never committed; delete it to start over)
FRAMAC_ARGS=(
    -c11 -machdep gcc_x86_64
    "-cpp-extra-args=-Ikernel/include -Ispec/acsl -Ispec/include -I$out/gen -I$out/gen/kernel -DCAIRN_HAS_IO_PORTS -DCAIRN_DEBUG_SYSCALLS -DCAIRN_ELF_MACHINE=62 -DCAIRN_VERSION=\\\"proof\\\" -DCAIRN_ARCH_NAME=\\\"proof\\\""
    -wp -wp-rte -wp-literals
    -warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast
    -wp-smoke-tests -wp-no-smoke-dead-call -wp-no-smoke-dead-code -wp-smoke-timeout 1
    -wp-timeout 20 -wp-par 2
    -wp-cache update -wp-cache-dir proofs/cache
)
