/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's built-in self-tests: what the boot handed over, the physical
 * memory manager working on real memory, and the timer interrupt, then the
 * architecture's own tests. Output is TAP-like so the host harness can count.
 */
#include "arch.h"
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "console.h"
#include "kernel.h"
#include "init_task.h"
#include "selftest.h"
#include "thread.h"

/* Spins allowed while waiting for timer ticks: seconds even under emulation,
 * so a dead timer fails the test instead of hanging the machine. */
#define TICK_WAIT_SPINS 1000000000ull

/*@ requires \valid(t);
    requires len > 0 ==> \valid_read(name + (0 .. len - 1));
    assigns t->passed, t->failed, arch_console_log;
*/
void selftest_record(struct selftest *t, bool ok, const char *name, size_t len)
{
    uint32_t *counter = ok ? &t->passed : &t->failed;

    if (*counter != UINT32_MAX)
        (*counter)++;
    if (ok)
        kputl("ok ");
    else
        kputl("not ok ");
    kputu((uint64_t)t->passed + t->failed);
    kputl(" - ");
    kput_chars(name, len);
    kputl("\n");
}

/*@ predicate disjoint(paddr_t a, uint64_t as, paddr_t b, uint64_t bs) =
      a + as <= b || b + bs <= a;
*/

/*@ requires as <= UINT64_MAX - a && bs <= UINT64_MAX - b;
    assigns \nothing;
    ensures \result <==> disjoint(a, as, b, bs);
*/
static bool ranges_disjoint(paddr_t a, uint64_t as, paddr_t b, uint64_t bs)
{
    return a + as <= b || b + bs <= a;
}

/* Is [base, base + size) inside one of the usable RAM ranges? */
/*@ requires \valid_read(bi) && bi->ram_count <= BOOT_MAX_RAM;
    assigns \nothing;
*/
static bool inside_ram(const struct boot_info *bi, paddr_t base, uint64_t size)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop assigns i;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        const struct mem_region *r = &bi->ram[i];

        if (r->size <= UINT64_MAX - r->base && size <= UINT64_MAX - base &&
            base >= r->base && base + size <= r->base + r->size)
            return true;
    }
    return false;
}

/* Does [base, base + size) touch any of `count` ranges? A range that wraps
 * around the address space counts as touching everything. */
/*@ requires count <= BOOT_MAX_RAM;
    requires \valid_read(ranges + (0 .. count - 1));
    requires size <= UINT64_MAX - base;
    assigns \nothing;
*/
static bool overlaps_any(const struct mem_region *ranges, uint32_t count, paddr_t base,
                         uint64_t size)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= count;
        loop assigns i;
        loop variant count - i;
    */
    for (i = 0; i < count; i++) {
        if (ranges[i].size > UINT64_MAX - ranges[i].base ||
            !ranges_disjoint(base, size, ranges[i].base, ranges[i].size))
            return true;
    }
    return false;
}

/* No two RAM ranges overlap and none wraps around the address space. */
/*@ requires \valid_read(bi) && bi->ram_count <= BOOT_MAX_RAM;
    assigns \nothing;
*/
static bool ram_well_formed(const struct boot_info *bi)
{
    uint32_t i, j;

    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop assigns i, j;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        const struct mem_region *a = &bi->ram[i];

        if (a->size == 0 || a->size > UINT64_MAX - a->base)
            return false;
        /*@ loop invariant i + 1 <= j <= bi->ram_count;
            loop assigns j;
            loop variant bi->ram_count - j;
        */
        for (j = i + 1; j < bi->ram_count; j++) {
            const struct mem_region *b = &bi->ram[j];

            if (b->size > UINT64_MAX - b->base ||
                !ranges_disjoint(a->base, a->size, b->base, b->size))
                return false;
        }
    }
    return true;
}

