/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of CNode delete and revoke (kernel/delete.c through kernel/cnode_invoke.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "cnode.h"
#include "cnode_invoke.h"
#include "delete.h"
#include "thread_double.h"

/* A radix-4 root CNode whose 60-bit guard is zero: CPtr n names slot n. */
enum { SLOT_ROOT = 1, SLOT_EP = 2, SLOT_A = 3, SLOT_UNTYPED = 4 };
static struct slot cnode[16];
static struct slot node_a[16], node_b[16];
static struct slot big[1u << 12];
static struct slot huge[1u << CAIRN_CNODE_MAX_BITS];
static struct cap root;

static paddr_t pa(const struct slot *s)
{
    return (paddr_t)(uintptr_t)s;
}

static struct cap cnode_cap(struct slot *slots, uint8_t radix)
{
    return (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = radix,
                         .guard_bits = (uint8_t)(64 - radix), .object = pa(slots) };
}

static const struct cap endpoint = { .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHTS_ALL,
                                     .object = 0x10000 };

/* A thread object: its struct tcb, then its own slots (tcb.h). */
static _Alignas(1u << CAIRN_TCB_SIZE_BITS) uint8_t thread[1u << CAIRN_TCB_SIZE_BITS];

static struct slot *thread_slot(unsigned i)
{
    return (struct slot *)(thread + TCB_SLOTS_OFFSET) + i;
}

static int setup(void **state)
{
    (void)state;
    memset(thread, 0, sizeof(thread));
    memset(&thread_double, 0, sizeof(thread_double));
    memset(cnode, 0, sizeof(cnode));
    memset(node_a, 0, sizeof(node_a));
    memset(node_b, 0, sizeof(node_b));
    root = cnode_cap(cnode, 4);
    cnode[SLOT_ROOT].cap = root;
    cnode[SLOT_EP].cap = endpoint;
    return 0;
}

static cairn_error_t invoke2(uint64_t label, uint64_t index)
{
    uint64_t w[] = { index, 64 };
    return cnode_invoke(&root, &root, label, w, 2);
}

static cairn_error_t del(uint64_t index)
{
    return invoke2(CAIRN_LABEL_CNODE_DELETE, index);
}

static cairn_error_t rev(uint64_t index)
{
    return invoke2(CAIRN_LABEL_CNODE_REVOKE, index);
}

static cairn_error_t copy(uint64_t dest, uint64_t src)
{
    uint64_t w[] = { dest, 64, SLOT_ROOT, src, 64, CAIRN_RIGHTS_ALL };
    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6);
}

static void test_delete_empty_slot_is_a_no_op(void **state)
{
    struct slot before[16];

    (void)state;
    memcpy(before, cnode, sizeof(cnode));
    assert_int_equal(del(9), CAIRN_ERR_OK);
    assert_memory_equal(before, cnode, sizeof(cnode));
}

static void test_errors_change_nothing(void **state)
{
    struct slot before[16];
    uint64_t w[] = { 2, 65 };
    struct cap weak = root;

    (void)state;
    memcpy(before, cnode, sizeof(cnode));
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_DELETE, w, 1),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_DELETE, w, 2),
                     CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_REVOKE, w, 2),
                     CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(rev(9), CAIRN_ERR_LOOKUP_EMPTY);
    weak.rights = CAIRN_RIGHT_READ;
    w[1] = 64;
    assert_int_equal(cnode_invoke(&root, &weak, CAIRN_LABEL_CNODE_DELETE, w, 2),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_memory_equal(before, cnode, sizeof(cnode));
}

