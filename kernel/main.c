/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The architecture-independent start of the kernel: banner, boot information,
 * physical memory, the boot summary, the timer, then the self-tests or idle.
 */
#include "arch.h"
#include "bootinfo.h"
#include "console.h"
#include "init_task.h"
#include "initial_cspace.h"
#include "kernel.h"
#include "pmm.h"
#include "selftest.h"
#include "thread.h"

#define MIB (1024u * 1024u)

bool kernel_testing;

static struct boot_info boot_info;
static struct pmm boot_pmm;
static struct pmm selftest_pmm;   /* the free map before init took it, for the self-tests */
static struct initial_cspace init_cspace;
static struct init_task init_task;

/*@ axiomatic KernelImage {
      // Trusted (proofs/README.md): CNode slots are seen through the direct
      // map, and these statics live in the kernel image, a different virtual
      // range on both arches, so no slot is ever one of them.
      // (Stated for a CNode of init's size, the only one the kernel makes
      // itself: the provers match an axiom to a goal only when the range
      // is written the same way.)
      axiom slots_outside_image: \forall integer pa;
        \separated(slots_view(pa) + (0 .. INITIAL_SLOTS - 1), &boot_info, &boot_pmm,
                    &selftest_pmm, &init_cspace, &init_task);
      // The same for the pages, page tables and TCBs init is built from.
      axiom views_outside_image: \forall integer pa, i;
        \separated(bytes_view(pa) + i, &boot_info, &boot_pmm, &selftest_pmm, &init_cspace, &init_task) &&
        \separated(pt_view(pa) + (0 .. PT_ENTRIES - 1), &boot_info, &boot_pmm, &selftest_pmm,
                    &init_cspace, &init_task) &&
        \separated(tcb_view(pa), &boot_info, &boot_pmm, &selftest_pmm, &init_cspace, &init_task);
    }
*/
static volatile uint64_t timer_ticks;

/*@ assigns timer_ticks; */
void kernel_timer_tick(void)
{
    uint64_t now = timer_ticks;

    /* Saturate: at 100 Hz that is billions of years away, but never wrap. */
    if (now != UINT64_MAX)
        timer_ticks = now + 1;
}

/*@ assigns \nothing; */
uint64_t kernel_ticks(void)
{
    return timer_ticks;
}

/*@ assigns arch_console_log; */
static void put_pmm_error(enum pmm_status s)
{
    switch (s) {
    case PMM_OK:        kputl("ok"); break;
    case PMM_EMPTY:     kputl("no whole page in the range"); break;
    case PMM_OVERLAP:   kputl("overlaps memory already added"); break;
    case PMM_FULL:      kputl("too many memory ranges"); break;
    case PMM_RANGE:     kputl("range wraps past the top of the address space"); break;
    case PMM_ALIGN:     kputl("alignment is not a power of two"); break;
    case PMM_NO_MEMORY: kputl("not enough free memory"); break;
    }
}

/*@ requires \valid(pmm) && \valid_read(bi);
    requires bi->ram_count <= BOOT_MAX_RAM && bi->reserved_count <= BOOT_MAX_RESERVED;
    requires \separated(pmm, bi);
    assigns *pmm, arch_console_log;
    ensures pmm_ok(pmm);
*/
static void memory_init(struct pmm *pmm, const struct boot_info *bi)
{
    uint32_t i;

    pmm_init(pmm);
    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop invariant pmm_ok(pmm);
        loop assigns i, *pmm, arch_console_log;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        const struct mem_region *r = &bi->ram[i];
        enum pmm_status s = pmm_add(pmm, r->base, r->size);

        if (s != PMM_OK && s != PMM_EMPTY) {
            kputl("memory: ignoring RAM at ");
            kputx(r->base);
            kputl(" size ");
            kputx(r->size);
            kputl(": ");
            put_pmm_error(s);
            kputl("\n");
        }
    }
    /* Physical page 0 is never handed out, so 0 never names an object. */
    if (pmm_reserve(pmm, 0, PAGE_SIZE) != PMM_OK)
        panic("memory: cannot reserve page 0");
    /*@ loop invariant 0 <= i <= bi->reserved_count;
        loop invariant pmm_ok(pmm);
        loop assigns i, *pmm, arch_console_log;
        loop variant bi->reserved_count - i;
    */
    for (i = 0; i < bi->reserved_count; i++) {
        /* Handing out memory that holds the kernel or boot data would be fatal later. */
        if (pmm_reserve(pmm, bi->reserved[i].base, bi->reserved[i].size) != PMM_OK)
            panic("memory: cannot reserve the kernel and boot data");
    }
}

