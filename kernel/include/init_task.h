/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The first user process: init's ELF image (linked into the kernel) loaded
 * into a fresh VSpace, its stack, IPC buffer, boot-info pages and the
 * initramfs mapped as spec/include/cairn/boot_info.h lays out, and its TCB.
 */
#ifndef CAIRN_INIT_TASK_H
#define CAIRN_INIT_TASK_H

#include "cairn/boot_info.h"
#include "elf.h"
#include "initial_cspace.h"
#include "tcb.h"
#include "vspace.h"

/* Enough boot-info pages to list an untyped capability in every slot. */
#define INIT_BOOT_INFO_BYTES \
    (sizeof(struct cairn_boot_info) + INITIAL_SLOTS * sizeof(struct cairn_untyped_desc))
#define INIT_BOOT_INFO_PAGES ((INIT_BOOT_INFO_BYTES + PAGE_SIZE - 1) / PAGE_SIZE)

struct init_task {
    paddr_t tcb;          /* init's TCB object */
    paddr_t vspace;       /* its root page table */
    paddr_t boot_info;    /* the first of INIT_BOOT_INFO_PAGES contiguous pages */
    struct pt_pool pool;  /* what is left of its page-table memory */
};

/* The process being built at boot, kernel/init_task.c's only state. */
struct init_build {
    struct pt_pool pages;        /* the pages reserved for building, not used yet */
    struct init_task task;
    struct elf_image image;      /* init's ELF file, checked */
    struct elf_segment segment;  /* the segment being loaded */
};
extern struct init_build init_build;

uint64_t init_task_pages(const struct boot_info *bi, uint32_t probes);
void init_task_start(paddr_t base, uint64_t count);
void init_task_create(const struct boot_info *bi, struct init_task *it);
paddr_t init_task_probe(uint64_t number);
void init_task_finish(const struct init_task *it, const struct boot_info *bi,
                      const struct initial_cspace *cs, uint32_t kernel_tests);

#endif
