/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's in-OS tests (test boots): its capabilities, used through real
 * system calls. Numbered after the kernel's (boot info `tests_run`); the
 * totals go back to the kernel with debug_tests_done.
 */
#include "init.h"
#include "tests.h"

/* Free slots of the root CNode between the fixed ones and the untyped. */
#define SLOT_VMO      8u
#define SLOT_VMO_RO   9u
#define SLOT_CNODE_RO 10u
#define SLOT_EMPTY    11u
#define SLOT_NEW_TCB  12u
#define SLOT_STACK    13u
#define SLOT_CODE     14u
#define SLOT_CODE_RX  15u
/* Slots above the untyped ones (the root CNode has 4096). */
#define SLOT_VMO_COPY  4000u
#define SLOT_VMO_COPY2 4001u
#define SLOT_VSPACE    4002u
#define SLOT_VSPACE_NO_POOL 4003u
#define SLOT_OTHER_TCB 4004u
#define SLOT_OTHER_VSPACE 4005u
#define SLOT_FP_TCB 4006u
#define SLOT_INITRAMFS_COPY 4007u
#define SLOT_LOW_TCB  4008u
#define SLOT_HIGH_TCB 4009u

/* Where the mapping tests map: free in init's address space (boot_info.h). */
#define MAP_ADDR 0x3000000000ull
#define KERNEL_ADDR 0xffffffff80000000ull
/* The threads' tests: a stack page (its first word a counter) and code. */
#define STACK_ADDR 0x3000100000ull
#define CODE_ADDR  0x3000200000ull
#define OTHER_CODE_ADDR 0x10000000ull
/* A second mapping of the initramfs: at most one mapping's 2 MiB of it. */
#define INITRAMFS_COPY_ADDR 0x3000800000ull
#define MAP_MAX_BYTES 0x200000ull

void expect(struct tests *t, bool ok, const char *name)
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

void expect_err(struct tests *t, cairn_error_t got, cairn_error_t want, const char *name)
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

cairn_error_t retype(cairn_cptr_t untyped, uint8_t type, uint8_t size_bits, uint64_t slot)
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