/*@ requires \valid_read(bi);
    requires bi->ram_count <= BOOT_MAX_RAM;
    assigns \nothing;
*/
static uint64_t usable_bytes(const struct boot_info *bi)
{
    uint64_t total = 0;
    uint32_t i;

    /*@ loop invariant 0 <= i <= bi->ram_count;
        loop assigns i, total;
        loop variant bi->ram_count - i;
    */
    for (i = 0; i < bi->ram_count; i++) {
        if (bi->ram[i].size > UINT64_MAX - total)
            return UINT64_MAX;
        total += bi->ram[i].size;
    }
    return total;
}

/* Does the initramfs start with the CPIO "newc" magic? */
/*@ requires \valid_read(bi);
    assigns \nothing;
*/
static bool initramfs_is_cpio(const struct boot_info *bi)
{
    static const char magic[6] = { '0', '7', '0', '7', '0', '1' };
    const char *p;
    unsigned i;

    if (bi->initramfs_size < sizeof(magic))
        return false;
    p = arch_phys_to_virt(bi->initramfs_base, sizeof(magic));
    /*@ loop invariant 0 <= i <= 6;
        loop assigns i;
        loop variant 6 - i;
    */
    for (i = 0; i < sizeof(magic); i++) {
        if (p[i] != magic[i])
            return false;
    }
    return true;
}

/*@ requires \valid_read(bi) && boot_info_ok(bi);
    requires \valid_read(pmm) && pmm_ok(pmm);
    assigns arch_console_log;
*/
static void print_summary(const struct boot_info *bi, const struct pmm *pmm)
{
    uint64_t usable = usable_bytes(bi);

    kputl("cmdline: ");
    kputs(bi->cmdline);
    kputl("\nmemory: ");
    kputu(usable / 1024);
    kputl(" KiB usable (");
    kputu(usable / MIB);
    kputl(" MiB) in ");
    kputu(bi->ram_count);
    kputl(" ranges, ");
    kputu(pmm_free_bytes(pmm) / 1024);
    kputl(" KiB free after reserving the kernel and boot data\n");

    kputl("initramfs: ");
    if (bi->initramfs_size == 0) {
        kputl("none\n");
    } else {
        kputx(bi->initramfs_base);
        kputl(", ");
        kputu(bi->initramfs_size);
        if (initramfs_is_cpio(bi))
            kputl(" bytes, a CPIO newc archive\n");
        else
            kputl(" bytes, not a CPIO newc archive\n");
    }

    kputl("cpus: ");
    kputu(bi->cpu_count);
    kputl(" (");
    kputs(bi->cpu_source);
    kputl(")\n");
    if (bi->acpi_rsdp != 0) {
        kputl("acpi: rsdp at ");
        kputx(bi->acpi_rsdp);
        kputl("\n");
    }
    if (bi->fdt != 0) {
        kputl("fdt: at ");
        kputx(bi->fdt);
        kputl("\n");
    }
    if (bi->framebuffer.addr != 0) {
        kputl("framebuffer: ");
        kputu(bi->framebuffer.width);
        kputl("x");
        kputu(bi->framebuffer.height);
        kputl("x");
        kputu(bi->framebuffer.bpp);
        kputl(" at ");
        kputx(bi->framebuffer.addr);
        kputl("\n");
    }
}

/* The memory for init's root CNode: the last thing the kernel allocates. */
/*@ requires \valid(pmm) && pmm_ok(pmm);
    assigns *pmm, arch_console_log;
    ensures pmm_ok(pmm);
*/
static paddr_t alloc_root_cnode(struct pmm *pmm)
{
    paddr_t cnode;

    if (pmm_alloc(pmm, INITIAL_CNODE_BYTES, INITIAL_CNODE_BYTES, &cnode) != PMM_OK)
        panic("cspace: no memory for init's root CNode");
    return cnode;
}

/*
 * Build init's initial CSpace in the CNode at `cnode`: from here on every
 * free page belongs to an untyped capability and the kernel allocates
 * nothing itself.
 */