/*@ requires \valid(t) && \valid_read(bi) && boot_info_ok(bi);
    requires \separated(t, bi);
    assigns *t, arch_console_log;
*/
static void test_boot_info(struct selftest *t, const struct boot_info *bi)
{
    selftest_expect(t, bi->ram_count > 0, "boot: the memory map lists usable RAM");
    selftest_expect(t, ram_well_formed(bi), "boot: RAM ranges are non-empty and disjoint");
    selftest_expect(t, boot_cmdline_has(bi, "test") && !boot_cmdline_has(bi, "tes"),
                    "boot: the command line holds the whole word 'test'");
    selftest_expect(t, bi->cpu_count >= 1, "boot: the firmware lists at least one CPU");
    if (bi->initramfs_size != 0) {
        selftest_expect(t, inside_ram(bi, bi->initramfs_base, bi->initramfs_size),
                        "boot: the initramfs lies inside RAM");
    }
}

/*
 * The allocator on the snapshot of the free map: two allocations, then two
 * requests it must refuse. Every call to the allocator comes before the
 * first result is recorded: its contract needs the table invariant, which
 * the provers carry from one allocator call to the next but lose across
 * the recording of a result.
 */
/*@ requires \valid(t) && \valid(pmm) && \valid_read(bi);
    requires pmm_ok(pmm) && boot_info_ok(bi);
    requires \separated(t, pmm, bi);
    assigns *t, *pmm, arch_console_log;
*/
static void test_pmm(struct selftest *t, const struct boot_info *bi, struct pmm *pmm)
{
    uint64_t before = pmm_free_bytes(pmm), after;
    paddr_t page = 0, big = 0, unused;
    enum pmm_status s1, s2, too_big = PMM_OK, bad_align;
    bool fits, unchanged;

    s1 = pmm_alloc(pmm, PAGE_SIZE, PAGE_SIZE, &page);
    s2 = pmm_alloc(pmm, 16 * PAGE_SIZE, 16 * PAGE_SIZE, &big);
    after = pmm_free_bytes(pmm);
    if (after <= UINT64_MAX - PAGE_SIZE)
        too_big = pmm_alloc(pmm, after + PAGE_SIZE, PAGE_SIZE, &unused);
    unchanged = pmm_free_bytes(pmm) == after;
    bad_align = pmm_alloc(pmm, PAGE_SIZE, 3 * PAGE_SIZE, &unused);

    selftest_expect(t, s1 == PMM_OK && s2 == PMM_OK, "pmm: a page and 64 KiB are allocated");
    selftest_expect(t, page % PAGE_SIZE == 0 && big % (16 * PAGE_SIZE) == 0,
                    "pmm: allocations are aligned as asked");
    selftest_expect(t, before >= 17 * PAGE_SIZE && after == before - 17 * PAGE_SIZE,
                    "pmm: free memory shrinks by exactly what was allocated");
    selftest_expect(t, inside_ram(bi, page, PAGE_SIZE) && inside_ram(bi, big, 16 * PAGE_SIZE),
                    "pmm: allocations lie inside usable RAM");
    /* An allocation running past the top of the address space fails these. */
    fits = page <= UINT64_MAX - PAGE_SIZE && big <= UINT64_MAX - 16 * PAGE_SIZE;
    selftest_expect(t, fits && !overlaps_any(bi->reserved, bi->reserved_count, page, PAGE_SIZE) &&
                       !overlaps_any(bi->reserved, bi->reserved_count, big, 16 * PAGE_SIZE),
                    "pmm: allocations miss the kernel, initramfs and boot data");
    selftest_expect(t, fits && ranges_disjoint(page, PAGE_SIZE, big, 16 * PAGE_SIZE),
                    "pmm: two allocations do not overlap");
    selftest_expect(t, too_big == PMM_NO_MEMORY && unchanged,
                    "pmm: a request larger than free memory fails and changes nothing");
    selftest_expect(t, bad_align == PMM_ALIGN,
                    "pmm: an alignment that is not a power of two is refused");
}

/*
 * Every untyped capability in init's CSpace: naturally aligned; RAM ones
 * inside RAM and clear of the kernel and boot data; device ones clear of
 * RAM. Their RAM bytes add up to what the PMM had free.
 */
