/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one interface between kernel/ and arch/<arch>/.
 *
 * Each architecture implements every function here; kernel/ calls nothing else
 * of arch/. The contracts are trusted (the code behind them is assembly or
 * touches devices), so they state only what kernel/ relies on.
 */
#ifndef CAIRN_ARCH_H
#define CAIRN_ARCH_H

#include "bootinfo.h"
#include "types.h"

struct selftest;

/* Models what the console has printed; only proofs read it. */
/*@ ghost extern int arch_console_log; */

/* Write one byte to the kernel console (COM1 on x86_64, SBI on riscv64). */
/*@ assigns arch_console_log; */
void arch_putchar(char c);

/*
 * Fill `bi` from what the firmware handed over, including the kernel image
 * among the reserved ranges. On malformed input, print one line saying what
 * is wrong and where, and return false.
 */
/*@ requires \valid(bi);
    assigns *bi, arch_console_log;
    ensures \result ==> boot_info_ok(bi); */
bool arch_boot_info(struct boot_info *bi);

/*
 * Start the periodic timer interrupt at `tick_hz`; each tick calls
 * kernel_timer_tick(). Returns the timer's input frequency in Hz (LAPIC bus
 * clock as calibrated, or the device tree's timebase), 0 if it cannot run.
 */
/*@ requires tick_hz > 0;
    assigns arch_console_log; */
uint64_t arch_timer_start(uint32_t tick_hz);

/* Let interrupts in on this CPU. */
/*@ assigns \nothing; */
void arch_interrupts_enable(void);

/* Sleep until the next interrupt (interrupts on). */
/*@ assigns \nothing; */
void arch_idle(void);

/* Tell the CPU this is a spin-wait loop. */
/*@ assigns \nothing; */
void arch_cpu_relax(void);

/*
 * The kernel's direct-map address of the `len` bytes of physical memory at
 * `pa`. Trusted: the caller passes memory the firmware reported, which the
 * arch layer maps whole (x86_64: everything below 4 GiB and all reported
 * RAM up to 512 GiB; riscv64: the first 64 GiB).
 */
/*@ requires len > 0;
    assigns \result \from pa;
    ensures \valid((char *)\result + (0 .. len - 1));
*/
void *arch_phys_to_virt(paddr_t pa, size_t len);

/*
 * The same bytes as kernel/ writes them: arch_phys_to_virt typed as bytes,
 * with a logic name for each page's bytes (the memory a kernel function
 * fills, such as init's pages, is named in its assigns clause through it).
 */
/*@ axiomatic ByteView {
      logic uint8_t *bytes_view(integer pa);
    }
*/
/*@ requires len > 0;
    assigns \result \from pa;
    ensures \result == bytes_view(pa);
    ensures \valid(\result + (0 .. len - 1));
*/
uint8_t *arch_bytes_at(paddr_t pa, size_t len);

/* init's ELF image, linked into the kernel image: `*size` bytes. */
/*@ axiomatic InitImage {
      logic uint8_t *init_image_view;   // where the kernel image holds it
    }
*/
/*@ requires \valid(size);
    assigns *size;
    ensures *size > 0 && \valid_read(\result + (0 .. *size - 1));
    ensures \result == init_image_view;
*/
const uint8_t *arch_init_image(uint64_t *size);

/*
 * The direct-map view of `count` capability slots at `pa` (a CNode's slot
 * array): arch_phys_to_virt with the type the kernel reads them as. Trusted
 * in the same way; the CNode capability that names `pa` vouches for it.
 */
struct slot;
/*@ axiomatic SlotView {
      logic struct slot *slots_view(integer pa);   // the direct map's slots at pa
      // Slots at different addresses are different, separate slots.
      axiom slots_view_separated: \forall integer a, b;
        a != b ==> \separated(slots_view(a), slots_view(b));
    }
*/
/*@ requires count > 0;
    assigns \result \from pa;
    ensures \result == slots_view(pa);
    ensures \valid(\result + (0 .. count - 1));
*/
struct slot *arch_slots_at(paddr_t pa, size_t count);

