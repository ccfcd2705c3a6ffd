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
#include "endpoint.h"
#include "fastpath.h"
#include "fault.h"
#include "io_port.h"
#include "irq.h"
#include "kernel.h"
#include "message.h"
#include "notification.h"
#include "reply.h"
#include "selftest.h"
#include "thread.h"
#include "untyped.h"
#include "vmo.h"
#include "vspace_invoke.h"

/*
 * The reply to thread `t`'s method invocation: the error as its label and
 * as the system call's status, and `count` words from `out`.
 */
/*@ requires t != 0;
    requires \valid_read(out + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    requires \separated(tcb_view(t), out + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    assigns tcb_view(t)->context, arch_console_log, MESSAGE_BYTES;
*/
static void reply(paddr_t t, cairn_error_t err, const uint64_t *out, uint32_t count)
{
    message_write(t, err, 0, out, count, 0);
    message_status(t, err);
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
    case CAIRN_OBJ_IRQ_CONTROL:
        return irq_control_invoke(cspace, slot, label, words, count);
    case CAIRN_OBJ_IRQ_HANDLER:
        return irq_handler_invoke(cspace, &c, label, words, count);
#ifdef CAIRN_HAS_IO_PORTS
    case CAIRN_OBJ_IO_PORT_CONTROL:
        return io_port_control_invoke(cspace, slot, label, words, count);
    case CAIRN_OBJ_IO_PORT:
        return io_port_invoke(&c, label, words, count, out, out_count);
#endif
    default:
        /* Endpoints and notifications take messages, not methods (IPC). */
        return CAIRN_ERR_INVALID_CAPABILITY;
    }
}

/* The endpoint or notification of an IPC system call, decoded. */
struct ipc_target {
    paddr_t object;
    uint64_t type;    /* CAIRN_OBJ_ENDPOINT or CAIRN_OBJ_NOTIFICATION */
    uint64_t badge;   /* of the capability used */
    uint64_t flags;   /* IPC_GRANT if it has Grant */
};

/*
 * Decode the object of thread `t`'s IPC system call, the capability in
 * `slot`: an endpoint or a notification with `right`. The message `t`
 * sends (`send`) to an endpoint may carry capabilities only through one
 * with Grant; notifications decode their own (signal, wait).
 */
/*@ requires t != 0 && \valid(out);
    requires \separated(out, tcb_view(t));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> out->object != 0;
    ensures \result == CAIRN_ERR_OK ==>
            out->type == CAIRN_OBJ_ENDPOINT || out->type == CAIRN_OBJ_NOTIFICATION;
*/
static cairn_error_t ipc_decode(paddr_t t, paddr_t slot, cairn_rights_t right, bool send,
                                struct ipc_target *out)
{
    struct cap c = slot_at(slot)->cap;
    cairn_error_t err = CAIRN_ERR_OK;

