/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's in-OS tests (test boots): its capabilities, used through real
 * system calls. Numbered after the kernel's (boot info `tests_run`); the
 * totals go back to the kernel with debug_tests_done.
 */
#include "init.h"

/* Free slots of the root CNode between the fixed ones and the untyped. */
#define SLOT_VMO      8u
#define SLOT_VMO_RO   9u
#define SLOT_CNODE_RO 10u
#define SLOT_EMPTY    11u
#define SLOT_NEW_TCB  12u
/* Slots above the untyped ones (the root CNode has 4096). */
#define SLOT_VMO_COPY  4000u
#define SLOT_VMO_COPY2 4001u
#define SLOT_VSPACE    4002u
#define SLOT_VSPACE_NO_POOL 4003u
#define FULL_DEPTH    64u

/* Where the mapping tests map: free in init's address space (boot_info.h). */
#define MAP_ADDR 0x3000000000ull
#define KERNEL_ADDR 0xffffffff80000000ull

struct tests {
    uint64_t number;
    uint64_t passed;
    uint64_t failed;
};

static void expect(struct tests *t, bool ok, const char *name)
{
    if (ok)
        t->passed++;
    else
        t->failed++;
    put_str(ok ? "ok " : "not ok ");
    put_dec(++t->number);
    put_str(" - init: ");
    put_str(name);
    put_str("\n");
}

static void expect_err(struct tests *t, cairn_error_t got, cairn_error_t want, const char *name)
{
    expect(t, got == want, name);
    if (got != want) {
        put_str("#   got error ");
        put_dec(got);
        put_str(", expected ");
        put_dec(want);
        put_str("\n");
    }
}

/* The slot of a RAM untyped of 1 MiB or more, or 0. */
static cairn_cptr_t ram_untyped(const struct cairn_boot_info *bi)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);

    for (uint32_t i = 0; i < bi->untyped_count; i++) {
        if (!ut[i].is_device && ut[i].size_bits >= 20)
            return bi->untyped_first + i;
    }
    return 0;
}

static cairn_error_t retype(cairn_cptr_t untyped, uint8_t type, uint8_t size_bits, uint64_t slot)
{
    return cairn_untyped_retype(untyped, type, size_bits, CAIRN_SLOT_CNODE, 0, 0, slot, 1);
}

static void test_capabilities(struct tests *t, cairn_cptr_t ut)
{
    static const uint64_t short_retype[3] = { CAIRN_OBJ_VMO, 12, CAIRN_SLOT_CNODE };

    expect(t, ut != 0, "the boot info lists a RAM untyped of 1 MiB or more");
    expect_err(t, retype(ut, CAIRN_OBJ_VMO, 12, SLOT_VMO), CAIRN_ERR_OK,
               "retype a 4 KiB VMO from an untyped (7 words: registers and IPC buffer)");
    expect_err(t, retype(ut, CAIRN_OBJ_VMO, 12, SLOT_VMO), CAIRN_ERR_DELETE_FIRST,
               "retype into an occupied slot is refused");
    expect_err(t, cairn_invoke(ut, CAIRN_LABEL_UNTYPED_RETYPE, short_retype, 3),
               CAIRN_ERR_TRUNCATED_MESSAGE, "a retype with 3 of its 7 words is truncated");
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_VMO_RO, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   SLOT_VMO, FULL_DEPTH, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "copy the VMO capability with only the read right");
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_CNODE_RO, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   CAIRN_SLOT_CNODE, FULL_DEPTH, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "copy the root CNode capability without the manage right");
    expect_err(t, cairn_cnode_copy(SLOT_CNODE_RO, SLOT_EMPTY, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   SLOT_VMO, FULL_DEPTH, CAIRN_RIGHTS_ALL),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "a CNode capability without manage cannot copy");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_EMPTY, FULL_DEPTH), CAIRN_ERR_OK,
               "deleting an empty slot is allowed and does nothing");
    expect_err(t, cairn_invoke(SLOT_EMPTY, 1, 0, 0), CAIRN_ERR_LOOKUP_EMPTY,
               "invoking an empty slot gives LOOKUP_EMPTY");
    expect_err(t, cairn_invoke(CAIRN_SLOT_CNODE, 99, 0, 0), CAIRN_ERR_INVALID_LABEL,
               "an unknown method gives INVALID_LABEL");
    expect_err(t, cairn_invoke(SLOT_VMO, 99, 0, 0), CAIRN_ERR_INVALID_LABEL,
               "a VMO has no method 99: INVALID_LABEL");
}