/* The direct map's words at `pa`: a thread's IPC buffer. Trusted as
 * arch_slots_at; the TCB that names the buffer vouches for it. */
/*@ requires count > 0;
    assigns \result \from pa;
    ensures \valid(\result + (0 .. count - 1));
*/
uint64_t *arch_words_at(paddr_t pa, size_t count);

/* The direct-map view of the thread control block at `pa`: trusted as
 * arch_slots_at; the TCB capability that names `pa` vouches for it. */
struct tcb;
/*@ axiomatic TcbView {
      logic struct tcb *tcb_view(integer pa);
      axiom tcb_view_separated: \forall integer a, b;
        a != b ==> \separated(tcb_view(a), tcb_view(b));
      // A thread's own slots follow its struct tcb in the object (tcb.h).
      axiom tcb_view_not_slots: \forall integer a, b;
        \separated(tcb_view(a), slots_view(b));
    }
*/
/*@ assigns \result \from pa;
    ensures \result == tcb_view(pa);
    ensures \valid(\result);
*/
struct tcb *arch_tcb_at(paddr_t pa);

/*
 * Power off with `status` (0: success) through QEMU's exit device; where
 * there is none, reset through the firmware, and failing that halt.
 */
/*@ assigns \nothing;
    ensures \false; */
_Noreturn void arch_poweroff(int status);

/* Stop this CPU for good, interrupts off. */
/*@ assigns \nothing;
    ensures \false; */
_Noreturn void arch_halt(void);

/* Run the architecture's own self-tests (its boot parsers on bad input, ...). */
/*@ requires \valid(t);
    assigns *t, arch_console_log; */
void arch_selftest(struct selftest *t);

/* ---- Address spaces --------------------------------------------------------
 *
 * Both architectures use 4 KiB pages and page tables of 512 eight-byte
 * entries, 9 address bits a level; kernel/vspace.c walks them generically and
 * asks the arch layer only what an entry means. Level 0 holds the 4 KiB
 * leaves; the root is level arch_pt_levels() - 1. User addresses are those
 * below arch_user_top(); the kernel's half is shared by every VSpace.
 */
#define PT_ENTRIES   512u
#define PT_LEVEL_BITS 9u
#define PT_MAX_LEVELS 5u

typedef uint64_t pte_t;

/* The page tables, seen through the direct map (as arch_slots_at for CNodes):
 * tables at different addresses are different memory. */
/*@ axiomatic PtView {
      logic pte_t *pt_view(integer pa);
      axiom pt_view_separated: \forall integer a, b;
        a != b ==> \separated(pt_view(a) + (0 .. PT_ENTRIES - 1), pt_view(b) + (0 .. PT_ENTRIES - 1));
    }
*/
/* Every entry of every page table, for the assigns clause of a page-table
 * walk, which cannot name the tables before it finds them. */
#define PT_ALL_ENTRIES { pt_view(pt_pa_)[pt_i_] | integer pt_pa_, integer pt_i_; 0 <= pt_i_ < PT_ENTRIES }
/*@ requires pa % PAGE_SIZE == 0;
    assigns \result \from pa;
    ensures \result == pt_view(pa);
    ensures \valid(\result + (0 .. PT_ENTRIES - 1)); */
pte_t *arch_pt_at(paddr_t pa);

/* What a leaf may allow. */
#define MAP_READ    1u
#define MAP_WRITE   2u
#define MAP_EXECUTE 4u

/*@ assigns \nothing;
    ensures 3 <= \result <= 4; */
unsigned arch_pt_levels(void);

/* The first address that is not user space. */
/*@ assigns \nothing;
    ensures 0x100000000 <= \result <= 0x800000000000; */
uint64_t arch_user_top(void);