    if (c.type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if ((c.type != CAIRN_OBJ_ENDPOINT && c.type != CAIRN_OBJ_NOTIFICATION) || c.object == 0)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (!cap_has_rights(&c, right))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    if (c.type == CAIRN_OBJ_NOTIFICATION)
        err = notification_decode(t, c.object, c.badge, send);
    else if (send)
        err = message_caps_decode(t, arch_user_reg(&arch_tcb_at(t)->context, USER_REG_MSGINFO), c.rights);
    if (err != CAIRN_ERR_OK)
        return err;
    out->object = c.object;
    out->type = c.type;
    out->badge = c.badge;
    out->flags = cap_has_rights(&c, CAIRN_RIGHT_GRANT) ? IPC_GRANT : 0;
    return CAIRN_ERR_OK;
}

/* ipc_decode for the capability thread `t`'s cptr register names. */
/*@ requires t != 0 && \valid(out);
    requires \separated(out, tcb_view(t));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> out->object != 0;
    ensures \result == CAIRN_ERR_OK ==>
            out->type == CAIRN_OBJ_ENDPOINT || out->type == CAIRN_OBJ_NOTIFICATION;
*/
static cairn_error_t ipc_lookup(paddr_t t, cairn_rights_t right, bool send, struct ipc_target *out)
{
    struct cap cspace = arch_tcb_at(t)->cspace;
    paddr_t slot = 0;
    cairn_error_t err = cspace_lookup(&cspace, arch_user_reg(&arch_tcb_at(t)->context, USER_REG_CPTR), &slot);

    return err != CAIRN_ERR_OK ? err : ipc_decode(t, slot, right, send, out);
}

/*
 * send, nb_send and call on the capability in `slot` (0: the one t's cptr
 * register names). To an endpoint the message goes to a waiting receiver,
 * or `t` waits unless `block` is unset; `call` adds IPC_CALL. A
 * notification is signalled, and a signal never blocks.
 */
/*@ requires t != 0; */
static void syscall_send(paddr_t t, paddr_t slot, uint64_t call, bool block)
{
    struct ipc_target to;
    cairn_error_t err = slot != 0 ? ipc_decode(t, slot, CAIRN_RIGHT_WRITE, true, &to)
                                  : ipc_lookup(t, CAIRN_RIGHT_WRITE, true, &to);

    if (err != CAIRN_ERR_OK) {
        message_status(t, err);
    } else if (to.type == CAIRN_OBJ_NOTIFICATION) {
        notification_signal(to.object, to.badge);
        message_status(t, CAIRN_ERR_OK);
    } else {
        endpoint_send(t, to.object, to.badge, to.flags | call, block);
    }
}

/* Thread `t` receives from what `from` decoded: waits on a notification,
 * or receives on an endpoint. */
/*@ requires t != 0 && \valid_read(from) && from->object != 0;
    assigns THREAD_STOP_STATE, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
static void ipc_receive(paddr_t t, const struct ipc_target *from, bool block)
{
    if (from->type == CAIRN_OBJ_NOTIFICATION)
        notification_wait(t, from->object, block);
    else
        endpoint_recv(t, from->object, block);
}

/* recv and nb_recv: on an endpoint, or wait and poll on a notification. */
/*@ requires t != 0; */
static void syscall_recv(paddr_t t, bool block)
{
    struct ipc_target from;
    cairn_error_t err = ipc_lookup(t, CAIRN_RIGHT_READ, false, &from);

    if (err != CAIRN_ERR_OK)
        message_status(t, err);
    else
        ipc_receive(t, &from, block);
}

/*
 * The reply half of reply and reply_recv, decoded: the capabilities the
 * reply carries need a call made through a capability with Grant.
 */
/*@ requires t != 0;
    assigns \nothing;
*/
static cairn_error_t reply_decode(paddr_t t)
{
    const struct tcb *tcb = arch_tcb_at(t);
    paddr_t c = tcb->caller;
    cairn_rights_t rights = 0;

    if (c != 0 && (arch_tcb_at(c)->ipc_flags & IPC_GRANT) != 0)
        rights = CAIRN_RIGHT_GRANT;
    return message_caps_decode(t, arch_user_reg(&tcb->context, USER_REG_MSGINFO), rights);
}

/* reply: to the thread whose reply capability `t` holds, if any. */
/*@ requires t != 0; */
static void syscall_reply(paddr_t t)
{
    cairn_error_t err = reply_decode(t);
    paddr_t c;

    if (err != CAIRN_ERR_OK) {
        message_status(t, err);
        return;
    }
    c = reply_send(t);
    message_status(t, c != 0 ? CAIRN_ERR_OK : CAIRN_ERR_ILLEGAL_OPERATION);
    if (c != 0)
        thread_make_runnable(c);
}

/*
 * reply_recv: the reply (if `t` holds a reply capability), then a blocking
 * receive (or wait on a notification). Both halves are decoded before
 * either is done; when `t` waits, the caller it replied to takes the CPU
 * at once.
 */
/*@ requires t != 0; */
static void syscall_reply_recv(paddr_t t)
{
    struct ipc_target from;
    paddr_t c;
    cairn_error_t err = ipc_lookup(t, CAIRN_RIGHT_READ, false, &from);

    if (err == CAIRN_ERR_OK)
        err = reply_decode(t);
    if (err != CAIRN_ERR_OK) {
        message_status(t, err);
        return;
    }
    c = reply_send(t);
    ipc_receive(t, &from, true);
    if (c != 0)
        thread_hand_over(c);
}

/* The call system call: IPC on an endpoint, a method on any other object. */
/*@ requires t != 0; */
static void syscall_call(paddr_t t)
{
    struct tcb *tcb = arch_tcb_at(t);
    uint64_t words[CAIRN_MSG_MAX_WORDS], out[CAIRN_MSG_MAX_WORDS];   /* the reply: out_count words */
    uint32_t out_count = 0;
    uint64_t info = arch_user_reg(&tcb->context, USER_REG_MSGINFO);
    uint32_t count;
    struct cap cspace = tcb->cspace;
    paddr_t slot = 0;
    cairn_error_t err = cspace_lookup(&cspace, arch_user_reg(&tcb->context, USER_REG_CPTR), &slot);

    if (err == CAIRN_ERR_OK && slot_at(slot)->cap.type == CAIRN_OBJ_ENDPOINT) {
        syscall_send(t, slot, IPC_CALL, true);   /* looked up once */
        return;
    }
    count = message_read(tcb, info, words);
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
        message_status(t, CAIRN_ERR_ILLEGAL_OPERATION);
        return;
    }
    selftest_finish(arch_user_reg(&tcb->context, USER_REG_CPTR),
                    arch_user_reg(&tcb->context, USER_REG_MSGINFO));
}
#endif

