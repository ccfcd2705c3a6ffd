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
#   -wp-prover           CVC4 then Z3 (Alt-Ergo is not packaged in Debian 12)
#   -wp-cache MODE       known proofs are replayed from proofs/cache. scripts/prove
#                        uses `cleanup` for the full run (entries no goal used are
#                        removed, so the cache never grows stale) and `update`
#                        when given files (a partial run must not drop the others)
FRAMAC_ARGS=(
    -c11 -machdep gcc_x86_64
    "-cpp-extra-args=-Ikernel/include -Ispec/acsl -Ispec/include -I$out/gen -I$out/gen/kernel -DCAIRN_HAS_IO_PORTS -DCAIRN_DEBUG_SYSCALLS -DCAIRN_ELF_MACHINE=62 -DCAIRN_VERSION=\\\"proof\\\" -DCAIRN_ARCH_NAME=\\\"proof\\\""
    -wp -wp-rte -wp-literals
    -warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast
    -wp-smoke-tests -wp-no-smoke-dead-call -wp-no-smoke-dead-code -wp-smoke-timeout 1
    -wp-prover cvc4,z3 -wp-timeout 20 -wp-par 2
    -wp-cache "${WP_CACHE_MODE:-update}" -wp-cache-dir proofs/cache
)