cairn_error_t map(cairn_cptr_t vspace, cairn_cptr_t vmo, uint64_t length, uint64_t address,
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

/* The boot VMOs of slots 7 and 6: read-only, as long as the pages holding
 * the boot information and the initramfs, and the same memory init sees at
 * its fixed addresses. */
static void test_boot_vmos(struct tests *t, const struct cairn_boot_info *bi)
{
    const uint64_t *info = (const uint64_t *)CAIRN_INIT_BOOT_INFO;
    const uint8_t *archive = (const uint8_t *)CAIRN_INIT_INITRAMFS;
    const uint8_t *copy = (const uint8_t *)INITRAMFS_COPY_ADDR;
    uint64_t size = 0, words[4] = { 0 }, pages = (bi->initramfs_offset + bi->initramfs_size + 4095) / 4096;
    uint64_t last = bi->initramfs_offset + bi->initramfs_size - 1, span;
    bool same = true;

    expect(t, cairn_vmo_size(CAIRN_SLOT_BOOT_INFO, &size) == CAIRN_ERR_OK && size % 4096 == 0 &&
              size >= bi->size,
           "slot 7 is a VMO of whole pages holding the boot information");
    expect(t, cairn_vmo_read(CAIRN_SLOT_BOOT_INFO, 0, 4, words, 4) == CAIRN_ERR_OK &&
              words[0] == info[0] && words[1] == info[1] && words[3] == info[3] &&
              cairn_vmo_read(CAIRN_SLOT_BOOT_INFO, size - 8, 1, words, 1) == CAIRN_ERR_OK &&
              words[0] == info[size / 8 - 1],
           "the boot-information VMO holds the pages init sees mapped, to the last word");
    expect_err(t, cairn_vmo_read(CAIRN_SLOT_BOOT_INFO, size, 1, words, 1), CAIRN_ERR_RANGE_ERROR,
               "the boot-information VMO ends with its last page");
    expect_err(t, cairn_vmo_write(CAIRN_SLOT_BOOT_INFO, 0, words, 1), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "the boot-information VMO is read-only");
    if (bi->initramfs_size == 0) {
        expect_err(t, cairn_vmo_size(CAIRN_SLOT_INITRAMFS, &size), CAIRN_ERR_LOOKUP_EMPTY,
                   "without an initramfs, slot 6 is empty");
        return;
    }
    expect(t, cairn_vmo_size(CAIRN_SLOT_INITRAMFS, &size) == CAIRN_ERR_OK && size == pages * 4096,
           "slot 6 is a VMO as long as the pages holding the initramfs");
    expect(t, cairn_vmo_read(CAIRN_SLOT_INITRAMFS, bi->initramfs_offset & ~7ull, 1, words, 1) ==
              CAIRN_ERR_OK && words[0] == *(const uint64_t *)(archive + (bi->initramfs_offset & ~7ull)),
           "the initramfs VMO holds the archive init sees mapped");
    expect_err(t, cairn_vmo_read(CAIRN_SLOT_INITRAMFS, size, 1, words, 1), CAIRN_ERR_RANGE_ERROR,
               "the initramfs VMO ends with its last page");
    expect_err(t, cairn_vmo_write(CAIRN_SLOT_INITRAMFS, 0, words, 1), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "the initramfs VMO cannot be written");
    expect_err(t, map(CAIRN_SLOT_VSPACE, CAIRN_SLOT_INITRAMFS, 4096, INITRAMFS_COPY_ADDR,
                      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "the initramfs VMO cannot be mapped writable");
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_INITRAMFS_COPY, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   CAIRN_SLOT_INITRAMFS, FULL_DEPTH, CAIRN_RIGHTS_ALL),
               CAIRN_ERR_OK, "copy the initramfs capability (its rights stay read-only)");
    span = size < MAP_MAX_BYTES ? size : MAP_MAX_BYTES;
    if (last >= span)
        last = span - 1;
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_INITRAMFS_COPY, span, INITRAMFS_COPY_ADDR,
                      CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "map the initramfs VMO read-only a second time");
    for (uint64_t i = bi->initramfs_offset; i <= last && same; i += 509)
        same = copy[i] == archive[i];
    expect(t, same && copy[last] == archive[last], "the second mapping shows the same archive");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_INITRAMFS_COPY, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the copy and its mapping");
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

/* vmo.read and vmo.write: the kernel copies words in and out of a VMO, and
 * its mapping (test_mappings leaves SLOT_VMO mapped at MAP_ADDR) sees the same. */