/*@ requires \valid_read(bi) && \valid_read(cs) && \valid_read(before);
    requires bi->ram_count <= BOOT_MAX_RAM && bi->reserved_count <= BOOT_MAX_RESERVED;
    requires cs->next_slot <= INITIAL_SLOTS && pmm_ok(before);
    assigns \nothing;
*/
static bool untyped_caps_sound(const struct boot_info *bi, const struct initial_cspace *cs,
                               const struct pmm *before)
{
    const struct slot *slots = arch_slots_at(cs->root.object, INITIAL_SLOTS);
    uint64_t ram_bytes = 0;
    uint32_t i;

    /*@ loop invariant CAIRN_INITIAL_FIRST_UNTYPED <= i <= INITIAL_SLOTS;
        loop assigns i, ram_bytes;
        loop variant cs->next_slot - i;
    */
    for (i = CAIRN_INITIAL_FIRST_UNTYPED; i < cs->next_slot; i++) {
        const struct cap *c = &slots[i].cap;
        uint64_t size;

        if (c->type != CAIRN_OBJ_UNTYPED || c->size_bits < PAGE_BITS || c->size_bits > 63)
            return false;
        size = pow2[c->size_bits];
        if (c->object % size != 0 || c->object > UINT64_MAX - size)
            return false;
        if (c->is_device && overlaps_any(bi->ram, bi->ram_count, c->object, size))
            return false;
        if (!c->is_device && (!inside_ram(bi, c->object, size) ||
                              overlaps_any(bi->reserved, bi->reserved_count, c->object, size)))
            return false;
        if (!c->is_device) {
            if (ram_bytes > UINT64_MAX - size)
                return false;
            ram_bytes += size;
        }
    }
    return ram_bytes == pmm_free_bytes(before) && ram_bytes == cs->untyped_bytes;
}

/*@ requires \valid(t) && \valid_read(bi) && \valid_read(cs) && \valid_read(before);
    requires bi->ram_count <= BOOT_MAX_RAM && bi->reserved_count <= BOOT_MAX_RESERVED;
    requires cs->next_slot <= INITIAL_SLOTS && pmm_ok(before);
    requires \separated(t, bi, cs, before);
    assigns *t, arch_console_log;
*/
static void test_initial_cspace(struct selftest *t, const struct boot_info *bi,
                                const struct initial_cspace *cs, const struct pmm *before)
{
    paddr_t irq = 0, self = 0, empty = 0;

    selftest_expect(t, cs->untyped_caps > 0 && cs->lost_bytes == 0,
                    "cspace: all free memory is handed over as untyped");
    selftest_expect(t, untyped_caps_sound(bi, cs, before),
                    "cspace: untyped caps are aligned, cover exactly the free RAM, miss the rest");
    selftest_expect(t, cspace_lookup(&cs->root, CAIRN_SLOT_IRQ_CONTROL, &irq) == CAIRN_ERR_OK &&
                       slot_at(irq)->cap.type == CAIRN_OBJ_IRQ_CONTROL &&
                       cspace_lookup(&cs->root, CAIRN_SLOT_CNODE, &self) == CAIRN_ERR_OK &&
                       slot_at(self)->cap.type == CAIRN_OBJ_CNODE &&
                       slot_at(self)->cap.object == cs->root.object,
                    "cspace: CPtr n names slot n of init's root CNode");
    selftest_expect(t, cspace_lookup(&cs->root, CAIRN_SLOT_NULL, &empty) == CAIRN_ERR_OK &&
                       slot_at(empty)->cap.type == CAP_TYPE_NULL,
                    "cspace: slot 0 is empty");
}

/*@ requires \valid(t);
    assigns *t, arch_console_log;
*/
static void test_timer(struct selftest *t)
{
    uint64_t start = kernel_ticks();
    uint64_t target = start <= UINT64_MAX - 3 ? start + 3 : UINT64_MAX;
    uint64_t spins;

    /*@ loop invariant 0 <= spins <= TICK_WAIT_SPINS;
        loop assigns spins;
        loop variant TICK_WAIT_SPINS - spins;
    */
    for (spins = 0; spins < TICK_WAIT_SPINS && kernel_ticks() < target; spins++)
        arch_cpu_relax();
    selftest_expect(t, kernel_ticks() >= target, "timer: periodic interrupts arrive");
}

