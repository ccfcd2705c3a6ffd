/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building init, the first user process, at boot: the last memory the
 * kernel allocates for itself, before every free page becomes untyped
 * memory. Its page tables come from a pool carved here and kept in its
 * VSpace; its pages from the boot allocator. A bad init image is a broken
 * kernel build, so failures here panic with what went wrong.
 */
#include "bits.h"
#include "cdt.h"
#include "console.h"
#include "elf.h"
#include "init_task.h"
#include "kernel.h"
#include "vspace_invoke.h"

/* Page tables for init's image, stack and boot info (a few tables each),
 * and for what init maps itself (its VSpace's pool), plus one leaf table
 * for every 2 MiB of initramfs. */
#define INIT_PT_BASE_PAGES 32u
#define LEAF_TABLE_SPAN ((uint64_t)PAGE_SIZE * PT_ENTRIES)
#define INITRAMFS_MAX ((uint64_t)1 << 32)
/* A probe's tables: a root, and at most three more for the image and three for the stack. */
#define PROBE_PT_PAGES 8u

/*
 * The state of the process being built (init_task.h, struct init_build):
 * the boot allocator (copied in and back out by the callers below), the
 * process, the image and the segment being loaded. Boot runs on one CPU,
 * once.
 */
struct init_build init_build;

/*@ axiomatic InitBuild {
      // Trusted (proofs/README.md): pages, page tables and TCBs are seen
      // through the direct map; init_build lives in the kernel image, a
      // different virtual range.
      axiom bytes_outside_init_build: \forall integer pa, i;
        \separated(bytes_view(pa) + i, &init_build);
      axiom tables_outside_init_build: \forall integer pa;
        \separated(pt_view(pa) + (0 .. PT_ENTRIES - 1), &init_build);
      axiom table_entries_outside_init_build: \forall integer pa, i;
        \separated(pt_view(pa) + i, &init_build);
      // init's ELF file is read-only data of the kernel image.
      axiom image_outside_init_build: \forall integer i;
        \separated(init_image_view + i, &init_build);
      axiom tcbs_outside_init_build: \forall integer pa;
        \separated(tcb_view(pa), &init_build);
    }
*/

/* `count` zeroed, contiguous pages from the pages reserved for building. */
/*@ requires pool_ok(&init_build.pages);
    requires 0 < count <= 0x100000;
    assigns init_build.pages, arch_console_log,
            { bytes_view(p)[i] | integer p, integer i; 0 <= i < count * PAGE_SIZE };
    ensures pool_ok(&init_build.pages);
    ensures \result != 0 && \result % PAGE_SIZE == 0 && \result + count * PAGE_SIZE <= PHYS_ADDR_LIMIT;
    ensures \old(elf_ok(&init_build.image)) ==> elf_ok(&init_build.image);
*/
static paddr_t alloc_pages(uint64_t count)
{
    paddr_t pa = init_build.pages.next;
    uint8_t *p;
    uint64_t i;

    if (init_build.pages.end - pa < count * PAGE_SIZE || pa == 0)
        panic("init: the pages reserved for building init ran out");
    init_build.pages.next = pa + count * PAGE_SIZE;
    p = arch_bytes_at(pa, count * PAGE_SIZE);
    /*@ loop invariant 0 <= i <= count * PAGE_SIZE;
        loop assigns i, p[0 .. count * PAGE_SIZE - 1];
        loop variant count * PAGE_SIZE - i;
    */
    for (i = 0; i < count * PAGE_SIZE; i++)
        p[i] = 0;
    return pa;
}

/* While a process is built: its page-table pool and root, and the allocator. */
/*@ predicate building =
      pool_ok(&init_build.task.pool) && init_build.task.vspace % PAGE_SIZE == 0 &&
      pool_ok(&init_build.pages);
*/

/*@ requires building;
    assigns init_build.task.pool, arch_console_log, PT_ALL_ENTRIES;
    ensures building;
    ensures \old(elf_ok(&init_build.image)) ==> elf_ok(&init_build.image);
*/
static void map_page(uint64_t va, paddr_t pa, unsigned map)
{
    if (vspace_map_page(init_build.task.vspace, &init_build.task.pool, va, pa, map, false) != CAIRN_ERR_OK)
        panic("init: cannot map a page of init's address space");
}