static void test_vmo_copy(struct tests *t)
{
    volatile uint64_t *page = (volatile uint64_t *)MAP_ADDR;
    const uint64_t w[6] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
    uint64_t back[6] = { 0 };

    expect_err(t, cairn_vmo_write(SLOT_VMO, 0x200, w, 6), CAIRN_ERR_OK,
               "vmo.write of six words (past the message registers)");
    expect(t, page[0x40] == 0x11 && page[0x45] == 0x66, "the mapping sees what vmo.write wrote");
    page[0x46] = 0x77;
    expect_err(t, cairn_vmo_read(SLOT_VMO_RO, 0x208, 6, back, 6), CAIRN_ERR_OK,
               "vmo.read of six words through a read-only capability");
    expect(t, back[0] == 0x22 && back[4] == 0x66 && back[5] == 0x77,
           "vmo.read returns what the VMO holds");
    expect_err(t, cairn_vmo_write(SLOT_VMO_RO, 0, w, 1), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "vmo.write needs the write right");
    expect_err(t, cairn_vmo_read(SLOT_VMO, 4, 1, back, 1), CAIRN_ERR_ALIGNMENT_ERROR,
               "vmo.read of a misaligned word is refused");
    expect_err(t, cairn_vmo_read(SLOT_VMO, 4096 - 8, 2, back, 2), CAIRN_ERR_RANGE_ERROR,
               "vmo.read past the VMO's end is refused");
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
    /* Its MCP, given by init (MCP 255), then bounded by its own. */
    expect_err(t, cairn_tcb_set_max_priority(SLOT_NEW_TCB, CAIRN_SLOT_TCB, 200), CAIRN_ERR_OK,
               "set_max_priority: init gives a thread an MCP below its own");
    expect_err(t, cairn_tcb_set_priority(SLOT_NEW_TCB, SLOT_NEW_TCB, 200), CAIRN_ERR_OK,
               "the thread may now give priorities up to its MCP");
    expect_err(t, cairn_tcb_set_priority(SLOT_NEW_TCB, SLOT_NEW_TCB, 201), CAIRN_ERR_RANGE_ERROR,
               "and not above it");
    expect_err(t, cairn_tcb_set_max_priority(SLOT_NEW_TCB, SLOT_NEW_TCB, 201), CAIRN_ERR_RANGE_ERROR,
               "a thread cannot raise its own MCP");
    expect_err(t, cairn_tcb_set_max_priority(SLOT_NEW_TCB, SLOT_NEW_TCB, 100), CAIRN_ERR_OK,
               "it can lower it");
    expect_err(t, cairn_tcb_set_priority(SLOT_NEW_TCB, SLOT_NEW_TCB, 150), CAIRN_ERR_RANGE_ERROR,
               "and the lower MCP bounds what it gives");
    expect_err(t, cairn_tcb_set_max_priority(SLOT_NEW_TCB, SLOT_VMO, 0), CAIRN_ERR_INVALID_CAPABILITY,
               "set_max_priority: the authority must be a thread");
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

/* A thread in init's own address space: counts until it is stopped,
 * yielding the CPU after each count. */
static _Noreturn void counting_thread(uint64_t counter)
{
    volatile uint64_t *n = (volatile uint64_t *)counter;

    for (;;) {
        (*n)++;
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
    }
}

/* Start a configured thread at `pc` with stack `sp` and first argument `arg`. */
cairn_error_t start_thread(cairn_cptr_t tcb, uint64_t pc, uint64_t sp, uint64_t arg)
{
    uint64_t frame[CAIRN_FRAME_WORDS];
    cairn_error_t err = cairn_tcb_read_registers(tcb, frame, CAIRN_FRAME_WORDS);

    if (err != CAIRN_ERR_OK)
        return err;
#if defined(__x86_64__)
    frame[CAIRN_REG_RIP] = pc;
    frame[CAIRN_REG_RSP] = sp - 8;   /* as if called: rsp + 8 is 16-byte aligned */
    frame[CAIRN_REG_RDI] = arg;
#else
    uint64_t gp;

    __asm__("mv %0, gp" : "=r"(gp));
    frame[CAIRN_REG_PC] = pc;
    frame[CAIRN_REG_SP] = sp;
    frame[CAIRN_REG_A0] = arg;
    frame[CAIRN_REG_GP] = gp;        /* init's data, addressed from gp */
#endif
    err = cairn_tcb_write_registers(tcb, frame, CAIRN_FRAME_WORDS);
    if (err != CAIRN_ERR_OK)
        return err;
    return cairn_tcb_resume(tcb);
}

/* start_thread at init's own priority (a new thread has 0), so that the two
 * take turns when init yields. */
static cairn_error_t start_peer(cairn_cptr_t tcb, uint64_t pc, uint64_t sp, uint64_t arg)
{
    cairn_error_t err = cairn_tcb_set_priority(tcb, CAIRN_SLOT_TCB, INIT_PRIORITY);

    return err != CAIRN_ERR_OK ? err : start_thread(tcb, pc, sp, arg);
}

void yield_times(unsigned n)
{
    while (n-- > 0)
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
}

/*
 * configure: what it refuses, a thread started in init's address space
 * (it runs, from the registers written), and that revoking the VSpace
 * capability it was given stops it.
 */
static void test_configure(struct tests *t, cairn_cptr_t ut)
{
    volatile uint64_t *counter = (volatile uint64_t *)STACK_ADDR;
    uint64_t seen;

    expect_err(t, retype(ut, CAIRN_OBJ_VMO, 12, SLOT_STACK), CAIRN_ERR_OK, "retype a stack for a thread");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_STACK, 4096, STACK_ADDR, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE),
               CAIRN_ERR_OK, "map it in init's address space");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_CNODE, 0, 0),
               CAIRN_ERR_INVALID_CAPABILITY, "configure: the VSpace must be a VSpace");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_VSPACE, CAIRN_SLOT_VSPACE, 0, 0),
               CAIRN_ERR_INVALID_CAPABILITY, "configure: the CSpace must be a CNode");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, SLOT_STACK, 100),
               CAIRN_ERR_ALIGNMENT_ERROR, "configure: the IPC buffer must be aligned");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, SLOT_STACK, 4096),
               CAIRN_ERR_RANGE_ERROR, "configure: the IPC buffer must lie in its VMO");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, SLOT_VMO_RO, 0),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "configure: the IPC buffer needs a writable VMO");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, SLOT_STACK, 2048),
               CAIRN_ERR_OK, "configure a thread in init's CSpace and address space");
    expect_err(t, cairn_tcb_configure(SLOT_NEW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0),
               CAIRN_ERR_ILLEGAL_OPERATION, "a thread is configured once");
    *counter = 0;
    expect_err(t, start_peer(SLOT_NEW_TCB, (uint64_t)(uintptr_t)counting_thread, STACK_ADDR + 2048,
                               STACK_ADDR),
               CAIRN_ERR_OK, "start it with write_registers and resume");
    yield_times(4);
    seen = *counter;
    expect(t, seen >= 2, "the thread runs from the registers written, in init's address space");
    expect_err(t, cairn_cnode_revoke(CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, FULL_DEPTH), CAIRN_ERR_OK,
               "revoke init's VSpace capability: the thread's copy goes");
    seen = *counter;
    yield_times(4);
    expect(t, *counter == seen, "a thread whose VSpace capability is revoked is stopped");
    expect_err(t, cairn_tcb_resume(SLOT_NEW_TCB), CAIRN_ERR_ILLEGAL_OPERATION,
               "and cannot be resumed without an address space");
}

