/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's real work: check the initramfs, start the supervisor /sbin/system
 * from it with the machine's authority, and be the supervisor's last-resort
 * fault handler. Anything wrong with the archive or the program is said on
 * the console and nothing is started; init itself carries on.
 */
#include <stdio.h>

#include "init.h"
#include "cairn/cpio.h"
#include "cairn/elf.h"
#include "cairn/msg.h"
#include "cairn/process.h"

#define SYSTEM_PATH     "/sbin/system"
#define SYSTEM_PRIORITY 254u          /* below init: a fault handler must outrank what it handles */
#define SYSTEM_BADGE    1u
#define BUILD_WINDOW    0x5000000000ull   /* a free 2 MiB of init's address space */
#define INIT_BUILD_SLOTS_END 3072u        /* the slots above are its tests' */

static struct cairn_alloc alloc;
static struct process system;
static const struct process_config system_config = {
    .priority = SYSTEM_PRIORITY,
    .max_priority = SYSTEM_PRIORITY,     /* it gives its services priorities below its own */
    .cnode_radix = 12,
    .vspace_bits = 16,
    .stack_pages = 16,
    .heap_pages = 64,
};

/* Walk the whole archive: it is sound, or the walk says where it is not. */
static bool initramfs_sound(const uint8_t *archive, uint64_t size)
{
    struct cpio_reader r;
    struct cpio_file f;
    enum cpio_status s;
    uint64_t files = 0, bytes = 0;

    cpio_open(&r, archive, size);
    while ((s = cpio_next(&r, &f)) == CPIO_OK) {
        files++;
        bytes += f.size;
    }
    if (s == CPIO_END) {
        printf("init: initramfs: %llu entries, %llu bytes of files\n", (unsigned long long)files,
               (unsigned long long)bytes);
        return true;
    }
    printf("init: initramfs: entry %llu at offset 0x%llx%s%s%s: %s (at byte 0x%llx); nothing started\n",
           (unsigned long long)r.entry, (unsigned long long)r.offset, r.name ? " (\"" : "",
           r.name ? r.name : "", r.name ? "\")" : "", cpio_status_text(s),
           (unsigned long long)r.error_offset);
    return false;
}

/* The supervisor's executable, checked: false (and said why) if there is none. */
static bool find_system(const uint8_t *archive, uint64_t size, struct cpio_file *f,
                        struct elf_image *image)
{
    struct cpio_reader r;
    enum elf_status s;

    cpio_open(&r, archive, size);
    if (cpio_find(&r, SYSTEM_PATH, f) != CPIO_OK) {
        printf("init: the initramfs has no %s; nothing started\n", SYSTEM_PATH);
        return false;
    }
    s = elf_read(f->data, f->size, CAIRN_ELF_MACHINE, CAIRN_PROC_IMAGE_BASE, CAIRN_PROC_IMAGE_END, image);
    if (s != ELF_OK) {
        printf("init: %s is not an executable this machine can run: %s (program header %d, "
               "offset 0x%llx); nothing started\n", SYSTEM_PATH, elf_status_text(s), image->error_phdr,
               (unsigned long long)image->error_offset);
        return false;
    }
    return true;
}

/* What the supervisor gets: every untyped region init has not built with
 * (its own, which its tests use, and those the builder took from), interrupt
 * and I/O-port control (all moved: these capabilities are never copied, so
 * that each region and each line has one owner), and the initramfs and the
 * boot information, read-only. */
static cairn_error_t give_authority(const struct cairn_boot_info *bi, cairn_cptr_t own)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);
    cairn_error_t err = CAIRN_ERR_OK;

    for (uint32_t i = 0; i < bi->untyped_count && err == CAIRN_ERR_OK; i++) {
        cairn_cptr_t slot = bi->untyped_first + i;
        struct cairn_startup_cap d = { .type = CAIRN_OBJ_UNTYPED, .base = ut[i].base,
                                       .size_bits = ut[i].size_bits, .is_device = ut[i].is_device,
                                       .rights = CAIRN_RIGHTS_ALL, .name = "untyped" };

        if (slot != own && !alloc_touched(&alloc, slot))
            err = process_give(&system, slot, CAIRN_RIGHTS_ALL, true, &d);
    }
    if (err == CAIRN_ERR_OK)
        err = process_give(&system, CAIRN_SLOT_IRQ_CONTROL, CAIRN_RIGHTS_ALL, true,
                           &(struct cairn_startup_cap){ .type = CAIRN_OBJ_IRQ_CONTROL,
                                                        .rights = CAIRN_RIGHTS_ALL, .name = "irq-control" });
#if defined(__x86_64__)
    if (err == CAIRN_ERR_OK)
        err = process_give(&system, CAIRN_SLOT_IO_PORT_CONTROL, CAIRN_RIGHTS_ALL, true,
                           &(struct cairn_startup_cap){ .type = CAIRN_OBJ_IO_PORT_CONTROL,
                                                        .rights = CAIRN_RIGHTS_ALL, .name = "io-ports" });