/*
 * One page of the current segment: a fresh frame holding the bytes of the
 * file that fall into the page at `va`, zero elsewhere.
 */
/*@ requires building && elf_ok(&init_build.image);
    requires segment_ok(&init_build.image, &init_build.segment, (uint64_t)CAIRN_INIT_IMAGE_BASE, (uint64_t)CAIRN_INIT_IMAGE_END);
    requires va % PAGE_SIZE == 0 && va + PAGE_SIZE > init_build.segment.vaddr && va < init_build.segment.vaddr + init_build.segment.memsz;
    assigns init_build.pages, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; 0 <= i < PAGE_SIZE };
    ensures building && elf_ok(&init_build.image);
*/
static void load_page(uint64_t va)
{
    paddr_t frame = alloc_pages(1);
    uint64_t file_end = init_build.segment.vaddr + init_build.segment.filesz;
    uint64_t lo = va > init_build.segment.vaddr ? va : init_build.segment.vaddr;
    uint64_t hi = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;

    if (lo < hi) {
        uint8_t *dst = arch_bytes_at(frame, PAGE_SIZE);
        const uint8_t *src = init_build.image.data + init_build.segment.offset + (lo - init_build.segment.vaddr);
        uint64_t i;

        /*@ loop invariant 0 <= i <= hi - lo;
            loop assigns i, dst[0 .. PAGE_SIZE - 1];
            loop variant hi - lo - i;
        */
        for (i = 0; i < hi - lo; i++)
            dst[lo - va + i] = src[i];
    }
    map_page(va, frame, init_build.segment.map);
}

/*@ requires building && elf_ok(&init_build.image);
    requires segment_ok(&init_build.image, &init_build.segment, (uint64_t)CAIRN_INIT_IMAGE_BASE, (uint64_t)CAIRN_INIT_IMAGE_END);
    assigns init_build.pages, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; 0 <= i < PAGE_SIZE };
    ensures building && elf_ok(&init_build.image);
*/
static void load_segment(void)
{
    uint64_t va = init_build.segment.vaddr - init_build.segment.vaddr % PAGE_SIZE;
    uint64_t end = init_build.segment.vaddr + init_build.segment.memsz;

    /*@ loop invariant va % PAGE_SIZE == 0 && va <= end + PAGE_SIZE;
        loop invariant va + PAGE_SIZE > init_build.segment.vaddr;
        loop invariant building && elf_ok(&init_build.image);
        loop assigns va, init_build.pages, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES,
                     { bytes_view(p)[i] | integer p, integer i; 0 <= i < PAGE_SIZE };
        loop variant end - va;
    */
    for (; va < end; va += PAGE_SIZE)
        load_page(va);
}

/* Check init's image and load every segment of it. Returns the entry point. */
/*@ requires building;
    assigns init_build.pages, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES, init_build.image, init_build.segment,
            { bytes_view(p)[i] | integer p, integer i; 0 <= i < PAGE_SIZE };
    ensures building;
*/
static uint64_t load_image(void)
{
    uint64_t size;
    const uint8_t *data = arch_init_image(&size);
    enum elf_status st = elf_check(data, size, CAIRN_ELF_MACHINE, CAIRN_INIT_IMAGE_BASE,
                                   CAIRN_INIT_IMAGE_END, &init_build.image);
    uint32_t i;

    if (st != ELF_OK) {
        kputl("init: the init_build.image linked into the kernel is unusable: ");
        kputs(elf_error(st));
        kputl("\n");
        panic("init: no init to run");
    }
    /*@ loop invariant 0 <= i <= init_build.image.phnum;
        loop invariant building && elf_ok(&init_build.image);
        loop assigns i, init_build.segment, init_build.pages, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES,
                     { bytes_view(p)[k] | integer p, integer k; 0 <= k < PAGE_SIZE };
        loop variant init_build.image.phnum - i;
    */
    for (i = 0; i < init_build.image.phnum; i++) {
        if (elf_load_segment(&init_build.image, i, CAIRN_INIT_IMAGE_BASE, CAIRN_INIT_IMAGE_END, &init_build.segment))
            load_segment();
    }
    return init_build.image.entry;
}