/*
 * A thread in an address space of its own, whose code loads from an
 * address init has mapped: the load faults there. The code sets a marker
 * register first, so the registers show it ran up to the load.
 */
static void test_isolation(struct tests *t, cairn_cptr_t ut)
{
#if defined(__x86_64__)
    /* mov $1, %esi; mov (%rdi), %rax; ud2 */
    static const uint8_t code[] = { 0xbe, 0x01, 0, 0, 0, 0x48, 0x8b, 0x07, 0x0f, 0x0b };
    enum { MARKER = CAIRN_REG_RSI, PC = CAIRN_REG_RIP, ARG = CAIRN_REG_RDI, LOAD = 5, CODE_BYTES = sizeof(code) };
#else
    /* li a1, 1; ld a0, 0(a0); an illegal instruction */
    static const uint32_t words[] = { 0x00100593, 0x00053503, 0 };
    const uint8_t *code = (const uint8_t *)words;
    enum { MARKER = CAIRN_REG_A1, PC = CAIRN_REG_PC, ARG = CAIRN_REG_A0, LOAD = 4, CODE_BYTES = sizeof(words) };
#endif
    volatile uint8_t *text = (volatile uint8_t *)CODE_ADDR;
    uint64_t frame[CAIRN_FRAME_WORDS];
    bool started;

    for (unsigned i = 0; i < CAIRN_FRAME_WORDS; i++)
        frame[i] = 0;
    expect_err(t, retype(ut, CAIRN_OBJ_VMO, 12, SLOT_CODE), CAIRN_ERR_OK, "retype a page for code");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_CODE, 4096, CODE_ADDR, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE),
               CAIRN_ERR_OK, "map it writable in init's address space");
    for (unsigned i = 0; i < CODE_BYTES; i++)
        text[i] = code[i];
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_CODE_RX, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   SLOT_CODE, FULL_DEPTH, CAIRN_RIGHTS_ALL),
               CAIRN_ERR_OK, "copy its capability");
    expect_err(t, retype(ut, CAIRN_OBJ_VSPACE, 15, SLOT_OTHER_VSPACE), CAIRN_ERR_OK,
               "retype another VSpace");
    expect_err(t, map(SLOT_OTHER_VSPACE, SLOT_CODE_RX, 4096, OTHER_CODE_ADDR,
                      CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE),
               CAIRN_ERR_OK, "map the code executable there");
    expect_err(t, retype(ut, CAIRN_OBJ_TCB, 0, SLOT_OTHER_TCB), CAIRN_ERR_OK, "retype a thread for it");
    expect_err(t, cairn_tcb_configure(SLOT_OTHER_TCB, 0, CAIRN_SLOT_CNODE, SLOT_OTHER_VSPACE, 0, 0),
               CAIRN_ERR_OK, "configure the thread in the other VSpace");
    frame[PC] = OTHER_CODE_ADDR;
    frame[ARG] = STACK_ADDR;   /* mapped in init's address space, not in its own */
    started = cairn_tcb_write_registers(SLOT_OTHER_TCB, frame, CAIRN_FRAME_WORDS) == CAIRN_ERR_OK &&
              cairn_tcb_set_priority(SLOT_OTHER_TCB, CAIRN_SLOT_TCB, INIT_PRIORITY) == CAIRN_ERR_OK &&
              cairn_tcb_resume(SLOT_OTHER_TCB) == CAIRN_ERR_OK;
    yield_times(2);   /* before printing: its fault report is a console line too */
    expect(t, started, "start it");
    expect_err(t, cairn_tcb_read_registers(SLOT_OTHER_TCB, frame, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "read its registers once it has stopped");
    expect(t, frame[MARKER] == 1 && frame[PC] == OTHER_CODE_ADDR + LOAD,
           "a thread does not see another address space's memory: its load faulted");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_OTHER_TCB, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the thread: its own capabilities go with it");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_OTHER_VSPACE, FULL_DEPTH), CAIRN_ERR_OK,
               "then its VSpace, whose last capability this is");
}