static cairn_error_t map(cairn_cptr_t vspace, cairn_cptr_t vmo, uint64_t length, uint64_t address,
                         cairn_rights_t rights)
{
    return cairn_vspace_map(vspace, vmo, 0, length, address, rights);
}

static cairn_error_t copy_vmo(uint64_t dest)
{
    return cairn_cnode_copy(CAIRN_SLOT_CNODE, dest, FULL_DEPTH, CAIRN_SLOT_CNODE, SLOT_VMO,
                            FULL_DEPTH, CAIRN_RIGHTS_ALL);
}

static void test_vmo(struct tests *t)
{
    uint64_t size = 0;

    expect(t, cairn_vmo_size(SLOT_VMO_RO, &size) == CAIRN_ERR_OK && size == 4096,
           "vmo.size gives 4096 for a 4 KiB VMO, through a read-only capability");
}

/* Mapping a VMO into init's own address space, and what the kernel refuses. */
static void test_mappings(struct tests *t)
{
    volatile uint64_t *page = (volatile uint64_t *)MAP_ADDR;
    volatile uint64_t *alias = (volatile uint64_t *)(MAP_ADDR + 0x1000);
    const cairn_rights_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;

    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO, 4096, MAP_ADDR, rw), CAIRN_ERR_OK,
               "map a VMO read-write into init's address space");
    expect(t, page[0] == 0 && page[511] == 0, "a new VMO reads as zeros");
    page[7] = 0xc0ffee1234ull;
    expect(t, page[7] == 0xc0ffee1234ull, "a write to the mapped VMO reads back");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO, 4096, MAP_ADDR + 0x2000, rw),
               CAIRN_ERR_ILLEGAL_OPERATION, "a VMO capability holds one mapping at a time");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_RO, 4096, MAP_ADDR + 0x1000, rw),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "mapping writable through a read-only capability fails");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_RO, 4096, MAP_ADDR, CAIRN_RIGHT_READ),
               CAIRN_ERR_DELETE_FIRST, "a mapped address is not mapped over");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_RO, 4096, MAP_ADDR + 0x1000, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "map the read-only capability read-only");
    expect(t, alias[7] == 0xc0ffee1234ull, "two mappings of one VMO share its page");
    expect_err(t, copy_vmo(SLOT_VMO_COPY), CAIRN_ERR_OK, "copy the VMO capability");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_COPY, 4096, MAP_ADDR + 0x2000,
                      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE | CAIRN_RIGHT_EXECUTE),
               CAIRN_ERR_INVALID_ARGUMENT, "W^X: a mapping both writable and executable is refused");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_COPY, 4096, KERNEL_ADDR, CAIRN_RIGHT_READ),
               CAIRN_ERR_RANGE_ERROR, "mapping at a kernel address is refused");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_COPY, 4096, MAP_ADDR + 0x2800, CAIRN_RIGHT_READ),
               CAIRN_ERR_ALIGNMENT_ERROR, "a mapping address must be page aligned");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_COPY, 8192, MAP_ADDR + 0x2000, CAIRN_RIGHT_READ),
               CAIRN_ERR_RANGE_ERROR, "a mapping longer than the VMO is refused");
    expect_err(t, cairn_vspace_unmap(CAIRN_SLOT_VSPACE, SLOT_VMO), CAIRN_ERR_OK, "unmap a VMO");
    expect_err(t, cairn_vspace_unmap(CAIRN_SLOT_VSPACE, SLOT_VMO), CAIRN_ERR_ILLEGAL_OPERATION,
               "unmapping a capability without a mapping is refused");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO_COPY, 4096, MAP_ADDR, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "the unmapped address can be mapped again");
    expect(t, page[7] == 0xc0ffee1234ull, "the VMO kept its contents across the unmapping");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_VMO_COPY, FULL_DEPTH), CAIRN_ERR_OK,
               "delete a capability that holds a mapping");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_VMO, 4096, MAP_ADDR, rw), CAIRN_ERR_OK,
               "deleting the capability removed its mapping: the address is free");
}