/* `count` pages from `pa` on, mapped at `va` with `map`. */
/*@ requires building;
    requires pa % PAGE_SIZE == 0 && va % PAGE_SIZE == 0;
    requires count <= 0x200000 && pa + count * PAGE_SIZE <= PHYS_ADDR_LIMIT;
    requires va + count * PAGE_SIZE <= 0x800000000000;
    assigns init_build.task.pool, arch_console_log, PT_ALL_ENTRIES;
    ensures building;
*/
static void map_range(uint64_t va, paddr_t pa, uint64_t count, unsigned map)
{
    uint64_t i;

    /*@ loop invariant 0 <= i <= count && building;
        loop assigns i, init_build.task.pool, arch_console_log, PT_ALL_ENTRIES;
        loop variant count - i;
    */
    for (i = 0; i < count; i++)
        map_page(va + i * PAGE_SIZE, pa + i * PAGE_SIZE, map);
}

/* The pages the initramfs (`size` bytes at `base`) touches. */
/*@ requires size <= INITRAMFS_MAX;
    assigns \nothing;
    ensures \result <= INITRAMFS_MAX / PAGE_SIZE + 1;
*/
static uint64_t initramfs_pages(paddr_t base, uint64_t size)
{
    return (size + base % PAGE_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* The pages holding the initramfs (`size` bytes at `base`), read-only:
 * init reads the archive in place. */
/*@ requires building && size <= INITRAMFS_MAX;
    assigns init_build.task.pool, arch_console_log, PT_ALL_ENTRIES;
    ensures building;
*/
static void map_initramfs(paddr_t base, uint64_t size)
{
    paddr_t first = base - base % PAGE_SIZE;

    if (size == 0)
        return;
    if (first > PHYS_ADDR_LIMIT - INITRAMFS_MAX - 2 * PAGE_SIZE)
        panic("init: the initramfs is too high to map");
    map_range(CAIRN_INIT_INITRAMFS, first, initramfs_pages(base, size), MAP_READ);
}

/* The thread at `tcb` (zeroed), inactive, at `entry` with `arg`, in `vspace`. */
/*@ assigns *tcb_view(tcb);
    ensures \old(building) ==> building;
    ensures init_build.task.tcb == \old(init_build.task.tcb);
*/
static void thread_init(paddr_t tcb, uint64_t entry, uint64_t arg, paddr_t vspace)
{
    struct tcb *t = arch_tcb_at(tcb);

    arch_user_context_init(&t->context, entry, CAIRN_INIT_STACK_TOP);
    arch_user_reg_set(&t->context, USER_REG_ARG0, arg);
    t->vspace = vspace;
    t->state = TCB_INACTIVE;
    t->priority = CAIRN_PRIORITY_MAX;
    t->max_priority = CAIRN_PRIORITY_MAX;
}

/* init's IPC buffer and name in its thread at `tcb`. */
/*@ assigns tcb_view(tcb)->ipc_buffer, tcb_view(tcb)->name;
    ensures \old(building) ==> building;
    ensures init_build.task.tcb == \old(init_build.task.tcb);
*/
static void thread_init_extras(paddr_t tcb, paddr_t ipc)
{
    struct tcb *t = arch_tcb_at(tcb);

    t->ipc_buffer = ipc;
    t->name = TCB_NAME_INIT;
}

/*
 * A process running init's image, built in init_build.task from
 * init_build.pages: a VSpace with the image and a stack, and a thread at
 * the image's entry point with `arg` as its argument, not yet runnable. `pool_pages` of page tables come
 * with it.
 */
/*@ requires pool_ok(&init_build.pages);
    requires 0 < pool_pages <= 0x1000;
    assigns init_build, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; \true }, { *tcb_view(p) | integer p; \true };
    ensures building && init_build.task.tcb != 0;
*/
static void process_create(uint64_t pool_pages, uint64_t arg)
{
    uint64_t entry;

    init_build.task.pool.next = alloc_pages(pool_pages);
    init_build.task.pool.end = init_build.task.pool.next + pool_pages * PAGE_SIZE;
    /* The root and the bookkeeping page of a VSpace object (vspace.h). */
    init_build.task.vspace = alloc_pages(2);
    arch_vspace_init_root(arch_pt_at(init_build.task.vspace));
    entry = load_image();
    map_range(CAIRN_INIT_STACK_TOP - CAIRN_INIT_STACK_PAGES * PAGE_SIZE,
              alloc_pages(CAIRN_INIT_STACK_PAGES), CAIRN_INIT_STACK_PAGES, MAP_READ | MAP_WRITE);

    init_build.task.tcb = alloc_pages(1);
    thread_init(init_build.task.tcb, entry, arg, init_build.task.vspace);
}

/* init's IPC buffer, boot-info pages and initramfs (`size` bytes at
 * `base`), and its name. */
/*@ requires building && size <= INITRAMFS_MAX;
    assigns init_build, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; \true }, { *tcb_view(p) | integer p; \true };
    ensures building;
*/
static void init_extras(paddr_t tcb, paddr_t base, uint64_t size)
{
    paddr_t ipc = alloc_pages(1);

    map_page(CAIRN_INIT_IPC_BUFFER, ipc, MAP_READ | MAP_WRITE);
    init_build.task.boot_info = alloc_pages(INIT_BOOT_INFO_PAGES);
    map_range(CAIRN_INIT_BOOT_INFO, init_build.task.boot_info, INIT_BOOT_INFO_PAGES, MAP_READ);
    map_initramfs(base, size);
    thread_init_extras(tcb, ipc);
}

/* Page tables for init or a probe. */
/*@ requires \valid_read(bi);
    assigns \nothing;
    ensures 0 < \result <= 0x1000;
*/
static uint64_t table_pages(const struct boot_info *bi, bool is_init)
{
    if (!is_init)
        return PROBE_PT_PAGES;
    return INIT_PT_BASE_PAGES + (bi->initramfs_size > INITRAMFS_MAX ? 0 : bi->initramfs_size / LEAF_TABLE_SPAN) + 1;
}

/*
 * How many pages building init and `probes` probes takes: their page tables,
 * roots, image pages, stacks and TCBs, init's IPC buffer and boot info. The
 * kernel reserves them before every free page becomes untyped memory, and
 * builds (writes) only once its own tests have run.
 */
/*@ requires \valid_read(bi) && probes <= 8;
    assigns init_build.image, init_build.segment, arch_console_log;
    ensures \result <= 0x100000;
*/
uint64_t init_task_pages(const struct boot_info *bi, uint32_t probes)
{
    uint64_t size, image = 0;
    const uint8_t *data = arch_init_image(&size);
    uint32_t i;

    if (elf_check(data, size, CAIRN_ELF_MACHINE, CAIRN_INIT_IMAGE_BASE, CAIRN_INIT_IMAGE_END,
                  &init_build.image) != ELF_OK)
        panic("init: the image linked into the kernel is unusable");
    /*@ loop invariant 0 <= i <= init_build.image.phnum && image <= i * 0x10000;
        loop assigns i, image, init_build.segment;
        loop variant init_build.image.phnum - i;
    */
    for (i = 0; i < init_build.image.phnum; i++) {
        if (elf_load_segment(&init_build.image, i, CAIRN_INIT_IMAGE_BASE, CAIRN_INIT_IMAGE_END,
                             &init_build.segment))
            image += (init_build.segment.vaddr + init_build.segment.memsz + PAGE_SIZE - 1) / PAGE_SIZE -
                     init_build.segment.vaddr / PAGE_SIZE;
    }
    if (image > 0x10000)
        panic("init: the image is larger than its address range");
    /* Each process: tables, root and bookkeeping, image, stack, TCB; init
     * also its IPC buffer and boot-info pages. */
    return (table_pages(bi, true) + 2 + image + CAIRN_INIT_STACK_PAGES + 1 + 1 + INIT_BOOT_INFO_PAGES) +
           probes * (table_pages(bi, false) + 2 + image + CAIRN_INIT_STACK_PAGES + 1);
}

/*
 * Start building from the `count` pages reserved at `base` (init_task_pages
 * of them, taken from the boot allocator before the hand-over).
 */
/*@ requires base % PAGE_SIZE == 0 && count <= 0x100000 && base + count * PAGE_SIZE <= PHYS_ADDR_LIMIT;
    assigns init_build.pages;
    ensures pool_ok(&init_build.pages);
*/
void init_task_start(paddr_t base, uint64_t count)
{
    init_build.pages.next = base;
    init_build.pages.end = base + count * PAGE_SIZE;
}

/* Build init's address space and thread from the reserved pages. */
/*@ requires pool_ok(&init_build.pages) && \valid(it) && \valid_read(bi);
    requires \separated(it, bi, &init_build);
    assigns *it, init_build, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; \true }, { *tcb_view(p) | integer p; \true };
    ensures pool_ok(&init_build.pages) && it->tcb != 0;
*/
void init_task_create(const struct boot_info *bi, struct init_task *it)
{
    paddr_t tcb;
    paddr_t base = bi->initramfs_base;
    uint64_t size = bi->initramfs_size;

    if (size > INITRAMFS_MAX)
        panic("init: the initramfs is larger than 4 GiB");
    process_create(table_pages(bi, true), CAIRN_INIT_BOOT_INFO);
    tcb = init_build.task.tcb;
    init_extras(tcb, base, size);
    *it = init_build.task;
    it->tcb = tcb;   /* unchanged; kept in a local so the proof need not follow it */
}

/*
 * A test probe (test boots only): init's image again, in an address space
 * of its own, started with the probe's number; it has no capabilities.
 */
/*@ requires pool_ok(&init_build.pages);
    assigns init_build, arch_console_log, PT_ALL_ENTRIES,
            { bytes_view(p)[i] | integer p, integer i; \true }, { *tcb_view(p) | integer p; \true };
    ensures pool_ok(&init_build.pages) && \result != 0;
*/
paddr_t init_task_probe(uint64_t number)
{
    process_create(PROBE_PT_PAGES, number);
    arch_tcb_at(init_build.task.tcb)->name = TCB_NAME_PROBE;
    return init_build.task.tcb;
}

#define BI_PUT(p, field, v) \
    put_le((p) + offsetof(struct cairn_boot_info, field), \
           sizeof(((struct cairn_boot_info *)0)->field), (v))
#define UT_PUT(p, field, v) \
    put_le((p) + offsetof(struct cairn_untyped_desc, field), \
           sizeof(((struct cairn_untyped_desc *)0)->field), (v))

/* The untyped capabilities of init's CSpace, listed in slot order. */
/*@ requires \valid_read(cs) && cs->next_slot <= INITIAL_SLOTS;
    requires \valid(list + (0 .. INITIAL_SLOTS * sizeof(struct cairn_untyped_desc) - 1));
    assigns list[0 .. INITIAL_SLOTS * sizeof(struct cairn_untyped_desc) - 1];
*/
static void list_untyped(uint8_t *list, const struct initial_cspace *cs)
{
    const struct slot *slots = arch_slots_at(cs->root.object, INITIAL_SLOTS);
    uint32_t i;

    /*@ loop invariant CAIRN_INITIAL_FIRST_UNTYPED <= i;
        loop assigns i, list[0 .. INITIAL_SLOTS * sizeof(struct cairn_untyped_desc) - 1];
        loop variant cs->next_slot - i;
    */
    for (i = CAIRN_INITIAL_FIRST_UNTYPED; i < cs->next_slot; i++) {
        uint8_t *d = list + (i - CAIRN_INITIAL_FIRST_UNTYPED) * sizeof(struct cairn_untyped_desc);

        UT_PUT(d, base, slots[i].cap.object);
        UT_PUT(d, size_bits, slots[i].cap.size_bits);
        UT_PUT(d, is_device, slots[i].cap.is_device);
    }
}

/* The command line, NUL-terminated (struct boot_info's is, by construction). */
/*@ requires \valid_read(bi) && \valid(dst + (0 .. CAIRN_BOOT_CMDLINE_MAX - 1));
    assigns dst[0 .. CAIRN_BOOT_CMDLINE_MAX - 1];
*/
static void copy_cmdline(uint8_t *dst, const struct boot_info *bi)
{
    size_t i;

    /*@ loop invariant 0 <= i < CAIRN_BOOT_CMDLINE_MAX;
        loop assigns i, dst[0 .. CAIRN_BOOT_CMDLINE_MAX - 1];
        loop variant CAIRN_BOOT_CMDLINE_MAX - i;
    */
    for (i = 0; i + 1 < CAIRN_BOOT_CMDLINE_MAX && i < BOOT_CMDLINE_MAX && bi->cmdline[i] != '\0'; i++)
        dst[i] = bi->cmdline[i] > 0 ? (uint8_t)bi->cmdline[i] : '?';   /* ASCII only */
    dst[i] = 0;
}

/* A capability with every right to the object at `object`. */
/*@ requires \valid(s);
    assigns *s;
    ensures s->cap.type == type && s->cap.object == object;
*/
static void put_cap(struct slot *s, uint8_t type, paddr_t object)
{
    slot_empty(s);
    s->cap.type = type;
    s->cap.rights = CAIRN_RIGHTS_ALL;
    s->cap.object = object;
}

/* A read-only VMO capability over `pages` pages at `base` that the kernel
 * filled at boot and never reuses (the boot information, the initramfs). */
/*@ requires \valid(s);
    assigns *s;
    ensures s->cap.type == CAIRN_OBJ_VMO && s->cap.rights == CAIRN_RIGHT_READ;
    ensures s->cap.object == base && s->cap.badge == pages;
*/
static void put_boot_vmo(struct slot *s, paddr_t base, uint64_t pages)
{
    put_cap(s, CAIRN_OBJ_VMO, base);
    s->cap.rights = CAIRN_RIGHT_READ;
    s->cap.badge = pages;
}

/*
 * Once init's CSpace exists: its own thread, address space, boot
 * information and initramfs into their slots, the thread's CSpace root,
 * and the boot-info pages. `tests_run`:
 * the in-OS tests before init's, which init numbers its own after.
 */
/*@ requires \valid_read(it) && \valid_read(bi) && \valid_read(cs);
    requires CAIRN_INITIAL_FIRST_UNTYPED <= cs->next_slot <= INITIAL_SLOTS;
*/
void init_task_finish(const struct init_task *it, const struct boot_info *bi,
                      const struct initial_cspace *cs, uint32_t tests_run)
{
    uint8_t *page = arch_bytes_at(it->boot_info, INIT_BOOT_INFO_PAGES * PAGE_SIZE);
    struct slot *slots = arch_slots_at(cs->root.object, INITIAL_SLOTS);
    uint32_t untyped = cs->next_slot - CAIRN_INITIAL_FIRST_UNTYPED;

    put_cap(&slots[CAIRN_SLOT_TCB], CAIRN_OBJ_TCB, it->tcb);
    /* init's VSpace object is its root and bookkeeping page; its pool is
     * what is left of the tables reserved for it. */
    if (!vspace_adopt(it->vspace, it->pool.next, it->pool.end))
        panic("init: no address-space id is free");
    put_cap(&slots[CAIRN_SLOT_VSPACE], CAIRN_OBJ_VSPACE, it->vspace);
    slots[CAIRN_SLOT_VSPACE].cap.size_bits = CAIRN_VSPACE_MIN_BITS;
    put_boot_vmo(&slots[CAIRN_SLOT_BOOT_INFO], it->boot_info, INIT_BOOT_INFO_PAGES);
    /* init_task_create refused a larger one. */
    if (bi->initramfs_size != 0 && bi->initramfs_size <= INITRAMFS_MAX)
        put_boot_vmo(&slots[CAIRN_SLOT_INITRAMFS], bi->initramfs_base - bi->initramfs_base % PAGE_SIZE,
                     initramfs_pages(bi->initramfs_base, bi->initramfs_size));
    arch_tcb_at(it->tcb)->cspace = cs->root;

    BI_PUT(page, magic, CAIRN_BOOT_INFO_MAGIC);
    BI_PUT(page, version, CAIRN_BOOT_INFO_VERSION);
    BI_PUT(page, size, sizeof(struct cairn_boot_info) + untyped * sizeof(struct cairn_untyped_desc));
    BI_PUT(page, cpu_count, bi->cpu_count);
    BI_PUT(page, untyped_first, CAIRN_INITIAL_FIRST_UNTYPED);
    BI_PUT(page, untyped_count, untyped);
    BI_PUT(page, tests_run, tests_run);
    BI_PUT(page, initramfs_size, bi->initramfs_size);
    BI_PUT(page, initramfs_offset, bi->initramfs_base % PAGE_SIZE);
    BI_PUT(page, acpi_rsdp, bi->acpi_rsdp);
    BI_PUT(page, fdt, bi->fdt);
    copy_cmdline(page + offsetof(struct cairn_boot_info, cmdline), bi);
    list_untyped(page + sizeof(struct cairn_boot_info), cs);
}
