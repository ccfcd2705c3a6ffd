/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The process builder (libcairn) on the supervisor's own image: a build
 * that fails half-way, and a process taken apart, give back every slot
 * they used. Slots TEST_SLOTS_FIRST..END are the tests'; system.c builds
 * from those below.
 */
#include <string.h>

#include "tests.h"
#include "cairn/cpio.h"
#include "cairn/process.h"

#define TEST_SLOTS_FIRST 3072u
#define TEST_SLOTS_END   3584u
#define TEST_WINDOW      0x5000200000ull   /* a free 2 MiB, not system.c's */

static struct cairn_alloc alloc;
static struct process proc;

/* The supervisor's image from the initramfs, checked; false if there is none. */
static bool system_image(const struct cairn_boot_info *bi, struct cpio_file *f, struct elf_image *image)
{
    struct cpio_reader r;

    cpio_open(&r, (const uint8_t *)(uintptr_t)(CAIRN_INIT_INITRAMFS + bi->initramfs_offset),
              bi->initramfs_size);
    return bi->initramfs_size > 0 && cpio_find(&r, "/sbin/system", f) == CPIO_OK &&
           elf_read(f->data, f->size, CAIRN_ELF_MACHINE, CAIRN_PROC_IMAGE_BASE, CAIRN_PROC_IMAGE_END,
                    image) == ELF_OK;
}

static uint64_t vmo_bytes(cairn_cptr_t vmo)
{
    uint64_t bytes = 0;

    return cairn_vmo_size(vmo, &bytes) == CAIRN_ERR_OK ? bytes : 0;
}

static bool slots_as_before(const uint64_t *before)
{
    return memcmp(before, alloc.used, sizeof(alloc.used)) == 0;
}

void test_process(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut)
{
    struct process_config c = { .argv = (const char *const[]){ "probe", NULL },
                                .priority = 1, .cnode_radix = 6, .vspace_bits = 16,
                                .stack_pages = 4, .heap_pages = 3 };
    static uint64_t before[ALLOC_MAX_SLOTS / 64];
    struct cpio_file f;
    struct elf_image image;

    if (!system_image(bi, &f, &image))
        return;   /* the broken-initramfs boots: init says so when it starts the system */
    alloc_init(&alloc, TEST_SLOTS_FIRST, TEST_SLOTS_END);
    expect(t, alloc_add_untyped(&alloc, ut), "an allocator over init's own untyped region");
    memcpy(before, alloc.used, sizeof(before));

    c.stack_pages = 3;
    expect_err(t, process_create(&proc, &alloc, TEST_WINDOW, &c, f.data, &image),
               CAIRN_ERR_INVALID_ARGUMENT, "the process builder refuses a stack that is not 2^n pages");
    c.stack_pages = 4;
    c.vspace_bits = 13;
    expect_err(t, process_create(&proc, &alloc, TEST_WINDOW, &c, f.data, &image),
               CAIRN_ERR_NOT_ENOUGH_MEMORY,
               "building a process in a VSpace with no room for page tables fails");
    expect(t, slots_as_before(before), "the failed build gave back every slot it had taken");
    c.vspace_bits = 16;
    expect_err(t, process_create(&proc, &alloc, TEST_WINDOW, &c, f.data, &image), CAIRN_ERR_OK,
               "build a process from the supervisor's image");
    expect(t, vmo_bytes(proc.stack) == 4 * 4096 && vmo_bytes(proc.ipc_buffer) == 4096 &&
              vmo_bytes(proc.vmo[proc.vmo_count - 2]) == 2 * 4096 &&
              vmo_bytes(proc.vmo[proc.vmo_count - 1]) == 4096,
           "its pages are VMOs of 2^n pages, largest first: the heap's 3 are 2 + 1");
    expect_err(t, process_give(&proc, CAIRN_SLOT_BOOT_INFO, CAIRN_RIGHT_READ, false,
                               &(struct cairn_startup_cap){ .type = CAIRN_OBJ_VMO, .name = "boot-info" }),
               CAIRN_ERR_OK, "give it the boot information, read-only");
    process_destroy(&proc);
    expect(t, slots_as_before(before), "taking the process apart gives back every slot");
}