/*@ requires \valid(pmm) && \valid_read(bi) && \valid(cs);
    requires pmm_ok(pmm) && boot_info_ok(bi);
    requires \separated(pmm, bi, cs, &selftest_pmm);
    requires \separated(slots_view(cnode) + (0 .. INITIAL_SLOTS - 1), bi, pmm, &selftest_pmm, cs);
    assigns *pmm, *cs, selftest_pmm, arch_console_log, slots_view(cnode)[0 .. INITIAL_SLOTS - 1];
    ensures CAIRN_INITIAL_FIRST_UNTYPED <= cs->next_slot <= INITIAL_SLOTS;
*/
static void hand_over_memory(struct pmm *pmm, const struct boot_info *bi, paddr_t cnode,
                             struct initial_cspace *cs)
{
    selftest_pmm = *pmm;
    initial_cspace_create(pmm, bi, cnode, cs);
    kputl("cspace: init's root CNode at ");
    kputx(cnode);
    kputl(", ");
    kputu(INITIAL_SLOTS);
    kputl(" slots; ");
    kputu(cs->untyped_caps);
    kputl(" untyped caps for ");
    kputu(cs->untyped_bytes / 1024);
    kputl(" KiB, ");
    kputu(cs->device_caps);
    kputl(" device untyped caps for ");
    kputu(cs->device_bytes / MIB);
    kputl(" MiB of holes\n");
    if (cs->lost_bytes != 0) {
        kputl("cspace: no slots left for ");
        kputu(cs->lost_bytes / 1024);
        kputl(" KiB of memory; it stays unused\n");
    }
}

/*
 * The pages for building init (and the probes of a test boot): the last
 * memory the kernel takes for itself. They are written only after the
 * self-tests, which read the boot information as it came. `*pages` of them.
 */
/*@ requires \valid(pages) && pmm_ok(&boot_pmm) && boot_info_ok(&boot_info);
    requires \separated(pages, &boot_pmm, &boot_info, &init_build);
    assigns boot_pmm, init_build.image, init_build.segment, arch_console_log, *pages;
    ensures pmm_ok(&boot_pmm) && boot_info_ok(&boot_info);
    ensures 0 < *pages <= 0x100000;
    ensures \result % PAGE_SIZE == 0 && \result + *pages * PAGE_SIZE <= PHYS_ADDR_LIMIT;
*/
static paddr_t reserve_build_pages(uint64_t *pages)
{
    paddr_t pa;

    *pages = init_task_pages(&boot_info, kernel_testing ? SELFTEST_PROBES : 0);
    if (*pages == 0 ||
        pmm_alloc(&boot_pmm, *pages * PAGE_SIZE, PAGE_SIZE, &pa) != PMM_OK ||
        pa % PAGE_SIZE != 0 || pa > PHYS_ADDR_LIMIT - *pages * PAGE_SIZE)
        panic("init: not enough memory to build init");
    return pa;
}

/*@ ensures \false; */
void kernel_main(void)
{
    uint64_t timer_hz, build_pages;
    paddr_t build_base;
    paddr_t first;   /* the first thread to run: init, or the first probe */

    kputl("Cairn " CAIRN_VERSION " " CAIRN_ARCH_NAME "\n");
    if (!arch_boot_info(&boot_info))
        panic("the boot information is unusable");
    kernel_testing = boot_cmdline_has(&boot_info, "test");
    memory_init(&boot_pmm, &boot_info);
    print_summary(&boot_info, &boot_pmm);
    thread_cpus_init(boot_info.cpu_count > 0 ? boot_info.cpu_count : 1);
    build_base = reserve_build_pages(&build_pages);
    hand_over_memory(&boot_pmm, &boot_info, alloc_root_cnode(&boot_pmm), &init_cspace);

    arch_irq_init();
    timer_hz = arch_timer_start(KERNEL_TICK_HZ);
    if (timer_hz == 0)
        panic("the timer cannot run");
    kputl("timer: ");
    kputu(timer_hz);
    kputl(" Hz input, ");
    kputu(KERNEL_TICK_HZ);
    kputl(" Hz tick\n");
    arch_interrupts_enable();

    if (boot_cmdline_has(&boot_info, "fault-test")) {
        kputl("fault-test: executing an undefined instruction\n");
        arch_trigger_fault();
        panic("fault-test: the undefined instruction did not trap");
    }
    if (kernel_testing)
        selftest_run(&boot_info, &selftest_pmm, &init_cspace);

    init_task_start(build_base, build_pages);
    init_task_create(&boot_info, &init_task);
    first = init_task.tcb;
    if (kernel_testing)
        first = selftest_probes_create(init_task.tcb);
    kputl("boot complete; starting init\n");
    init_task_finish(&init_task, &boot_info, &init_cspace, kernel_testing ? selftest_count() : 0);
    thread_make_runnable(first);
    thread_schedule();
}