#endif
    if (err == CAIRN_ERR_OK)
        err = process_give(&system, CAIRN_SLOT_INITRAMFS, CAIRN_RIGHT_READ, false,
                           &(struct cairn_startup_cap){ .type = CAIRN_OBJ_VMO, .name = "initramfs" });
    if (err == CAIRN_ERR_OK)
        err = process_give(&system, CAIRN_SLOT_BOOT_INFO, CAIRN_RIGHT_READ, false,
                           &(struct cairn_startup_cap){ .type = CAIRN_OBJ_VMO, .name = "boot-info" });
    return err;
}

/* init's own RAM untyped, which its tests use: the first of 1 MiB or more. */
static cairn_cptr_t own_untyped(const struct cairn_boot_info *bi)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);

    for (uint32_t i = 0; i < bi->untyped_count; i++) {
        if (!ut[i].is_device && ut[i].size_bits >= 20)
            return bi->untyped_first + i;
    }
    return 0;
}

/* The builder's memory: init's own region first, then the others smallest
 * first, so that what the supervisor is given stays in large pieces. */
static void pool_untyped(const struct cairn_boot_info *bi, cairn_cptr_t own)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);

    if (own != 0)
        alloc_add_untyped(&alloc, own);
    for (uint8_t bits = 12; bits < 64; bits++) {
        for (uint32_t i = 0; i < bi->untyped_count; i++) {
            if (!ut[i].is_device && ut[i].size_bits == bits && bi->untyped_first + i != own)
                alloc_add_untyped(&alloc, bi->untyped_first + i);
        }
    }
}

static cairn_error_t build_system(const struct cairn_boot_info *bi, const char *const *argv,
                                  const struct cpio_file *f, const struct elf_image *image,
                                  cairn_cptr_t *endpoint)
{
    cairn_cptr_t own = own_untyped(bi);
    struct process_config c = system_config;
    cairn_error_t err;

    c.argv = argv;
    alloc_init(&alloc, bi->untyped_first + bi->untyped_count, INIT_BUILD_SLOTS_END);
    pool_untyped(bi, own);
    err = alloc_object(&alloc, CAIRN_OBJ_ENDPOINT, 0, endpoint);
    if (err != CAIRN_ERR_OK)
        return err;
    c.parent = *endpoint;
    c.badge = SYSTEM_BADGE;
    err = process_create(&system, &alloc, BUILD_WINDOW, &c, f->data, image);
    if (err == CAIRN_ERR_OK)
        err = give_authority(bi, own);
    if (err == CAIRN_ERR_OK)
        err = process_start(&system);
    return err;
}

cairn_cptr_t system_start(const struct cairn_boot_info *bi, const char *const *argv)
{
    const uint8_t *archive = (const uint8_t *)(uintptr_t)(CAIRN_INIT_INITRAMFS + bi->initramfs_offset);
    struct cpio_file f;
    struct elf_image image;
    cairn_cptr_t endpoint = 0;
    cairn_error_t err;

    if (bi->initramfs_size == 0) {
        printf("init: no initramfs; nothing started\n");
        return 0;
    }
    if (!initramfs_sound(archive, bi->initramfs_size) || !find_system(archive, bi->initramfs_size, &f, &image))
        return 0;
    printf("init: starting %s (%llu bytes, %u segments)\n", SYSTEM_PATH, (unsigned long long)f.size,
           image.count);
    err = build_system(bi, argv, &f, &image, &endpoint);
    if (err != CAIRN_ERR_OK) {
        printf("init: could not start %s: error %lu\n", SYSTEM_PATH, (unsigned long)err);
        return 0;
    }
    return endpoint;
}

enum system_event system_wait(cairn_cptr_t endpoint, uint64_t totals[2])
{
    struct cairn_msg m = { 0 };
    uint64_t label;

    if (cairn_recv(endpoint, &m) != CAIRN_ERR_OK)
        return SYSTEM_GONE;
    label = CAIRN_MSGINFO_LABEL(m.info);
    if (m.info & CAIRN_MSGINFO_FAULT) {
        /* Last resort: nobody above init can do better than say so and stop it. */
        printf("init: %s faulted: %s at 0x%llx, pc 0x%llx; stopped\n", SYSTEM_PATH, msg_fault_text(label),
               (unsigned long long)m.mr[CAIRN_FAULT_WORD_ADDRESS],
               (unsigned long long)m.mr[CAIRN_FAULT_WORD_PC]);
        cairn_tcb_suspend(system.tcb);
        return SYSTEM_GONE;
    }
    if (label == CAIRN_PARENT_READY) {
        printf("init: %s is up\n", SYSTEM_PATH);
        return SYSTEM_READY;
    }
    if (label == CAIRN_PARENT_TESTS) {
        totals[0] = m.mr[0];
        totals[1] = m.mr[1];
        return SYSTEM_TESTS;
    }
    if (label == CAIRN_PARENT_EXIT) {
        printf("init: %s exited with status %lld\n", SYSTEM_PATH, (long long)m.mr[0]);
        return SYSTEM_GONE;
    }
    printf("init: %s sent an unknown message (label %llu); ignored\n", SYSTEM_PATH,
           (unsigned long long)label);
    return SYSTEM_OTHER;
}
