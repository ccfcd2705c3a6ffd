/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of interrupt lines (kernel/irq.c) and I/O ports
 * (kernel/io_port.c): the methods and their errors, delivery, and what
 * deleting handler and notification capabilities does (through delete.c),
 * over the arch and thread doubles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "cnode_invoke.h"
#include "io_port.h"
#include "irq.h"
#include "irq_double.h"
#include "kernel.h"
#include "thread_double.h"

/* A radix-4 root CNode whose 60-bit guard is zero: CPtr n names slot n. */
enum {
    SLOT_ROOT = 1, SLOT_EP = 2, SLOT_IRQ_CONTROL = 4, SLOT_PORT_CONTROL = 5,
    SLOT_NTFN = 6, SLOT_NTFN_UNBADGED = 7, SLOT_NTFN_RO = 8,
    SLOT_HANDLER = 10, SLOT_COPY = 11, SLOT_OTHER = 12, SLOT_PORTS = 13,
};
#define NTFN    0x20000u   /* the notification's address: only the doubles see it */
#define BADGE   0x40u
#define LINE    4u
#define FIRST_PORT 0x3f8u
#define LAST_PORT  0x3ffu

static struct slot cnode[16];
static struct cap root;

static paddr_t pa(const struct slot *s)
{
    return (paddr_t)(uintptr_t)s;
}

static struct cap cap_of(uint8_t type, cairn_rights_t rights, paddr_t object, uint64_t badge)
{
    return (struct cap){ .type = type, .rights = rights, .object = object, .badge = badge };
}

static int setup(void **state)
{
    (void)state;
    memset(cnode, 0, sizeof(cnode));
    memset(irq_lines, 0, sizeof(irq_lines));
    memset(&thread_double, 0, sizeof(thread_double));
    irq_double_reset();
    root = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = 4,
                         .guard_bits = 60, .object = pa(cnode) };
    cnode[SLOT_ROOT].cap = root;
    cnode[SLOT_EP].cap = cap_of(CAIRN_OBJ_ENDPOINT, CAIRN_RIGHTS_ALL, 0x10000, BADGE);
    cnode[SLOT_IRQ_CONTROL].cap = cap_of(CAIRN_OBJ_IRQ_CONTROL, CAIRN_RIGHTS_ALL, 0, 0);
    cnode[SLOT_PORT_CONTROL].cap = cap_of(CAIRN_OBJ_IO_PORT_CONTROL, CAIRN_RIGHTS_ALL, 0, 0);
    cnode[SLOT_NTFN].cap = cap_of(CAIRN_OBJ_NOTIFICATION, CAIRN_RIGHTS_ALL, NTFN, BADGE);
    cnode[SLOT_NTFN_UNBADGED].cap = cap_of(CAIRN_OBJ_NOTIFICATION, CAIRN_RIGHTS_ALL, NTFN, 0);
    cnode[SLOT_NTFN_RO].cap = cap_of(CAIRN_OBJ_NOTIFICATION, CAIRN_RIGHT_READ, NTFN, BADGE);
    return 0;
}

static cairn_error_t get(uint64_t line, uint64_t slot)
{
    uint64_t w[] = { line, SLOT_ROOT, slot, 64 };

    return irq_control_invoke(&root, pa(&cnode[SLOT_IRQ_CONTROL]), CAIRN_LABEL_IRQ_CONTROL_GET, w, 4);
}

static cairn_error_t handler(uint64_t slot, uint64_t label, uint64_t arg, uint32_t count)
{
    uint64_t w[] = { arg };

    return irq_handler_invoke(&root, &cnode[slot].cap, label, w, count);
}

static cairn_error_t bind(uint64_t slot, uint64_t ntfn)
{
    return handler(slot, CAIRN_LABEL_IRQ_HANDLER_SET_NOTIFICATION, ntfn, 1);
}

static cairn_error_t ack(uint64_t slot)
{
    return handler(slot, CAIRN_LABEL_IRQ_HANDLER_ACK, 0, 0);
}

static cairn_error_t cnode_op(uint64_t label, uint64_t index)
{
    uint64_t w[] = { index, 64 };

    return cnode_invoke(&root, &root, label, w, 2);
}

static cairn_error_t copy(uint64_t dest, uint64_t src, cairn_rights_t rights)
{
    uint64_t w[] = { dest, 64, SLOT_ROOT, src, 64, rights };

    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6);
}

/* Line `line` fires: kernel_interrupt delivers, then schedules, which the
 * thread double turns into a jump back here. */
