/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * riscv64 self-tests in the booted kernel: the device tree parser against the
 * firmware's real blob and against damaged copies of it, the page tables
 * entry.S built, and the page-table entries and user contexts made for kernel/.
 */
#include "arch.h"
#include "riscv.h"
#include "selftest.h"

#define FDT_COPY_MAX (64u * 1024u)

/* Damaged copies are made here: the kernel has no heap. */
static uint8_t fdt_copy[FDT_COPY_MAX];
static struct boot_info scratch_bi;
static struct fdt_arch_info scratch_arch;

static uint32_t st_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void st_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static const uint8_t *st_blob(void)
{
    return arch_phys_to_virt(riscv_boot.fdt_pa, FDT_HEADER_SIZE);
}

/* Copy the real blob afresh; only its header when it would not fit. */
static uint32_t st_copy_blob(void)
{
    const uint8_t *src = st_blob();
    uint32_t total = st_get32(src + FDT_HDR_TOTALSIZE);
    uint32_t n = total <= FDT_COPY_MAX ? total : FDT_HEADER_SIZE;

    for (uint32_t i = 0; i < n; i++)
        fdt_copy[i] = src[i];
    return n;
}

static bool st_parse_copy(uint32_t len, enum fdt_error code, uint32_t offset)
{
    struct fdt_status st = fdt_parse(fdt_copy, len, riscv_boot.fdt_pa, riscv_boot.hart_id,
                                     &scratch_bi, &scratch_arch);

    return st.code == code && st.offset == offset;
}

static bool st_same_boot_info(const struct boot_info *a, const struct boot_info *b)
{
    bool same = a->ram_count == b->ram_count && a->cpu_count == b->cpu_count &&
                a->initramfs_base == b->initramfs_base &&
                a->initramfs_size == b->initramfs_size;

    for (uint32_t i = 0; same && i < a->ram_count; i++)
        same = a->ram[i].base == b->ram[i].base && a->ram[i].size == b->ram[i].size;
    for (uint32_t i = 0; same && i < BOOT_CMDLINE_MAX && a->cmdline[i] != '\0'; i++)
        same = a->cmdline[i] == b->cmdline[i];
    return same;
}

static bool st_reserved_has(const struct boot_info *bi, paddr_t base, uint64_t size)
{
    for (uint32_t i = 0; i < bi->reserved_count; i++) {
        if (bi->reserved[i].base == base && bi->reserved[i].size == size)
            return true;
    }
    return false;
}

static void st_fdt_real(struct selftest *t)
{
    const uint8_t *blob = st_blob();
    uint32_t total = st_get32(blob + FDT_HDR_TOTALSIZE);
    struct fdt_status st = fdt_parse(blob, total, riscv_boot.fdt_pa, riscv_boot.hart_id,
                                     &scratch_bi, &scratch_arch);
    const struct boot_info *bi = riscv_boot.bi;

    selftest_expect(t, st.code == FDT_OK, "fdt: the firmware's device tree parses again");
    selftest_expect(t, st.code == FDT_OK && st_same_boot_info(bi, &scratch_bi),
                    "fdt: a second parse finds the same RAM, CPUs, initrd and command line");
    selftest_expect(t, st_reserved_has(bi, riscv_boot.fdt_pa, total) &&
                       (bi->initramfs_size == 0 ||
                        st_reserved_has(bi, bi->initramfs_base, bi->initramfs_size)),
                    "fdt: the device tree and the initrd are reserved");
}

static void st_fdt_header_damage(struct selftest *t)
{
    uint32_t n = st_copy_blob();

    fdt_copy[0] ^= 0xff;
    selftest_expect(t, fdt_check_header(fdt_copy, n).code == FDT_ERR_MAGIC,
                    "fdt: a bad magic is refused");
    n = st_copy_blob();
    st_put32(fdt_copy + FDT_HDR_TOTALSIZE, n + 1);
    selftest_expect(t, fdt_check_header(fdt_copy, n).code == FDT_ERR_TOTALSIZE,
                    "fdt: a totalsize beyond the buffer is refused");
}

/* Both cut the structure block to its first 8 bytes: the root node's
 * FDT_BEGIN_NODE and (normally) its empty, padded name. */
static void st_fdt_struct_damage(struct selftest *t)
{
    uint32_t n = st_copy_blob();
    uint32_t off = st_get32(fdt_copy + FDT_HDR_OFF_STRUCT);
    bool whole = n > FDT_HEADER_SIZE && off + 8 <= n &&
                 st_get32(fdt_copy + off) == FDT_TOKEN_BEGIN_NODE;

    st_put32(fdt_copy + FDT_HDR_SIZE_STRUCT, 8);
    selftest_expect(t, whole && st_parse_copy(n, FDT_ERR_NO_END, off + 8),
                    "fdt: a truncated structure block is reported where it ends");
    for (uint32_t i = 4; whole && i < 8; i++)
        fdt_copy[off + i] = 'n';
    selftest_expect(t, whole && st_parse_copy(n, FDT_ERR_NAME_UNTERMINATED, off),
                    "fdt: an unterminated node name is reported at its node");
}