/*@ axiomatic PteFormat {
      // What an entry means, as the arch layer's functions below define it.
      predicate pte_present(pte_t e);
      predicate pte_is_table(pte_t e);
      logic integer pte_addr(pte_t e);
    }
*/

/*@ assigns \nothing;
    ensures \result <==> pte_present(e); */
bool arch_pte_present(pte_t e);

/* Does a present entry above level 0 point to a further table (not a large page)? */
/*@ assigns \nothing;
    ensures \result <==> pte_is_table(e); */
bool arch_pte_is_table(pte_t e);

/*@ assigns \nothing;
    ensures \result == pte_addr(e);
    ensures \result % PAGE_SIZE == 0;
    ensures \result < 0x10000000000000; */
paddr_t arch_pte_addr(pte_t e);

/* An entry pointing to the table at `pa`, usable from user mode. */
/*@ requires pa % PAGE_SIZE == 0 && pa < 0x10000000000000;
    assigns \nothing;
    ensures pte_present(\result) && pte_is_table(\result);
    ensures pte_addr(\result) == pa; */
pte_t arch_pte_table(paddr_t pa);

/* A user leaf for the page at `pa` with `map` (MAP_* bits, never write and
 * execute together); `device` makes it uncached. */
/*@ requires pa % PAGE_SIZE == 0 && pa < 0x10000000000000;
    requires map != 0 && map <= 7;
    assigns \nothing;
    ensures pte_present(\result) && !pte_is_table(\result);
    ensures pte_addr(\result) == pa; */
pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device);

/* Fill the kernel half of a fresh root table (the user half is left alone). */
/*@ requires \valid(root + (0 .. PT_ENTRIES - 1));
    assigns root[0 .. PT_ENTRIES - 1]; */
void arch_vspace_init_root(pte_t *root);

/* Switch this CPU to the address space whose root table is at `root`. */
/*@ assigns \nothing; */
void arch_vspace_activate(paddr_t root);

/* Forget any cached translation of the user page at `va` on this CPU. */
/*@ assigns \nothing; */
void arch_tlb_flush_page(uint64_t va);

/* ---- User threads ------------------------------------------------------------
 *
 * A thread's user state lives in its TCB as a block of words whose layout only
 * the arch layer knows; kernel/ reads and writes it through these functions.
 */
#define USER_CONTEXT_WORDS 88u

/* 16-byte aligned: x86_64 keeps its FXSAVE area in it. */
struct user_context {
    uint64_t w[USER_CONTEXT_WORDS];
} __attribute__((aligned(16)));

/* The registers kernel/ needs by role (spec/api.toml, [abi.*]). */
enum user_reg {
    USER_REG_PC,        /* where the thread resumes */
    USER_REG_SP,
    USER_REG_ARG0,      /* the first C argument: what init's entry point receives */
    USER_REG_SYSCALL,   /* the system-call number */
    USER_REG_CPTR,
    USER_REG_MSGINFO,
    USER_REG_MSG0,      /* the message registers, USER_MSG_REGS of them */
};
#define USER_MSG_REGS 4u
#define USER_REG_COUNT (USER_REG_MSG0 + USER_MSG_REGS)

/*@ requires \valid_read(c) && r < USER_REG_COUNT;
    assigns \nothing; */
uint64_t arch_user_reg(const struct user_context *c, unsigned r);

/*@ requires \valid(c) && r < USER_REG_COUNT;
    assigns *c; */
void arch_user_reg_set(struct user_context *c, unsigned r, uint64_t v);

/*
 * The register frame of read_registers and write_registers: spec/api.toml
 * [abi.<arch>].registers, in that order, at most USER_FRAME_MAX_WORDS words.
 * Indices past the arch's frame read as 0 and write nothing.
 */
#define USER_FRAME_MAX_WORDS 32u

/*@ assigns \nothing;
    ensures 0 < \result <= USER_FRAME_MAX_WORDS; */
uint32_t arch_user_frame_words(void);