/* The first floating-point register (xmm0, f0), written and read. init is
 * built without floating point, so nothing else in it touches the register. */
static void fp_set(uint64_t v)
{
#if defined(__x86_64__)
    __asm__ volatile("movq %0, %%xmm0" : : "r"(v));
#else
    __asm__ volatile(".option push\n.option arch, +d\nfmv.d.x f0, %0\n.option pop" : : "r"(v));
#endif
}

static uint64_t fp_get(void)
{
    uint64_t v;

#if defined(__x86_64__)
    __asm__ volatile("movq %%xmm0, %0" : "=r"(v));
#else
    __asm__ volatile(".option push\n.option arch, +d\nfmv.x.d %0, f0\n.option pop" : "=r"(v));
#endif
    return v;
}

#define FP_INIT_VALUE   0x4009219999999999ull
#define FP_THREAD_VALUE 0xc01c000000000001ull

/* A thread that keeps its own value in the first floating-point register
 * while it yields to init: counts (words[0]) each time it finds it intact,
 * and marks words[1] the first time it does not. */
static _Noreturn void fp_thread(uint64_t words)
{
    volatile uint64_t *w = (volatile uint64_t *)words;

    fp_set(FP_THREAD_VALUE);
    for (;;) {
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
        if (fp_get() != FP_THREAD_VALUE)
            w[1] = 1;
        else if (w[1] == 0)
            w[0]++;
    }
}