/* The kernel's results; init's are added when it reports them. */
static struct selftest results;

/*@ requires \valid_read(bi) && boot_info_ok(bi) && \valid(pmm);
    requires \valid_read(cs) && cs->next_slot <= INITIAL_SLOTS;
    requires \separated(pmm, bi, cs, &results);
    assigns *pmm, results, arch_console_log;
*/
void selftest_run(const struct boot_info *bi, struct pmm *pmm,
                  const struct initial_cspace *cs)
{
    bool pmm_sound;

    test_boot_info(&results, bi);
    /* `pmm` is the free map as it was before init's CSpace took it all. */
    pmm_sound = pmm_check(pmm);
    selftest_expect(&results, pmm_sound, "pmm: the free map is sorted, disjoint and without overflow");
    if (pmm_sound) {
        test_initial_cspace(&results, bi, cs, pmm);
        test_pmm(&results, bi, pmm);
    }
    test_timer(&results);
    arch_selftest(&results);
}

/* ---- Fault probes ----------------------------------------------------------
 *
 * Threads running init's image that each do one thing a user thread must not
 * (spec/include/cairn/boot_info.h, enum cairn_probe). The kernel must report
 * the fault, stop the thread and go on; each report is checked here against
 * what the probe did.
 */
#define ANY_ADDRESS UINT64_MAX

struct probe {
    const char *name;
    size_t len;
    uint8_t kind;         /* the fault accepted (CAIRN_FAULT_*) */
    uint8_t also;         /* another accepted, where the arches differ; else kind again */
    uint64_t address;     /* the address the report must name, or ANY_ADDRESS */
};

#define PROBES SELFTEST_PROBES
#define PROBE(what, k, k2, addr) { "" what, sizeof("" what) - 1, (k), (k2), (addr) }

static paddr_t probe_tcb[PROBES];
static bool probe_seen[PROBES];
static paddr_t after_probes;   /* init: runs once the last probe has been stopped */

static const struct probe probes[PROBES] = {
    PROBE("user null read reported and stopped", CAIRN_FAULT_PAGE_READ, CAIRN_FAULT_PAGE_READ, 0),
    PROBE("user write to read-only code reported and stopped", CAIRN_FAULT_PAGE_WRITE,
          CAIRN_FAULT_PAGE_WRITE, CAIRN_INIT_IMAGE_BASE),
    PROBE("user jump into kernel text reported and stopped", CAIRN_FAULT_PAGE_EXECUTE,
          CAIRN_FAULT_PAGE_EXECUTE, CAIRN_PROBE_KERNEL_ADDRESS),
    PROBE("user undefined instruction reported and stopped", CAIRN_FAULT_UNDEFINED, CAIRN_FAULT_UNDEFINED,
          ANY_ADDRESS),
    PROBE("user bad system call reported and stopped", CAIRN_FAULT_BAD_SYSCALL, CAIRN_FAULT_BAD_SYSCALL,
          CAIRN_PROBE_SYSCALL_NUMBER),
    PROBE("user read of another address space's page reported and stopped", CAIRN_FAULT_PAGE_READ,
          CAIRN_FAULT_PAGE_READ, CAIRN_INIT_BOOT_INFO),
    PROBE("user vector instruction reported and stopped (no vector state for threads)",
          CAIRN_FAULT_UNDEFINED, CAIRN_FAULT_UNDEFINED, ANY_ADDRESS),
    /* x86_64: a protection fault (#GP); riscv64: an illegal instruction. */
    PROBE("user privileged instruction reported and stopped", CAIRN_FAULT_UNDEFINED, CAIRN_FAULT_PROTECTION,
          ANY_ADDRESS),
};

/*
 * Create every probe (from the pages reserved for them, init_task_pages). They run one after another, each started when the one before
 * it has been stopped, and `then` (init) after the last, so that no report
 * cuts into another thread's output. Returns the first probe.
 */