/*@ requires \valid_read(c) && i < USER_FRAME_MAX_WORDS;
    assigns \nothing; */
uint64_t arch_user_frame_get(const struct user_context *c, uint32_t i);

/* A written frame leaves the kernel by the exit that restores every register,
 * and the exit path still sanitises what the thread may not choose. */
/*@ requires \valid(c) && i < USER_FRAME_MAX_WORDS;
    assigns *c; */
void arch_user_frame_set(struct user_context *c, uint32_t i, uint64_t v);

/*
 * The thread whose context is `c` is destroyed: the arch keeps no state of
 * it in the CPU (its floating-point registers) to be saved there later, when
 * the memory may be something else.
 */
/*@ requires \valid_read(c);
    assigns \nothing; */
void arch_user_context_forget(const struct user_context *c);

/* A fresh user context: every register zero, user mode, interrupts on,
 * starting at `pc` with stack `sp`. */
/*@ requires \valid(c);
    assigns *c; */
void arch_user_context_init(struct user_context *c, uint64_t pc, uint64_t sp);

/*
 * Run the thread whose saved state is `c` in the address space already
 * active: exceptions, interrupts and system calls from it save its state back
 * into `c` and enter the kernel through kernel_syscall / kernel_user_fault /
 * the timer (kernel.h).
 */
/*@ requires \valid(c);
    assigns \nothing;
    ensures \false; */
_Noreturn void arch_user_enter(struct user_context *c);

/* ---- Interrupt lines ---------------------------------------------------------
 *
 * The device interrupts user space may claim (kernel/irq.c): GSIs of the I/O
 * APICs on x86_64, PLIC sources on riscv64, numbered from 0. A line is
 * masked from boot until kernel/ unmasks it; when it fires the arch layer
 * masks it and acknowledges the controller before it calls
 * kernel_interrupt (kernel.h), so a line never fires twice unasked. The
 * kernel's own timer is not among them.
 */
#define IRQ_LINES_MAX 256u   /* the size of kernel/irq.c's table of lines */

/* Find the interrupt controllers, mask every line and say how many there are. */
/*@ assigns arch_console_log; */
void arch_irq_init(void);

/* Lines are numbered below this. */
/*@ assigns \nothing;
    ensures \result <= IRQ_LINES_MAX; */
uint32_t arch_irq_lines(void);

/* Whether user space may have `line`: the controller has it, and the
 * kernel does not keep it for itself. */
/*@ requires line < IRQ_LINES_MAX;
    assigns \nothing; */
bool arch_irq_usable(uint32_t line);

/* Stop `line` from interrupting, and let it interrupt again. Only called
 * for usable lines; hardware state the proofs do not model. */
/*@ requires line < IRQ_LINES_MAX;
    assigns \nothing; */
void arch_irq_mask(uint32_t line);

/*@ requires line < IRQ_LINES_MAX;
    assigns \nothing; */
void arch_irq_unmask(uint32_t line);

#ifdef CAIRN_HAS_IO_PORTS
/* ---- I/O ports (x86_64) --------------------------------------------------------
 * One access of `bytes` (1, 2 or 4) at `port`, on behalf of a thread whose
 * I/O port capability covers it (kernel/io_port.c). Device state the proofs
 * do not model. */
/*@ requires bytes == 1 || bytes == 2 || bytes == 4;
    assigns \nothing; */
uint32_t arch_port_in(uint16_t port, unsigned bytes);

/*@ requires bytes == 1 || bytes == 2 || bytes == 4;
    assigns \nothing; */
void arch_port_out(uint16_t port, unsigned bytes, uint32_t value);
#endif

/* Execute an undefined instruction on purpose: the `fault-test` boot option. */
/*@ assigns \nothing; */
void arch_trigger_fault(void);

/* The kernel build inlines the accessors the IPC path uses most. */
#if defined(CAIRN_ARCH_INLINE) && !defined(__FRAMAC__)
#include "arch_fast.h"
#endif

#endif