/* A second address space, made from an untyped: its tables come from its own pool. */
static void test_new_vspace(struct tests *t, cairn_cptr_t ut)
{
    expect_err(t, retype(ut, CAIRN_OBJ_VSPACE, 15, SLOT_VSPACE), CAIRN_ERR_OK,
               "retype a 32 KiB VSpace (root, bookkeeping, 6 pages of tables)");
    expect_err(t, copy_vmo(SLOT_VMO_COPY2), CAIRN_ERR_OK, "copy the VMO capability again");
    expect_err(t, map(SLOT_VSPACE, SLOT_VMO_COPY2, 4096, MAP_ADDR, CAIRN_RIGHT_READ), CAIRN_ERR_OK,
               "map a VMO into the new VSpace");
    expect_err(t, retype(ut, CAIRN_OBJ_VSPACE, 13, SLOT_VSPACE_NO_POOL), CAIRN_ERR_OK,
               "retype an 8 KiB VSpace, with no pool for tables");
    expect_err(t, cairn_vspace_unmap(SLOT_VSPACE_NO_POOL, SLOT_VMO_COPY2),
               CAIRN_ERR_ILLEGAL_OPERATION, "a mapping is only unmapped through its own VSpace");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_VMO_COPY2, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the capability mapped in the new VSpace");
    expect_err(t, copy_vmo(SLOT_VMO_COPY2), CAIRN_ERR_OK, "copy the VMO capability once more");
    expect_err(t, map(SLOT_VSPACE_NO_POOL, SLOT_VMO_COPY2, 4096, MAP_ADDR, CAIRN_RIGHT_READ),
               CAIRN_ERR_NOT_ENOUGH_MEMORY, "a VSpace without room for its tables cannot map");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_VSPACE, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the new VSpace");
}

static void test_threads(struct tests *t, cairn_cptr_t ut)
{
    expect_err(t, retype(ut, CAIRN_OBJ_TCB, 0, SLOT_NEW_TCB), CAIRN_ERR_OK,
               "retype a thread from an untyped");
    expect_err(t, cairn_tcb_resume(SLOT_NEW_TCB), CAIRN_ERR_ILLEGAL_OPERATION,
               "a thread with no address space cannot be resumed");
    /* The new thread's maximum controlled priority is 0: as an authority it
     * can give priority 0 and nothing above. */
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, SLOT_NEW_TCB, 1), CAIRN_ERR_RANGE_ERROR,
               "a priority above the authority's maximum is refused");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, SLOT_NEW_TCB, 0), CAIRN_ERR_OK,
               "a priority within the authority's maximum is set");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, 255), CAIRN_ERR_OK,
               "init may give itself its maximum priority back");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, SLOT_VMO, 0),
               CAIRN_ERR_INVALID_CAPABILITY, "the authority must be a thread");
}

/*
 * A thread's registers, written and read back whole: every word of the
 * frame comes back as written (the exit path, not write_registers, keeps
 * what a thread may not choose). Then the refusals: its own registers, a
 * frame longer than the arch's.
 */