/*@ requires pool_ok(&init_build.pages);
    assigns init_build, probe_tcb[0 .. PROBES - 1], after_probes, arch_console_log,
            PT_ALL_ENTRIES, { bytes_view(p)[i] | integer p, integer i; \true },
            { *tcb_view(p) | integer p; \true };
    ensures \result != 0;
*/
paddr_t selftest_probes_create(paddr_t then)
{
    unsigned i;

    /*@ loop invariant 0 <= i <= PROBES && pool_ok(&init_build.pages);
        loop invariant i > 0 ==> probe_tcb[0] != 0;
        loop assigns i, init_build, probe_tcb[0 .. PROBES - 1], arch_console_log,
                     PT_ALL_ENTRIES, { bytes_view(p)[k] | integer p, integer k; \true },
                     { *tcb_view(p) | integer p; \true };
        loop variant PROBES - i;
    */
    for (i = 0; i < PROBES; i++)
        probe_tcb[i] = init_task_probe(i + 1);
    after_probes = then;
    return probe_tcb[0];
}

/* The in-OS tests before init's: the kernel's and one per probe. */
/*@ assigns \nothing;
    ensures \result >= PROBES;
*/
uint32_t selftest_count(void)
{
    uint64_t n = (uint64_t)results.passed + results.failed + ARRAY_SIZE(probes);

    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/*
 * Thread `t` faulted: if it is a probe, was it the fault it asked for?
 * Returns the thread to start next (the next probe, or init after the
 * last), or 0.
 */
/*@ assigns probe_seen[0 .. PROBES - 1], results, arch_console_log;
    ensures \result == 0 || \result == after_probes ||
            (\exists integer k; 0 <= k < PROBES && \result == probe_tcb[k]);
*/
paddr_t selftest_fault_seen(paddr_t t, fault_kind_t kind, uint64_t address)
{
    const struct probe *p;
    unsigned i;

    /*@ loop invariant 0 <= i <= PROBES;
        loop assigns i;
        loop variant PROBES - i;
    */
    for (i = 0; i < PROBES && (probe_tcb[i] != t || probe_seen[i]); i++)
        continue;
    if (i == PROBES)
        return 0;
    p = &probes[i];
    probe_seen[i] = true;
    selftest_record(&results, (kind == p->kind || kind == p->also) &&
                    (p->address == ANY_ADDRESS || p->address == address), p->name, p->len);
    if (i < PROBES - 1)
        return probe_tcb[i + 1];
    return after_probes;
}

/*
 * init reported its results (or stopped without doing so): add them to the
 * kernel's, fail every probe that never faulted, print the total and power
 * off with the verdict.
 */
/*@ assigns results, arch_console_log;
    ensures \false;
*/
_Noreturn void selftest_finish(uint64_t passed, uint64_t failed)
{
    unsigned i;

    /*@ loop invariant 0 <= i <= PROBES;
        loop assigns i, results, arch_console_log;
        loop variant PROBES - i;
    */
    for (i = 0; i < ARRAY_SIZE(probes); i++) {
        if (!probe_seen[i])
            selftest_record(&results, false, probes[i].name, probes[i].len);
    }
    /* init's counts are whatever it said: keep the sums from wrapping. */
    passed = (passed > UINT32_MAX ? UINT32_MAX : passed) + results.passed;
    failed = (failed > UINT32_MAX ? UINT32_MAX : failed) + results.failed;
    kputu(passed);
    kputl(" passed, ");
    kputu(failed);
    kputl(" failed\n");
    arch_poweroff(failed == 0 ? 0 : 1);
}

/* No thread is left to run in a test boot: init stopped without reporting. */
/*@ assigns results, arch_console_log;
    ensures \false;
*/
_Noreturn void selftest_stalled(void)
{
    selftest_record(&results, false, "init reported its tests before stopping",
                    sizeof("init reported its tests before stopping") - 1);
    selftest_finish(0, 0);
}
