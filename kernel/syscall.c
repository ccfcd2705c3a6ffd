/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's entries from user mode (kernel.h): system calls and faults.
 * The arch layer has saved the thread's registers into its TCB; replies are
 * written back there and the thread resumes through thread_schedule.
 */
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "cnode_invoke.h"
#include "console.h"
#include "kernel.h"
#include "selftest.h"
#include "thread.h"
#include "untyped.h"
#include "vmo.h"
#include "vspace_invoke.h"

/* Labels have the bits of msginfo above CAIRN_MSGINFO_LABEL_SHIFT. */
#define LABEL_LIMIT ((uint64_t)1 << (64 - CAIRN_MSGINFO_LABEL_SHIFT))

/* The reply to an invocation: the error code as its label, a length of
 * `count` words, and the first of them (no more than the message registers
 * hold) from `out` in those registers. */
/*@ requires \valid(c) && count <= CAIRN_MSG_MAX_WORDS;
    requires \valid_read(out + (0 .. USER_MSG_REGS - 1));
    requires \separated(c, out + (0 .. USER_MSG_REGS - 1));
    assigns *c, arch_console_log;
*/
static void reply_registers(struct user_context *c, cairn_error_t err, const uint64_t *out,
                            uint32_t count)
{
    uint32_t regs = count < USER_MSG_REGS ? count : USER_MSG_REGS, i;

    if (err >= LABEL_LIMIT)
        panic("syscall: an error code wider than a label");
    /* CAIRN_MSGINFO(err, 0, count), as a product: provers handle that better than a shift. */
    arch_user_reg_set(c, USER_REG_MSGINFO, err * ((uint64_t)1 << CAIRN_MSGINFO_LABEL_SHIFT) + count);
    arch_user_reg_set(c, USER_REG_CPTR, 0);
    /*@ loop invariant 0 <= i <= regs;
        loop assigns i, *c;
        loop variant regs - i;
    */
    for (i = 0; i < regs; i++)
        arch_user_reg_set(c, USER_REG_MSG0 + i, out[i]);
}

/* The words of a reply beyond the message registers: into the IPC buffer
 * at `buffer`, as the user reads them (little-endian words). */
/*@ requires buffer != 0 && USER_MSG_REGS < count <= CAIRN_MSG_MAX_WORDS;
    requires \valid_read(out + (0 .. count - 1));
    assigns bytes_view(buffer)[0 .. 8 * CAIRN_MSG_MAX_WORDS - 1];
*/
static void reply_buffer(paddr_t buffer, const uint64_t *out, uint32_t count)
{
    uint8_t *bytes = arch_bytes_at(buffer, 8 * CAIRN_MSG_MAX_WORDS);
    uint32_t i;

    /*@ loop invariant USER_MSG_REGS <= i <= count;
        loop assigns i, bytes_view(buffer)[0 .. 8 * CAIRN_MSG_MAX_WORDS - 1];
        loop variant count - i;
    */
    for (i = USER_MSG_REGS; i < count; i++)
        put_le(bytes + 8 * i, 8, out[i]);
}

/*
 * The reply to thread `t`'s invocation: `count` words from `out`, the first
 * in the message registers and the rest in its IPC buffer. Without an IPC
 * buffer the reply is only what the registers hold, and its length says so.
 */
/*@ requires t != 0;
    requires \valid_read(out + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    requires \separated(tcb_view(t), out + (0 .. CAIRN_MSG_MAX_WORDS - 1));
*/
static void reply(paddr_t t, cairn_error_t err, const uint64_t *out, uint32_t count)
{
    struct tcb *tcb = arch_tcb_at(t);
    paddr_t buffer = tcb->ipc_buffer;

    if (count > CAIRN_MSG_MAX_WORDS)
        count = CAIRN_MSG_MAX_WORDS;
    if (buffer == 0 && count > USER_MSG_REGS)
        count = USER_MSG_REGS;
    reply_registers(&tcb->context, err, out, count);
    if (count > USER_MSG_REGS)
        reply_buffer(buffer, out, count);
}

/* A reply of no words. */
/*@ requires \valid(c);
    assigns *c, arch_console_log;
*/
static void reply_error(struct user_context *c, cairn_error_t err)
{
    const uint64_t none[USER_MSG_REGS] = { 0 };

    reply_registers(c, err, none, 0);
}