/* A new thread's first floating-point register, in words[2]; words[3]
 * says it looked. */
static _Noreturn void fp_probe_thread(uint64_t words)
{
    volatile uint64_t *w = (volatile uint64_t *)words;

    w[2] = fp_get();
    w[3] = 1;
    for (;;)
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
}

/* A new thread starts with the reset state in its floating-point
 * registers, whatever the thread before it left there. */
static void test_fpu_fresh(struct tests *t, cairn_cptr_t ut, volatile uint64_t *w)
{
    w[2] = ~0ull;
    w[3] = 0;
    fp_set(FP_INIT_VALUE);
    expect(t, retype(ut, CAIRN_OBJ_TCB, 0, SLOT_FP_TCB) == CAIRN_ERR_OK &&
              cairn_tcb_configure(SLOT_FP_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0) ==
                  CAIRN_ERR_OK &&
              start_peer(SLOT_FP_TCB, (uint64_t)(uintptr_t)fp_probe_thread, STACK_ADDR + 4096,
                         (uint64_t)(uintptr_t)w) == CAIRN_ERR_OK,
           "start a thread that reads its first floating-point register");
    yield_times(2);
    expect(t, w[3] == 1 && w[2] == 0, "a new thread's floating-point registers are zero, not init's");
    expect(t, fp_get() == FP_INIT_VALUE, "and init's are still its own");
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FP_TCB, FULL_DEPTH);
}

/* Two threads with different values in the same floating-point register,
 * taking turns on the CPU: each keeps its own. */
static void test_fpu(struct tests *t, cairn_cptr_t ut)
{
    volatile uint64_t *w = (volatile uint64_t *)(STACK_ADDR + 64);

    test_fpu_fresh(t, ut, w);
    w[0] = w[1] = 0;
    expect_err(t, retype(ut, CAIRN_OBJ_TCB, 0, SLOT_FP_TCB), CAIRN_ERR_OK, "retype a thread for floating point");
    expect_err(t, cairn_tcb_configure(SLOT_FP_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0),
               CAIRN_ERR_OK, "configure it in init's address space");
    fp_set(FP_INIT_VALUE);
    expect_err(t, start_peer(SLOT_FP_TCB, (uint64_t)(uintptr_t)fp_thread, STACK_ADDR + 4096,
                               (uint64_t)(uintptr_t)w),
               CAIRN_ERR_OK, "start it");
    yield_times(8);
    expect(t, fp_get() == FP_INIT_VALUE, "init's floating-point register is its own after switches");
    expect(t, w[0] >= 4 && w[1] == 0, "the other thread's floating-point register is its own too");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FP_TCB, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the thread");
}

/* Counts words[0] up for ever, never giving up the CPU itself. */
static _Noreturn void spinning_thread(uint64_t words)
{
    volatile uint64_t *w = (volatile uint64_t *)words;

    for (;;)
        w[0]++;
}

#define BURST_COUNT 1000u

/* Counts words[4] up to BURST_COUNT, notes in words[5] what the spinning
 * thread's counter (words[0]) showed then, and suspends itself. */
static _Noreturn void burst_thread(uint64_t words)
{
    volatile uint64_t *w = (volatile uint64_t *)words;

    while (w[4] < BURST_COUNT)
        w[4]++;
    w[5] = w[0];
    cairn_tcb_suspend(SLOT_HIGH_TCB);
    for (;;)
        w[6] = 1;   /* never: a suspended thread does not come back */
}

/* Wait, without giving up the CPU, until the counter `n` moves (or give up
 * after a bound no working scheduler comes near). */
static bool moves(volatile uint64_t *n)
{
    uint64_t start = *n;

    for (uint64_t i = 0; i < 4000000000ull; i++)
        if (*n != start)
            return true;
    return false;
}

/*
 * Priorities: a thread below init's runs only when init lowers itself; a
 * thread above the lowered init takes the CPU at once and runs until it
 * stops; one of the same priority as init shares the CPU with it through
 * the timer, though neither yields.
 */