static void fire(uint32_t line)
{
    jmp_buf back;

    thread_double.schedule = &back;
    if (setjmp(back) == 0)
        kernel_interrupt(line);
    thread_double.schedule = NULL;
}

static void test_get_claims_a_masked_line(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_HANDLER].cap.type, CAIRN_OBJ_IRQ_HANDLER);
    assert_int_equal(cnode[SLOT_HANDLER].cap.object, LINE);
    assert_int_equal(cnode[SLOT_HANDLER].cap.rights, CAIRN_RIGHTS_ALL);
    assert_true(cdt_has_children(pa(&cnode[SLOT_IRQ_CONTROL])));
    assert_int_equal(irq_lines[LINE].claimed, 1);
    assert_int_equal(irq_lines[LINE].notification, 0);
    assert_true(irq_double.masked[LINE]);
    assert_int_equal(get(LINE, SLOT_OTHER), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(get(LINE + 1, SLOT_OTHER), CAIRN_ERR_OK);
}

static void test_get_errors_change_nothing(void **state)
{
    struct slot slots[16];
    struct irq_line lines[IRQ_LINES_MAX];
    uint64_t w[] = { LINE, SLOT_ROOT, SLOT_HANDLER, 256 };
    paddr_t control = pa(&cnode[SLOT_IRQ_CONTROL]);

    (void)state;
    memcpy(slots, cnode, sizeof(cnode));
    memcpy(lines, irq_lines, sizeof(irq_lines));
    assert_int_equal(get(IRQ_DOUBLE_LINES, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(get(IRQ_LINES_MAX, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(get(UINT64_MAX, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(get(IRQ_DOUBLE_KEPT, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(get(LINE, SLOT_EP), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(irq_control_invoke(&root, control, CAIRN_LABEL_IRQ_CONTROL_GET, w, 3),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(irq_control_invoke(&root, control, CAIRN_LABEL_IRQ_CONTROL_GET, w, 4),
                     CAIRN_ERR_INVALID_ARGUMENT);
    w[3] = 65;
    assert_int_equal(irq_control_invoke(&root, control, CAIRN_LABEL_IRQ_CONTROL_GET, w, 4),
                     CAIRN_ERR_LOOKUP_DEPTH);
    w[1] = 9;   /* an empty slot as the root */
    w[3] = 64;
    assert_int_equal(irq_control_invoke(&root, control, CAIRN_LABEL_IRQ_CONTROL_GET, w, 4),
                     CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(irq_control_invoke(&root, control, 2, w, 4), CAIRN_ERR_INVALID_LABEL);
    assert_memory_equal(slots, cnode, sizeof(cnode));
    assert_memory_equal(lines, irq_lines, sizeof(irq_lines));
    assert_int_equal(irq_double.unmasks, 0);
}

static void test_an_interrupt_signals_once_until_ack(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_NTFN), CAIRN_ERR_OK);
    assert_false(irq_may_wake());
    assert_int_equal(ack(SLOT_HANDLER), CAIRN_ERR_OK);
    assert_false(irq_double.masked[LINE]);
    assert_true(irq_may_wake());
    irq_double.masked[LINE] = true;   /* as the arch layer does before it calls */
    fire(LINE);
    assert_int_equal(thread_double.signals, 1);
    assert_int_equal(thread_double.signalled, NTFN);
    assert_int_equal(thread_double.signal_badge, BADGE);
    assert_false(irq_may_wake());
    assert_true(irq_double.masked[LINE]);
    assert_int_equal(ack(SLOT_HANDLER), CAIRN_ERR_OK);
    assert_false(irq_double.masked[LINE]);
}

static void test_stray_interrupts_signal_nothing(void **state)
{
    (void)state;
    fire(LINE);
    fire(IRQ_LINES_MAX);
    fire(UINT32_MAX);
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    fire(LINE);   /* claimed, bound to nothing */
    assert_int_equal(thread_double.signals, 0);
}

static void test_set_notification_refuses_bad_capabilities(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_NTFN_UNBADGED), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_NTFN_RO), CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_EP), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_OTHER), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(handler(SLOT_HANDLER, CAIRN_LABEL_IRQ_HANDLER_SET_NOTIFICATION, 0, 0),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(handler(SLOT_HANDLER, 9, 0, 0), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(irq_lines[LINE].notification, 0);
}

static void test_rights_of_a_copy(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(copy(SLOT_COPY, SLOT_HANDLER, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_COPY, SLOT_NTFN), CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(handler(SLOT_COPY, CAIRN_LABEL_IRQ_HANDLER_CLEAR, 0, 0),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(ack(SLOT_COPY), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_NTFN), CAIRN_ERR_OK);
    assert_int_equal(handler(SLOT_HANDLER, CAIRN_LABEL_IRQ_HANDLER_CLEAR, 0, 0), CAIRN_ERR_OK);
    assert_int_equal(irq_lines[LINE].notification, 0);
    fire(LINE);
    assert_int_equal(thread_double.signals, 0);
}

static void test_the_last_handler_frees_the_line(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(copy(SLOT_COPY, SLOT_HANDLER, CAIRN_RIGHTS_ALL), CAIRN_ERR_OK);
    assert_int_equal(ack(SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(cnode_op(CAIRN_LABEL_CNODE_DELETE, SLOT_COPY), CAIRN_ERR_OK);
    assert_int_equal(irq_lines[LINE].claimed, 1);
    assert_false(irq_double.masked[LINE]);
    assert_int_equal(get(LINE, SLOT_OTHER), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(cnode_op(CAIRN_LABEL_CNODE_DELETE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(irq_lines[LINE].claimed, 0);
    assert_true(irq_double.masked[LINE]);
    assert_int_equal(get(LINE, SLOT_OTHER), CAIRN_ERR_OK);
}

static void test_revoking_irq_control_frees_every_line(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(get(LINE + 1, SLOT_OTHER), CAIRN_ERR_OK);
    assert_int_equal(cnode_op(CAIRN_LABEL_CNODE_REVOKE, SLOT_IRQ_CONTROL), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_HANDLER].cap.type, CAP_TYPE_NULL);
    assert_int_equal(irq_lines[LINE].claimed, 0);
    assert_int_equal(irq_lines[LINE + 1].claimed, 0);
    assert_int_equal(cnode[SLOT_IRQ_CONTROL].cap.type, CAIRN_OBJ_IRQ_CONTROL);
}

static void test_a_deleted_notification_is_unbound(void **state)
{
    (void)state;
    /* Only the badged capability is left to the notification. */
    memset(&cnode[SLOT_NTFN_UNBADGED], 0, sizeof(struct slot));
    memset(&cnode[SLOT_NTFN_RO], 0, sizeof(struct slot));
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(get(LINE + 1, SLOT_OTHER), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_NTFN), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_OTHER, SLOT_NTFN), CAIRN_ERR_OK);
    assert_int_equal(cnode_op(CAIRN_LABEL_CNODE_DELETE, SLOT_NTFN), CAIRN_ERR_OK);
    assert_int_equal(thread_double.destroyed, NTFN);
    assert_int_equal(irq_lines[LINE].notification, 0);
    assert_int_equal(irq_lines[LINE + 1].notification, 0);
    assert_int_equal(irq_lines[LINE].claimed, 1);
    fire(LINE);
    assert_int_equal(thread_double.signals, 0);
}

static void test_a_copy_of_a_notification_keeps_the_binding(void **state)
{
    (void)state;
    assert_int_equal(get(LINE, SLOT_HANDLER), CAIRN_ERR_OK);
    assert_int_equal(copy(SLOT_COPY, SLOT_NTFN, CAIRN_RIGHTS_ALL), CAIRN_ERR_OK);
    assert_int_equal(bind(SLOT_HANDLER, SLOT_COPY), CAIRN_ERR_OK);
    assert_int_equal(cnode_op(CAIRN_LABEL_CNODE_DELETE, SLOT_COPY), CAIRN_ERR_OK);
    assert_int_equal(irq_lines[LINE].notification, NTFN);
}

/* ---- I/O ports ---- */

static cairn_error_t issue(uint64_t first, uint64_t last, uint64_t slot)
{
    uint64_t w[] = { first, last, SLOT_ROOT, slot, 64 };

    return io_port_control_invoke(&root, pa(&cnode[SLOT_PORT_CONTROL]),
                                  CAIRN_LABEL_IO_PORT_CONTROL_ISSUE, w, 5);
}

static cairn_error_t port(uint64_t slot, uint64_t label, uint64_t p, uint64_t value,
                          uint64_t *out, uint32_t *out_count)
{
    uint64_t w[] = { p, value }, reply[CAIRN_MSG_MAX_WORDS] = { 0 };
    uint32_t count = label >= CAIRN_LABEL_IO_PORT_OUT8 ? 2 : 1;
    cairn_error_t err = io_port_invoke(&cnode[slot].cap, label, w, count, reply, out_count);

    *out = reply[0];
    return err;
}

static void test_issue_makes_a_port_range(void **state)
{
    struct slot slots[16];

    (void)state;
    memcpy(slots, cnode, sizeof(cnode));
    assert_int_equal(issue(LAST_PORT, FIRST_PORT, SLOT_PORTS), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(issue(FIRST_PORT, 0x10000, SLOT_PORTS), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(issue(FIRST_PORT, LAST_PORT, SLOT_EP), CAIRN_ERR_DELETE_FIRST);
    assert_memory_equal(slots, cnode, sizeof(cnode));
    assert_int_equal(issue(FIRST_PORT, LAST_PORT, SLOT_PORTS), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_PORTS].cap.type, CAIRN_OBJ_IO_PORT);
    assert_int_equal(cnode[SLOT_PORTS].cap.object, FIRST_PORT);
    assert_int_equal(cnode[SLOT_PORTS].cap.badge, LAST_PORT);
    assert_true(cdt_has_children(pa(&cnode[SLOT_PORT_CONTROL])));
}

static void test_ports_in_range_only(void **state)
{
    uint64_t v = 0;
    uint32_t n = 9;

    (void)state;
    assert_int_equal(issue(FIRST_PORT, LAST_PORT, SLOT_PORTS), CAIRN_ERR_OK);
    irq_double.value = 0x5a;
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_IN8, FIRST_PORT + 5, 0, &v, &n), CAIRN_ERR_OK);
    assert_int_equal(v, 0x5a);
    assert_int_equal(n, 1);
    assert_int_equal(irq_double.port, FIRST_PORT + 5);
    assert_int_equal(irq_double.bytes, 1);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_OUT16, LAST_PORT - 1, 0xbeef, &v, &n),
                     CAIRN_ERR_OK);
    assert_int_equal(n, 0);
    assert_int_equal(irq_double.value, 0xbeef);
    assert_int_equal(irq_double.bytes, 2);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_OUT32, LAST_PORT - 3, 7, &v, &n), CAIRN_ERR_OK);
    assert_int_equal(irq_double.accesses, 3);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_IN8, FIRST_PORT - 1, 0, &v, &n),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_IN8, LAST_PORT + 1, 0, &v, &n),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_IN16, LAST_PORT, 0, &v, &n),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_OUT32, LAST_PORT - 2, 0, &v, &n),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_OUT8, FIRST_PORT, 0x100, &v, &n),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(port(SLOT_PORTS, CAIRN_LABEL_IO_PORT_IN8, 0x10000, 0, &v, &n),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(port(SLOT_PORTS, 7, FIRST_PORT, 0, &v, &n), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(irq_double.accesses, 3);
}

static void test_port_rights(void **state)
{
    uint64_t v = 0;
    uint32_t n = 0;
    uint64_t w[] = { SLOT_COPY, 64, SLOT_ROOT, SLOT_PORTS, 64, CAIRN_RIGHTS_ALL, 1 };

    (void)state;
    assert_int_equal(issue(FIRST_PORT, LAST_PORT, SLOT_PORTS), CAIRN_ERR_OK);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_MINT, w, 7),
                     CAIRN_ERR_INVALID_ARGUMENT);   /* a range cannot be re-badged */
    assert_int_equal(copy(SLOT_COPY, SLOT_PORTS, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_COPY].cap.badge, LAST_PORT);
    assert_int_equal(port(SLOT_COPY, CAIRN_LABEL_IO_PORT_IN8, FIRST_PORT, 0, &v, &n), CAIRN_ERR_OK);
    assert_int_equal(port(SLOT_COPY, CAIRN_LABEL_IO_PORT_OUT8, FIRST_PORT, 0, &v, &n),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(copy(SLOT_OTHER, SLOT_PORTS, CAIRN_RIGHT_WRITE), CAIRN_ERR_OK);
    assert_int_equal(port(SLOT_OTHER, CAIRN_LABEL_IO_PORT_IN32, FIRST_PORT, 0, &v, &n),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(irq_double.accesses, 1);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_get_claims_a_masked_line),
        T(test_get_errors_change_nothing),
        T(test_an_interrupt_signals_once_until_ack),
        T(test_stray_interrupts_signal_nothing),
        T(test_set_notification_refuses_bad_capabilities),
        T(test_rights_of_a_copy),
        T(test_the_last_handler_frees_the_line),
        T(test_revoking_irq_control_frees_every_line),
        T(test_a_deleted_notification_is_unbound),
        T(test_a_copy_of_a_notification_keeps_the_binding),
        T(test_issue_makes_a_port_range),
        T(test_ports_in_range_only),
        T(test_port_rights),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