/*
 * The words of the message the thread sends: the first ones in registers,
 * the rest in its IPC buffer. Without an IPC buffer only the registers
 * count, and a method that needs more gets TRUNCATED_MESSAGE.
 */
/*@ requires \valid_read(t) && \valid(words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    requires \separated(t, words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    assigns words[0 .. CAIRN_MSG_MAX_WORDS - 1];
    ensures \result <= CAIRN_MSG_MAX_WORDS;
*/
static uint32_t message_read(const struct tcb *t, uint64_t info, uint64_t *words)
{
    uint32_t count = (uint32_t)CAIRN_MSGINFO_LENGTH(info);
    const uint64_t *buffer;
    uint32_t i;

    if (count > CAIRN_MSG_MAX_WORDS)
        count = CAIRN_MSG_MAX_WORDS;
    if (t->ipc_buffer == 0 && count > USER_MSG_REGS)
        count = USER_MSG_REGS;
    /*@ loop invariant 0 <= i <= USER_MSG_REGS;
        loop assigns i, words[0 .. USER_MSG_REGS - 1];
        loop variant USER_MSG_REGS - i;
    */
    for (i = 0; i < USER_MSG_REGS; i++)
        words[i] = arch_user_reg(&t->context, USER_REG_MSG0 + i);
    if (count <= USER_MSG_REGS)
        return count;
    buffer = arch_words_at(t->ipc_buffer, CAIRN_MSG_MAX_WORDS);
    /*@ loop invariant USER_MSG_REGS <= i <= count;
        loop assigns i, words[USER_MSG_REGS .. CAIRN_MSG_MAX_WORDS - 1];
        loop variant count - i;
    */
    for (i = USER_MSG_REGS; i < count; i++)
        words[i] = buffer[i];
    return count;
}

/*
 * Invoke the capability in `slot` of the caller's CSpace `cspace`; the
 * words of the reply go to `out`, their number to `*out_count`.
 */
/*@ requires \valid_read(cspace) && slot != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    requires \separated(out + (0 .. CAIRN_MSG_MAX_WORDS - 1), out_count);
*/
static cairn_error_t invoke(const struct cap *cspace, paddr_t slot, uint64_t label,
                            const uint64_t *words, uint32_t count, uint64_t *out,
                            uint32_t *out_count)
{
    struct cap c = slot_at(slot)->cap;

    switch (c.type) {
    case CAP_TYPE_NULL:
        return CAIRN_ERR_LOOKUP_EMPTY;
    case CAIRN_OBJ_UNTYPED:
        return untyped_invoke(cspace, slot, label, words, count);
    case CAIRN_OBJ_CNODE:
        return cnode_invoke(cspace, &c, label, words, count);
    case CAIRN_OBJ_TCB:
        if (c.object == 0)
            return CAIRN_ERR_INVALID_CAPABILITY;
        return tcb_invoke(cspace, &c, label, words, count, out, out_count);
    case CAIRN_OBJ_VSPACE:
        return vspace_invoke(cspace, &c, label, words, count);
    case CAIRN_OBJ_VMO:
        return vmo_invoke(&c, label, words, count, out, out_count);
    default:
        /* Endpoints and notifications take messages, not methods (IPC). */
        return CAIRN_ERR_INVALID_CAPABILITY;
    }
}

/* The call system call on a capability that is not an endpoint: a method. */
/*@ requires t != 0; */
static void syscall_call(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);
    uint64_t words[CAIRN_MSG_MAX_WORDS], out[CAIRN_MSG_MAX_WORDS];   /* the reply: out_count words */
    uint32_t out_count = 0;
    uint64_t info = arch_user_reg(&tcb->context, USER_REG_MSGINFO);
    uint32_t count = message_read(tcb, info, words);
    struct cap cspace = tcb->cspace;
    paddr_t slot;
    cairn_error_t err = cspace_lookup(&cspace, arch_user_reg(&tcb->context, USER_REG_CPTR), &slot);

    if (err == CAIRN_ERR_OK)
        err = invoke(&cspace, slot, CAIRN_MSGINFO_LABEL(info), words, count, out, &out_count);
    reply(t, err, out, out_count);
}

#ifdef CAIRN_DEBUG_SYSCALLS
/* debug_tests_done: init's tests are over. Only test boots have it. */
/*@ requires t != 0; */
static void syscall_tests_done(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);

    if (!kernel_testing) {
        reply_error(&tcb->context, CAIRN_ERR_ILLEGAL_OPERATION);
        return;
    }
    selftest_finish(arch_user_reg(&tcb->context, USER_REG_CPTR),
                    arch_user_reg(&tcb->context, USER_REG_MSGINFO));
}
#endif