static void test_delete_copy_keeps_original(void **state)
{
    (void)state;
    assert_int_equal(copy(8, SLOT_EP), CAIRN_ERR_OK);
    assert_true(cdt_has_children(pa(&cnode[SLOT_EP])));
    assert_int_equal(del(8), CAIRN_ERR_OK);
    assert_int_equal(thread_double.cancels, 0);   /* the endpoint lives on: its waiters wait */
    assert_int_equal(cnode[8].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[SLOT_EP].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_false(cdt_has_children(pa(&cnode[SLOT_EP])));
    assert_int_equal(cnode[SLOT_EP].next, 0);
}

/* A capability with descendants is revoked before it is deleted. */
static void test_delete_with_children_is_refused(void **state)
{
    struct slot before[16];

    (void)state;
    assert_int_equal(copy(8, SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(copy(9, 8), CAIRN_ERR_OK);
    memcpy(before, cnode, sizeof(cnode));
    assert_int_equal(del(8), CAIRN_ERR_REVOKE_FIRST);
    assert_memory_equal(before, cnode, sizeof(cnode));
    assert_int_equal(rev(8), CAIRN_ERR_OK);
    assert_int_equal(del(8), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[SLOT_EP].next, 0);
}

static void test_revoke_removes_every_descendant(void **state)
{
    (void)state;
    assert_int_equal(copy(8, SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(copy(9, 8), CAIRN_ERR_OK);
    assert_int_equal(copy(10, SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(copy(11, 9), CAIRN_ERR_OK);
    assert_int_equal(rev(8), CAIRN_ERR_OK);   /* 9 and 11 go, 8 and 10 stay */
    assert_int_equal(cnode[9].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[11].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[8].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode[10].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_false(cdt_has_children(pa(&cnode[8])));
    assert_int_equal(rev(SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[10].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[SLOT_EP].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode[SLOT_EP].next, 0);
    assert_int_equal(cnode[SLOT_EP].prev, 0);
}

/* The last capability to a CNode takes what the CNode holds along,
 * through CNodes held in it. */
static void test_delete_last_cnode_cap_empties_it(void **state)
{
    (void)state;
    cnode[SLOT_A].cap = cnode_cap(node_a, 4);
    node_a[5].cap = cnode_cap(node_b, 4);
    cdt_insert(pa(&cnode[SLOT_EP]), pa(&node_b[7]), endpoint);
    cdt_insert(pa(&cnode[SLOT_EP]), pa(&node_a[0]), endpoint);
    assert_int_equal(del(SLOT_A), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_A].cap.type, CAP_TYPE_NULL);
    for (unsigned i = 0; i < 16; i++) {
        assert_int_equal(node_a[i].cap.type, CAP_TYPE_NULL);
        assert_int_equal(node_b[i].cap.type, CAP_TYPE_NULL);
    }
    assert_false(cdt_has_children(pa(&cnode[SLOT_EP])));
}

/* Deleting a capability to a CNode that is not the last one leaves the
 * CNode's contents alone. */
static void test_delete_other_cnode_cap_keeps_contents(void **state)
{
    (void)state;
    cnode[SLOT_A].cap = cnode_cap(node_a, 4);
    node_a[3].cap = endpoint;
    assert_int_equal(copy(8, SLOT_A), CAIRN_ERR_OK);
    assert_int_equal(del(8), CAIRN_ERR_OK);
    assert_int_equal(node_a[3].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode[SLOT_A].cap.type, CAIRN_OBJ_CNODE);
}

/* A CNode holding the only capability to itself (as when it is reached
 * through another CNode being emptied): it empties itself, its own slot last. */
static void test_delete_self_holding_cnode(void **state)
{
    uint32_t budget = DELETE_STEP_BUDGET;

    (void)state;
    node_a[2].cap = cnode_cap(node_a, 4);
    node_a[9].cap = endpoint;
    node_a[13].cap = endpoint;
    assert_int_equal(cap_delete(pa(&node_a[2]), &budget), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(node_a[i].cap.type, CAP_TYPE_NULL);
    assert_true(budget < DELETE_STEP_BUDGET);
}

/* Revoking an untyped region deletes every object carved from it; deleting
 * it needs that first. */
static void test_delete_untyped_takes_its_objects(void **state)
{
    const struct cap untyped = { .type = CAIRN_OBJ_UNTYPED, .rights = CAIRN_RIGHTS_ALL,
                                 .size_bits = 16, .object = 0x100000 };
    struct cap carved = endpoint;

    (void)state;
    cnode[SLOT_UNTYPED].cap = untyped;
    carved.object = 0x100000;
    cdt_insert(pa(&cnode[SLOT_UNTYPED]), pa(&cnode[8]), carved);
    carved.object = 0x100020;
    cdt_insert(pa(&cnode[SLOT_UNTYPED]), pa(&cnode[9]), carved);
    assert_int_equal(copy(10, 9), CAIRN_ERR_OK);
    assert_int_equal(rev(SLOT_UNTYPED), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_UNTYPED].cap.type, CAIRN_OBJ_UNTYPED);
    for (unsigned i = 8; i <= 10; i++)
        assert_int_equal(cnode[i].cap.type, CAP_TYPE_NULL);
    cdt_insert(pa(&cnode[SLOT_UNTYPED]), pa(&cnode[8]), carved);
    assert_int_equal(del(SLOT_UNTYPED), CAIRN_ERR_REVOKE_FIRST);
    assert_int_equal(cnode[8].cap.type, CAIRN_OBJ_ENDPOINT);
}

/* A CNode being destroyed takes what it holds along, with their descendants. */
static void test_cnode_contents_go_with_descendants(void **state)
{
    (void)state;
    cnode[SLOT_A].cap = cnode_cap(node_a, 4);
    cdt_insert(pa(&cnode[SLOT_EP]), pa(&node_a[6]), endpoint);
    cdt_insert(pa(&node_a[6]), pa(&cnode[10]), endpoint);
    cdt_insert(pa(&cnode[10]), pa(&cnode[11]), endpoint);
    assert_int_equal(del(SLOT_A), CAIRN_ERR_OK);
    assert_int_equal(node_a[6].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[10].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[11].cap.type, CAP_TYPE_NULL);
    assert_int_equal(cnode[SLOT_EP].next, 0);
}

/* A revoke of more descendants than one budget is preempted, and finishes
 * when invoked again. */
static void test_revoke_is_preempted_and_resumes(void **state)
{
    const unsigned n = sizeof(big) / sizeof(big[0]);
    unsigned rounds = 0;
    cairn_error_t err;

    (void)state;
    memset(big, 0, sizeof(big));
    for (unsigned i = 0; i < n; i++)
        cdt_insert(pa(&cnode[SLOT_EP]), pa(&big[i]), endpoint);
    do {
        err = rev(SLOT_EP);
        rounds++;
    } while (err == CAIRN_ERR_PREEMPTED && rounds < 100);
    assert_int_equal(err, CAIRN_ERR_OK);
    assert_true(rounds > 1);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(big[i].cap.type, CAP_TYPE_NULL);
    assert_false(cdt_has_children(pa(&cnode[SLOT_EP])));
}

/* Emptying a CNode larger than one budget leaves a zombie, which nothing
 * but deletion accepts, and which the next delete continues. */
static void test_zombie_resumes_and_refuses_use(void **state)
{
    const unsigned n = sizeof(huge) / sizeof(huge[0]);
    uint64_t w[] = { 8, 64, SLOT_ROOT, SLOT_A, 64, CAIRN_RIGHTS_ALL };
    paddr_t found = 0;
    unsigned rounds = 1;

    (void)state;
    memset(huge, 0, sizeof(huge));
    cnode[SLOT_A].cap = cnode_cap(huge, CAIRN_CNODE_MAX_BITS);
    cdt_insert(pa(&cnode[SLOT_EP]), pa(&huge[n - 1]), endpoint);
    assert_int_equal(del(SLOT_A), CAIRN_ERR_PREEMPTED);
    assert_int_equal(cnode[SLOT_A].cap.type, CAP_TYPE_ZOMBIE);
    assert_int_equal(huge[n - 1].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6),
                     CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(cnode_resolve(&cnode[SLOT_A].cap, 0, CAIRN_CNODE_MAX_BITS, &found),
                     CAIRN_ERR_LOOKUP_NOT_CNODE);
    while (del(SLOT_A) == CAIRN_ERR_PREEMPTED && rounds < 100)
        rounds++;
    assert_int_equal(cnode[SLOT_A].cap.type, CAP_TYPE_NULL);
    assert_int_equal(huge[n - 1].cap.type, CAP_TYPE_NULL);
    assert_false(cdt_has_children(pa(&cnode[SLOT_EP])));
    assert_true(rounds >= n / DELETE_STEP_BUDGET);
}

/* The last capability to an endpoint: its waiters wake (endpoint_cancel_all). */
static void test_delete_last_endpoint_cap_wakes_waiters(void **state)
{
    (void)state;
    assert_int_equal(del(SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(thread_double.cancels, 1);
    assert_int_equal(thread_double.cancelled, endpoint.object);
}

/* The last capability to a notification destroys it (its waiters wake,
 * its thread is unbound); a copy going does not. */
static void test_delete_last_notification_cap_destroys_it(void **state)
{
    uint64_t w[] = { 8, 64, SLOT_ROOT, SLOT_A, 64, CAIRN_RIGHTS_ALL };

    (void)state;
    cnode[SLOT_A].cap = (struct cap){ .type = CAIRN_OBJ_NOTIFICATION, .rights = CAIRN_RIGHTS_ALL,
                                      .object = 0x20000 };
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6), CAIRN_ERR_OK);
    assert_int_equal(del(8), CAIRN_ERR_OK);
    assert_int_equal(thread_double.destroyed, 0);
    assert_int_equal(del(SLOT_A), CAIRN_ERR_OK);
    assert_int_equal(thread_double.destroyed, 0x20000);
    assert_int_equal(thread_double.cancels, 0);
}

/* A thread holding a copy of the endpoint capability in its own slot 1. */
static void give_thread_a_capability(void)
{
    cnode[SLOT_A].cap = (struct cap){ .type = CAIRN_OBJ_TCB, .rights = CAIRN_RIGHTS_ALL,
                                      .object = pa((struct slot *)thread) };
    cdt_insert(pa(&cnode[SLOT_EP]), pa(thread_slot(1)), endpoint);
    thread_slot(1)->owner = pa((struct slot *)thread);
}

/* The last capability to a thread: the thread stops, and its own
 * capabilities go before it (each unbinding it); what they came from stays. */
static void test_delete_last_thread_cap_stops_and_empties_it(void **state)
{
    (void)state;
    give_thread_a_capability();
    assert_int_equal(del(SLOT_A), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_A].cap.type, CAP_TYPE_NULL);
    assert_int_equal(thread_slot(1)->cap.type, CAP_TYPE_NULL);
    assert_int_equal(thread_double.stops, 1);
    assert_int_equal(thread_double.stopped[0], pa((struct slot *)thread));
    assert_ptr_equal(thread_double.forgotten, (const struct user_context *)thread);
    assert_int_equal(thread_double.left_notification, pa((struct slot *)thread));
    assert_int_equal(thread_double.unbinds, 1);
    assert_int_equal(thread_double.unbound[0], pa((struct slot *)thread));
    assert_int_equal(thread_double.unbound_type[0], CAIRN_OBJ_ENDPOINT);
    assert_int_equal(cnode[SLOT_EP].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_false(cdt_has_children(pa(&cnode[SLOT_EP])));
}

/* A copy of a thread capability is not the last: deleting it stops nothing. */
static void test_delete_thread_copy_keeps_it_running(void **state)
{
    uint64_t w[] = { 8, 64, SLOT_ROOT, SLOT_A, 64, CAIRN_RIGHTS_ALL };

    (void)state;
    give_thread_a_capability();
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6), CAIRN_ERR_OK);
    assert_int_equal(del(8), CAIRN_ERR_OK);
    assert_int_equal(thread_double.stops, 0);
    assert_int_equal(thread_double.unbinds, 0);
    assert_int_equal(thread_slot(1)->cap.type, CAIRN_OBJ_ENDPOINT);
}

/* Revoking what a thread's capability came from unbinds the thread. */
static void test_revoke_source_unbinds_thread(void **state)
{
    (void)state;
    give_thread_a_capability();
    assert_int_equal(rev(SLOT_EP), CAIRN_ERR_OK);
    assert_int_equal(thread_slot(1)->cap.type, CAP_TYPE_NULL);
    assert_int_equal(thread_double.unbinds, 1);
    assert_int_equal(thread_double.stops, 0);
    assert_int_equal(cnode[SLOT_A].cap.type, CAIRN_OBJ_TCB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_delete_empty_slot_is_a_no_op, setup),
        cmocka_unit_test_setup(test_errors_change_nothing, setup),
        cmocka_unit_test_setup(test_delete_copy_keeps_original, setup),
        cmocka_unit_test_setup(test_delete_last_endpoint_cap_wakes_waiters, setup),
        cmocka_unit_test_setup(test_delete_last_notification_cap_destroys_it, setup),
        cmocka_unit_test_setup(test_delete_with_children_is_refused, setup),
        cmocka_unit_test_setup(test_revoke_removes_every_descendant, setup),
        cmocka_unit_test_setup(test_delete_last_cnode_cap_empties_it, setup),
        cmocka_unit_test_setup(test_delete_other_cnode_cap_keeps_contents, setup),
        cmocka_unit_test_setup(test_delete_self_holding_cnode, setup),
        cmocka_unit_test_setup(test_delete_untyped_takes_its_objects, setup),
        cmocka_unit_test_setup(test_cnode_contents_go_with_descendants, setup),
        cmocka_unit_test_setup(test_revoke_is_preempted_and_resumes, setup),
        cmocka_unit_test_setup(test_zombie_resumes_and_refuses_use, setup),
        cmocka_unit_test_setup(test_delete_last_thread_cap_stops_and_empties_it, setup),
        cmocka_unit_test_setup(test_delete_thread_copy_keeps_it_running, setup),
        cmocka_unit_test_setup(test_revoke_source_unbinds_thread, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