static void test_registers(struct tests *t)
{
    uint64_t frame[CAIRN_FRAME_WORDS + 1], back[CAIRN_FRAME_WORDS];
    bool same = true;

    for (uint32_t i = 0; i < CAIRN_FRAME_WORDS; i++) {
        frame[i] = 0x0000100000000000ull + i * 0x1111u;   /* canonical user values */
        back[i] = 0;
    }
    expect_err(t, cairn_tcb_write_registers(SLOT_NEW_TCB, frame, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "write a thread's whole register frame");
    expect_err(t, cairn_tcb_read_registers(SLOT_NEW_TCB, back, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "read it back");
    for (uint32_t i = 0; i < CAIRN_FRAME_WORDS; i++)
        same = same && back[i] == frame[i];
    expect(t, same, "every register of the frame came back as written");
    frame[0] = 0x7ff000;
    frame[1] = 0x7fe000;
    expect_err(t, cairn_tcb_write_registers(SLOT_NEW_TCB, frame, 2), CAIRN_ERR_OK,
               "write the first two registers of the frame only");
    expect_err(t, cairn_tcb_read_registers(SLOT_NEW_TCB, back, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "read the frame again");
    expect(t, back[0] == 0x7ff000 && back[1] == 0x7fe000 && back[2] == frame[2] &&
              back[CAIRN_FRAME_WORDS - 1] == frame[CAIRN_FRAME_WORDS - 1],
           "a short write changes those registers and leaves the rest");
    expect_err(t, cairn_tcb_write_registers(SLOT_NEW_TCB, frame, CAIRN_FRAME_WORDS + 1),
               CAIRN_ERR_INVALID_ARGUMENT, "a frame longer than the arch's is refused");
    expect_err(t, cairn_tcb_read_registers(CAIRN_SLOT_TCB, back, CAIRN_FRAME_WORDS),
               CAIRN_ERR_ILLEGAL_OPERATION, "a thread cannot read its own registers while it runs");
    expect_err(t, cairn_tcb_write_registers(CAIRN_SLOT_TCB, frame, 1),
               CAIRN_ERR_ILLEGAL_OPERATION, "nor write them");
}

static void test_affinity(struct tests *t, const struct cairn_boot_info *bi)
{
    expect_err(t, cairn_tcb_set_affinity(SLOT_NEW_TCB, bi->cpu_count - 1), CAIRN_ERR_OK,
               "a thread's affinity may be any CPU the firmware lists");
    expect_err(t, cairn_tcb_set_affinity(SLOT_NEW_TCB, bi->cpu_count), CAIRN_ERR_RANGE_ERROR,
               "a CPU past the last one is refused");
}

/* A yield in the middle of a computation: whatever the kernel does
 * meanwhile, the thread's registers and stack come back as they were. */
static void test_yield(struct tests *t)
{
    volatile uint64_t acc = 1;
    uint64_t a = 0x9e3779b97f4a7c15ull, b = 3;

    for (int i = 0; i < 8; i++) {
        a = a * 6364136223846793005ull + b;
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
        b ^= a >> 17;
        acc = acc * 31 + (a ^ b);
    }
    expect(t, a == 0x76bfac323a8b724eull && acc == 0x1e3941a0e2817bd7ull, "yield returns with the thread's state intact");
}

void init_tests(const struct cairn_boot_info *bi)
{
    struct tests t = { bi->tests_run, 0, 0 };
    cairn_cptr_t ut = ram_untyped(bi);

    expect(&t, bi->untyped_first == CAIRN_INITIAL_FIRST_UNTYPED && bi->untyped_count > 0,
           "the boot info lists the untyped capabilities");
    test_capabilities(&t, ut);
    test_vmo(&t);
    test_mappings(&t);
    test_new_vspace(&t, ut);
    test_threads(&t, ut);
    test_registers(&t);
    test_affinity(&t, bi);
    test_yield(&t);
    cairn_syscall2(CAIRN_SYS_DEBUG_TESTS_DONE, t.passed, t.failed);
    put_str("init: the kernel did not end the test boot\n");
}