/*@ ensures \false; */
_Noreturn void kernel_syscall(void)
{
    paddr_t t = thread_current();
    uint64_t number, c;

    if (t == 0)
        panic("syscall: no current thread");
    number = arch_user_reg(&arch_tcb_at(t)->context, USER_REG_SYSCALL);
    switch (number) {
    case CAIRN_SYS_CALL:
        syscall_call(t);
        break;
    case CAIRN_SYS_YIELD:
        thread_yield();
        break;
    case CAIRN_SYS_REPLY_RECV:
    case CAIRN_SYS_SEND:
    case CAIRN_SYS_NB_SEND:
    case CAIRN_SYS_RECV:
    case CAIRN_SYS_NB_RECV:
    case CAIRN_SYS_REPLY:
        /* IPC comes with its own issue; until then the calls are refused. */
        reply_error(&arch_tcb_at(t)->context, CAIRN_ERR_ILLEGAL_OPERATION);
        break;
#ifdef CAIRN_DEBUG_SYSCALLS
    case CAIRN_SYS_DEBUG_PUTCHAR:
        /* Bytes above ASCII would be half of some encoding: a '?' instead. */
        c = arch_user_reg(&arch_tcb_at(t)->context, USER_REG_CPTR) & 0xff;
        arch_putchar(c < 0x80 ? (char)c : '?');
        break;
    case CAIRN_SYS_DEBUG_TESTS_DONE:
        syscall_tests_done(t);
        break;
#endif
    default:
        kernel_user_fault(FAULT_BAD_SYSCALL, number, 0);
    }
    thread_schedule();
}

/*@ assigns arch_console_log; */
static void put_fault_kind(enum fault_kind kind)
{
    switch (kind) {
    case FAULT_PAGE_READ:    kputl("page fault reading"); break;
    case FAULT_PAGE_WRITE:   kputl("page fault writing"); break;
    case FAULT_PAGE_EXECUTE: kputl("page fault executing"); break;
    case FAULT_UNDEFINED:    kputl("undefined instruction"); break;
    case FAULT_PROTECTION:   kputl("protection fault"); break;
    case FAULT_ALIGNMENT:    kputl("alignment fault"); break;
    case FAULT_ARITHMETIC:   kputl("arithmetic fault"); break;
    case FAULT_BREAKPOINT:   kputl("breakpoint"); break;
    case FAULT_BAD_SYSCALL:  kputl("bad system call"); break;
    default:                 kputl("fault"); break;
    }
}

/* A thread's name: its bytes up to the first zero, ASCII only. */
/*@ assigns arch_console_log; */
static void put_name(uint64_t name)
{
    unsigned i;

    /*@ loop invariant 0 <= i <= 8;
        loop assigns i, arch_console_log;
        loop variant 8 - i;
    */
    for (i = 0; i < 8; i++) {
        uint64_t c = (name >> (8 * i)) & 0x7f;

        if (c == 0)
            break;
        arch_putchar((char)c);
    }
}

/*
 * Until faults are sent to the thread's fault endpoint (IPC), a faulting
 * thread is reported on the console and stopped; everything else goes on.
 */
/*@ ensures \false; */
_Noreturn void kernel_user_fault(enum fault_kind kind, uint64_t addr, uint64_t code)
{
    paddr_t t = thread_current();
    struct tcb *tcb;

    if (t == 0)
        panic("fault: no current thread");
    tcb = arch_tcb_at(t);
    kputl("fault: thread ");
    if (tcb->name != 0) {
        put_name(tcb->name);
    } else {
        kputl("at ");   /* a thread user space made: its TCB's address names it */
        kputx(t);
    }
    kputl(": ");
    put_fault_kind(kind);
    if (kind == FAULT_BAD_SYSCALL)
        kputl(" ");
    else
        kputl(" at ");
    kputx(addr);
    kputl(", pc ");
    kputx(arch_user_reg(&tcb->context, USER_REG_PC));
    kputl(", cause ");
    kputu(code);
    kputl("; thread stopped\n");
    thread_stop(t);
    if (kernel_testing) {
        paddr_t next = selftest_fault_seen(t, kind, addr);

        if (next != 0)
            thread_make_runnable(next);
    }
    thread_schedule();
}
