/* SPDX-License-Identifier: GPL-2.0-only */
/* Entry points of the generic kernel that arch/ calls, and how it stops. */
#ifndef CAIRN_KERNEL_H
#define CAIRN_KERNEL_H

#include "cairn/api_types.h"
#include "types.h"

/* Inlining the IPC path's length depends on, said where it matters: a
 * helper folded into its caller, or a general path kept out of the fast
 * path's way in (so that the way in saves no registers for it). */
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))

/* Ticks per second of the kernel's periodic timer. */
#define KERNEL_TICK_HZ 100u

/* True when the command line asked for the self-tests (the word `test`). */
extern bool kernel_testing;

/* Called once by the arch entry code, on the boot CPU, after the console and
 * the trap vectors are ready and with interrupts off. */
_Noreturn void kernel_main(void);

/* Called by the arch timer interrupt handler on every tick. */
void kernel_timer_tick(void);

/* Timer ticks since the timer started. */
uint64_t kernel_ticks(void);


/* From arch/: the current user thread made a system call; its state is saved
 * in the context given to arch_user_enter. */
_Noreturn void kernel_syscall(void);

/* What a user thread did that the kernel cannot let it go on from: one of
 * CAIRN_FAULT_* (spec/api.toml numbers them below 256), the label of the
 * thread's fault message (fault.c). */
typedef uint8_t fault_kind_t;

/* From arch/: the current user thread faulted (its pc is USER_REG_PC): `kind`
 * is what it did (CAIRN_FAULT_*, spec/api.toml), `addr` the faulting address
 * for page faults, `code` the arch's own cause (vector, scause). */
_Noreturn void kernel_user_fault(fault_kind_t kind, uint64_t addr, uint64_t code);

/* From arch/: an interrupt arrived while a user thread ran and has been
 * handled; continue with whatever should run now. */
_Noreturn void kernel_user_resume(void);

/* From arch/: device interrupt `line` (arch.h, "Interrupt lines") arrived
 * while a user thread ran or the kernel idled, and the arch layer has
 * masked it: signal what it is bound to and continue with whatever should
 * run now. */
_Noreturn void kernel_interrupt(uint32_t line);

/* Print "PANIC: why" and stop; `why` is a string literal (see kputl). */
#define panic(why) panic_with("" why, sizeof("" why) - 1)
_Noreturn void panic_with(const char *why, size_t len);

/* Stop after the arch layer printed its own PANIC: line (an unexpected trap):
 * in test mode power off with a failure status so the host sees it at once,
 * otherwise halt so the message stays on the screen. */
_Noreturn void panic_stop(void);

#endif