/*
 * The general path of every system call of thread `t`, the running thread.
 * Apart from kernel_syscall, so that the fast path's way in keeps nothing
 * but `t` for it.
 */
/*@ requires t != 0;
    ensures \false;
*/
static NOINLINE _Noreturn void syscall_general(paddr_t t)
{
    uint64_t number = arch_user_reg(&arch_tcb_at(t)->context, USER_REG_SYSCALL), c;

    switch (number) {
    case CAIRN_SYS_CALL:
        syscall_call(t);
        break;
    case CAIRN_SYS_YIELD:
        thread_yield();
        break;
    case CAIRN_SYS_REPLY_RECV:
        syscall_reply_recv(t);
        break;
    case CAIRN_SYS_SEND:
        syscall_send(t, 0, 0, true);
        break;
    case CAIRN_SYS_NB_SEND:
        syscall_send(t, 0, 0, false);
        break;
    case CAIRN_SYS_RECV:
        syscall_recv(t, true);
        break;
    case CAIRN_SYS_NB_RECV:
        syscall_recv(t, false);
        break;
    case CAIRN_SYS_REPLY:
        syscall_reply(t);
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
    case CAIRN_SYS_DEBUG_NULL:
        break;   /* the cost of the way in and out (scripts/bench) */
    case CAIRN_SYS_DEBUG_FASTPATH:
        fastpath_debug(t);
        break;
#endif
    default:
        kernel_user_fault(CAIRN_FAULT_BAD_SYSCALL, number, 0);
    }
    thread_schedule();
}

/*@ ensures \false; */
_Noreturn void kernel_syscall(void)
{
    paddr_t t = thread_current();
    uint64_t number;

    if (t == 0)
        panic("syscall: no current thread");
    number = arch_user_reg(&arch_tcb_at(t)->context, USER_REG_SYSCALL);
    if (number == CAIRN_SYS_CALL)
        fastpath_call(t);   /* back here only for the general path */
    else if (number == CAIRN_SYS_REPLY_RECV)
        fastpath_reply_recv(t);
    syscall_general(t);
}

/*@ assigns arch_console_log; */
static void put_fault_kind(fault_kind_t kind)
{
    switch (kind) {
    case CAIRN_FAULT_PAGE_READ:     kputl("page fault reading"); break;
    case CAIRN_FAULT_PAGE_WRITE:    kputl("page fault writing"); break;
    case CAIRN_FAULT_PAGE_EXECUTE:  kputl("page fault executing"); break;
    case CAIRN_FAULT_UNDEFINED:     kputl("undefined instruction"); break;
    case CAIRN_FAULT_PROTECTION:    kputl("protection fault"); break;
    case CAIRN_FAULT_ALIGNMENT:     kputl("alignment fault"); break;
    case CAIRN_FAULT_ARITHMETIC:    kputl("arithmetic fault"); break;
    case CAIRN_FAULT_BREAKPOINT:    kputl("breakpoint"); break;
    case CAIRN_FAULT_BAD_SYSCALL:   kputl("bad system call"); break;
    default:                        kputl("fault"); break;
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
 * A faulting thread calls its fault endpoint (fault.c). One without a
 * fault endpoint is reported on the console and stopped; everything else
 * goes on.
 */
/*@ ensures \false; */
_Noreturn void kernel_user_fault(fault_kind_t kind, uint64_t addr, uint64_t code)
{
    paddr_t t = thread_current();
    struct tcb *tcb;

    if (t == 0)
        panic("fault: no current thread");
    if (fault_send(t, kind, addr, code))
        thread_schedule();
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
    if (kind == CAIRN_FAULT_BAD_SYSCALL)
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