static void test_priorities(struct tests *t, cairn_cptr_t ut)
{
    volatile uint64_t *w = (volatile uint64_t *)(STACK_ADDR + 128);
    const uint64_t words = (uint64_t)(uintptr_t)w;
    uint64_t seen;

    for (unsigned i = 0; i < 8; i++)
        w[i] = 0;
    expect(t, retype(ut, CAIRN_OBJ_TCB, 0, SLOT_LOW_TCB) == CAIRN_ERR_OK &&
              retype(ut, CAIRN_OBJ_TCB, 0, SLOT_HIGH_TCB) == CAIRN_ERR_OK &&
              cairn_tcb_configure(SLOT_LOW_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0) == CAIRN_ERR_OK &&
              cairn_tcb_configure(SLOT_HIGH_TCB, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0) == CAIRN_ERR_OK &&
              cairn_tcb_set_priority(SLOT_LOW_TCB, CAIRN_SLOT_TCB, 100) == CAIRN_ERR_OK &&
              cairn_tcb_set_priority(SLOT_HIGH_TCB, CAIRN_SLOT_TCB, 200) == CAIRN_ERR_OK,
           "two threads in init's address space, at priorities 100 and 200");
    expect_err(t, start_thread(SLOT_LOW_TCB, (uint64_t)(uintptr_t)spinning_thread, STACK_ADDR + 2048, words),
               CAIRN_ERR_OK, "start a thread that spins at priority 100");
    yield_times(3);
    expect(t, w[0] == 0, "below init's priority 255 it does not run, even when init yields");
    expect_err(t, start_thread(SLOT_HIGH_TCB, (uint64_t)(uintptr_t)burst_thread, STACK_ADDR + 4096, words),
               CAIRN_ERR_OK, "start a thread that counts and stops, at priority 200");
    expect(t, w[4] == 0, "it waits while init runs at 255");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, 150), CAIRN_ERR_OK,
               "init lowers itself to 150");
    expect(t, w[4] == BURST_COUNT && w[5] == 0 && w[6] == 0,
           "the priority-200 thread ran to its end at once, before the spinning one ever ran");
    yield_times(3);
    expect(t, w[0] == 0, "at 150, init still runs before the spinning thread");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, 100), CAIRN_ERR_OK,
               "init lowers itself to the spinning thread's 100");
    expect(t, moves(w), "the timer hands the spinning thread the CPU while init spins too");
    seen = w[0];
    expect(t, moves(w) && w[0] > seen, "and takes it back, turn after turn");
    expect_err(t, cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, INIT_PRIORITY), CAIRN_ERR_OK,
               "init takes its priority 255 back");
    seen = w[0];
    yield_times(3);
    expect(t, w[0] == seen, "and runs alone again");
    expect(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_LOW_TCB, FULL_DEPTH) == CAIRN_ERR_OK &&
              cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_HIGH_TCB, FULL_DEPTH) == CAIRN_ERR_OK,
           "delete both threads");
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

void init_tests(const struct cairn_boot_info *bi, struct tests *t)
{
    cairn_cptr_t ut = ram_untyped(bi);

    expect(t, bi->untyped_first == CAIRN_INITIAL_FIRST_UNTYPED && bi->untyped_count > 0,
           "the boot info lists the untyped capabilities");
    test_capabilities(t, ut);
    test_vmo(t);
    test_boot_vmos(t, bi);
    test_mappings(t);
    test_vmo_copy(t);
    test_new_vspace(t, ut);
    test_threads(t, ut);
    test_registers(t);
    test_affinity(t, bi);
    test_configure(t, ut);
    test_isolation(t, ut);
    test_fpu(t, ut);
    test_priorities(t, ut);
    test_yield(t);
    test_ipc(t, ut);
    test_faults(t, ut);
    test_irq(t, bi, ut);
    test_process(t, bi, ut);
}