static void st_paging(struct selftest *t)
{
    uint64_t satp = riscv_csr_read(satp);
    const pte_t *root = arch_pt_at(riscv_boot_root());
    static const uint64_t probe = 0x5eed0fca112e5eedull;
    paddr_t probe_pa = (paddr_t)(uintptr_t)&probe - KERNEL_VIRT_OFFSET;
    const volatile uint64_t *alias = arch_phys_to_virt(probe_pa, sizeof(probe));

    if (riscv_satp_mode() == SATP_MODE_SV48)
        selftest_expect(t, satp >> SATP_MODE_SHIFT == SATP_MODE_SV48,
                        "riscv: satp is in Sv48 mode (the hart has it)");
    else
        selftest_expect(t, satp >> SATP_MODE_SHIFT == SATP_MODE_SV39,
                        "riscv: satp is in Sv39 mode (the hart has no Sv48)");
    selftest_expect(t, root[ROOT_SLOT(RAM_BASE)] == 0 && (root[ROOT_SLOT(KERNEL_GIGAPAGE)] & PTE_V) != 0,
                    "riscv: the boot identity map is gone, the kernel gigapage stays");
    selftest_expect(t, (void *)alias != (void *)&probe && *alias == probe,
                    "riscv: the direct map reads the same bytes as the kernel mapping");
}

static void st_pte(struct selftest *t)
{
    paddr_t pa = 0x87654000;
    pte_t table = arch_pte_table(pa);
    pte_t rw = arch_pte_leaf(pa, MAP_WRITE, false);
    pte_t x = arch_pte_leaf(pa, MAP_EXECUTE, true);

    selftest_expect(t, arch_pte_is_table(table) && arch_pte_addr(table) == pa &&
                       (table & (PTE_U | PTE_A | PTE_D | PTE_G)) == 0,
                    "riscv: a table entry points at its table and has no U, A, D or G");
    selftest_expect(t, arch_pte_present(rw) && !arch_pte_is_table(rw) &&
                       arch_pte_addr(rw) == pa && (rw & (PTE_R | PTE_W | PTE_U)) ==
                       (PTE_R | PTE_W | PTE_U) && (rw & (PTE_X | PTE_G)) == 0,
                    "riscv: a writable user leaf is also readable, never executable or global");
    selftest_expect(t, !arch_pte_is_table(x) && (x & (PTE_R | PTE_W | PTE_X)) == PTE_X,
                    "riscv: an execute-only leaf is neither readable nor writable");
    selftest_expect(t, arch_pte_addr(~(pte_t)0) % PAGE_SIZE == 0 &&
                       arch_pte_addr(~(pte_t)0) < 0x10000000000000,
                    "riscv: any entry's address is a page below 2^52");
}

static void st_vspace_root(struct selftest *t)
{
    static pte_t root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
    const pte_t *kernel = arch_pt_at(riscv_kernel_root());
    bool user_kept = true, kernel_shared = true;

    for (unsigned i = 0; i < PT_ENTRIES; i++)
        root[i] = i;
    arch_vspace_init_root(root);
    for (unsigned i = 0; i < PT_ENTRIES / 2; i++)
        user_kept = user_kept && root[i] == i;
    for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
        kernel_shared = kernel_shared && root[i] == kernel[i];
    selftest_expect(t, user_kept && kernel_shared,
                    "riscv: a new root copies the kernel half and leaves the user half");
    selftest_expect(t, arch_user_top() == (uint64_t)PT_ENTRIES / 2 << (arch_pt_levels() == 4 ? 39 : 30),
                    "riscv: user space is the lower half of the root table");
}

static void st_user_context(struct selftest *t)
{
    static struct user_context c;

    arch_user_context_init(&c, 0x10000, 0x20000);
    selftest_expect(t, arch_user_reg(&c, USER_REG_PC) == 0x10000 &&
                       arch_user_reg(&c, USER_REG_SP) == 0x20000 &&
                       arch_user_reg(&c, USER_REG_ARG0) == 0,
                    "riscv: a fresh user context has its pc and sp, the rest zero");
    selftest_expect(t, (c.w[UCTX_SSTATUS] & (SSTATUS_SPP | SSTATUS_SUM | SSTATUS_FS)) == 0 &&
                       (c.w[UCTX_SSTATUS] & SSTATUS_SPIE) != 0,
                    "riscv: a fresh user context returns to user mode, interrupts on, FP off");
    arch_user_reg_set(&c, USER_REG_SYSCALL, 7);
    arch_user_reg_set(&c, USER_REG_MSG0 + USER_MSG_REGS - 1, 9);
    selftest_expect(t, c.w[17] == 7 && c.w[15] == 9,
                    "riscv: the syscall number is a7 and the last message register a5");
}

void arch_selftest(struct selftest *t)
{
    st_fdt_real(t);
    st_fdt_header_damage(t);
    st_fdt_struct_damage(t);
    selftest_expect(t, riscv_boot.fdt.timebase_hz != 0,
                    "riscv: the device tree gives a timebase frequency");
    st_paging(t);
    st_pte(t);
    st_vspace_root(t);
    st_user_context(t);
}
