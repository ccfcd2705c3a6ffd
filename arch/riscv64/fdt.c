/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device tree reader: header checks, the memory reservation map, then one
 * pass over the structure block.
 *
 * The structure block is a token stream, so a node's meaning is only known
 * once all its properties are read (compatible may follow reg, status may
 * follow device_type). Each open node therefore keeps what it has seen in a
 * small record on a bounded stack, and acts on it at FDT_END_NODE. Properties
 * always precede subnodes, so a parent's #address-cells is known before any
 * child's reg is decoded. The PLIC names the harts it interrupts by the
 * phandles of their interrupt controllers, which may come before or after
 * it: its contexts are matched with the boot hart's after the walk.
 */
#include "fdt.h"

#define RSVMAP_ENTRY_SIZE 16u
#define PROP_HEADER_SIZE  12u  /* token, value length, name offset */

/* The blob's layout once the header has been checked against its length. */
struct fdt_blob {
    const uint8_t *base;
    uint32_t total;
    uint32_t struct_off;
    uint32_t struct_size;      /* a multiple of 4 */
    uint32_t strings_off;
    uint32_t strings_size;
    uint32_t rsvmap_off;
};

enum fdt_node_kind {
    NODE_OTHER,
    NODE_ROOT,
    NODE_MEMORY,
    NODE_RESMEM,     /* /reserved-memory */
    NODE_RESERVED,   /* a child of /reserved-memory */
    NODE_CHOSEN,
    NODE_CPUS,
    NODE_CPU,
    NODE_CPU_INTC,   /* a CPU's interrupt controller */
};

/* What an open node has said so far; acted on when it closes. */
struct fdt_prop {
    const char *name;
    const uint8_t *value;  /* NULL: the property is not there (yet) */
    uint32_t len;
    uint32_t offset;       /* of the FDT_PROP token in the blob */
};

struct fdt_node {
    enum fdt_node_kind kind;
    uint32_t offset;       /* of its FDT_BEGIN_NODE token in the blob */
    uint32_t addr_cells;   /* for this node's children's reg */
    uint32_t size_cells;
    const uint8_t *reg;    /* NULL: no reg property (yet) */
    uint32_t reg_len;
    uint32_t reg_offset;
    bool cpu_type;         /* device_type = "cpu" */
    bool disabled;         /* status given and not "okay" */
    bool test_device;      /* compatible lists "sifive,test0" */
    bool plic;             /* compatible lists a PLIC */
    bool has_phandle;
    uint32_t phandle;
    struct fdt_prop ndev;          /* riscv,ndev */
    struct fdt_prop irq_extended;  /* interrupts-extended */
};

struct fdt_walk {
    struct fdt_blob blob;
    paddr_t blob_pa;
    struct boot_info *bi;
    struct fdt_arch_info *arch;
    /* nodes[0] stands for the root's parent, with the default cell sizes;
     * nodes[1 .. depth] are the open nodes, innermost last. */
    struct fdt_node nodes[FDT_MAX_DEPTH + 1];
    uint32_t depth;
    bool root_done;
    bool initrd_start_set;
    bool initrd_end_set;
    uint64_t initrd_start;
    uint64_t initrd_end;
    uint32_t initrd_end_offset;
    uint64_t boot_hart;
    bool boot_intc_set;           /* the boot hart's interrupt controller was seen */
    uint32_t boot_intc;           /* and its phandle */
    struct fdt_prop plic_contexts;   /* the PLIC's interrupts-extended; value NULL: no PLIC */
};

static struct fdt_status fdt_status_at(enum fdt_error code, uint32_t offset)
{
    struct fdt_status st = { code, offset };
    return st;
}

static const struct fdt_status fdt_ok = { FDT_OK, 0 };

/* The blob is big-endian and may sit at any alignment: read bytes. */
static uint32_t fdt_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t fdt_be64(const uint8_t *p)
{
    return (uint64_t)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

static uint32_t fdt_align4(uint32_t v)
{
    return (v + 3u) & ~3u;
}

/* Length of the string at `s` if a NUL comes within `avail` bytes, else `avail`. */
static uint32_t fdt_strnlen(const char *s, uint32_t avail)
{
    uint32_t n = 0;

    while (n < avail && s[n] != '\0')
        n++;
    return n;
}

static bool fdt_streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* True for `base` itself and for `base@unit-address`. */
static bool fdt_name_is(const char *name, const char *base)
{
    while (*base != '\0' && *name == *base) {
        name++;
        base++;
    }
    return *base == '\0' && (*name == '\0' || *name == '@');
}

/* ---- header ---- */

static struct fdt_status fdt_check_struct_block(const uint8_t *b, uint32_t version,
                                                struct fdt_blob *out)
{
    uint32_t off = fdt_be32(b + FDT_HDR_OFF_STRUCT);
    uint64_t size;

    if (off % 4u != 0)
        return fdt_status_at(FDT_ERR_ALIGN, FDT_HDR_OFF_STRUCT);
    if (off < FDT_HEADER_SIZE || off > out->total)
        return fdt_status_at(FDT_ERR_STRUCT_BOUNDS, FDT_HDR_OFF_STRUCT);
    /* Version 16 has no size field: the block may run to the end of the blob. */
    size = version >= 17 ? fdt_be32(b + FDT_HDR_SIZE_STRUCT) : (out->total - off) & ~3u;
    if (size % 4u != 0)
        return fdt_status_at(FDT_ERR_ALIGN, FDT_HDR_SIZE_STRUCT);
    if ((uint64_t)off + size > out->total)
        return fdt_status_at(FDT_ERR_STRUCT_BOUNDS, FDT_HDR_SIZE_STRUCT);
    out->struct_off = off;
    out->struct_size = (uint32_t)size;
    return fdt_ok;
}

static struct fdt_status fdt_check_other_blocks(const uint8_t *b, struct fdt_blob *out)
{
    uint32_t rsv = fdt_be32(b + FDT_HDR_OFF_RSVMAP);
    uint32_t str = fdt_be32(b + FDT_HDR_OFF_STRINGS);
    uint32_t str_size = fdt_be32(b + FDT_HDR_SIZE_STRINGS);

    if (rsv % 8u != 0)
        return fdt_status_at(FDT_ERR_ALIGN, FDT_HDR_OFF_RSVMAP);
    if (rsv < FDT_HEADER_SIZE || (uint64_t)rsv + RSVMAP_ENTRY_SIZE > out->total)
        return fdt_status_at(FDT_ERR_RSVMAP_BOUNDS, FDT_HDR_OFF_RSVMAP);
    if (str < FDT_HEADER_SIZE || str > out->total)
        return fdt_status_at(FDT_ERR_STRINGS_BOUNDS, FDT_HDR_OFF_STRINGS);
    if ((uint64_t)str + str_size > out->total)
        return fdt_status_at(FDT_ERR_STRINGS_BOUNDS, FDT_HDR_SIZE_STRINGS);
    out->rsvmap_off = rsv;
    out->strings_off = str;
    out->strings_size = str_size;
    return fdt_ok;
}

static struct fdt_status fdt_check_magic(const uint8_t *b, size_t len)
{
    if (b == NULL || len < FDT_HEADER_SIZE)
        return fdt_status_at(FDT_ERR_HEADER_SHORT, 0);
    if (fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
        return fdt_status_at(FDT_ERR_MAGIC, FDT_HDR_MAGIC);
    return fdt_ok;
}

static struct fdt_status fdt_layout(const void *blob, size_t len, struct fdt_blob *out)
{
    const uint8_t *b = blob;
    struct fdt_status st = fdt_check_magic(b, len);
    uint32_t version;

    if (st.code != FDT_OK)
        return st;
    version = fdt_be32(b + FDT_HDR_VERSION);
    if (version < 16)
        return fdt_status_at(FDT_ERR_VERSION, FDT_HDR_VERSION);
    if (fdt_be32(b + FDT_HDR_LAST_COMP) > 17)
        return fdt_status_at(FDT_ERR_VERSION, FDT_HDR_LAST_COMP);
    out->base = b;
    out->total = fdt_be32(b + FDT_HDR_TOTALSIZE);
    if (out->total > len || out->total < FDT_HEADER_SIZE)
        return fdt_status_at(FDT_ERR_TOTALSIZE, FDT_HDR_TOTALSIZE);
    st = fdt_check_other_blocks(b, out);
    if (st.code != FDT_OK)
        return st;
    return fdt_check_struct_block(b, version, out);
}

struct fdt_status fdt_total_size(const void *blob, size_t len, uint32_t *size)
{
    struct fdt_status st = fdt_check_magic(blob, len);

    if (st.code == FDT_OK)
        *size = fdt_be32((const uint8_t *)blob + FDT_HDR_TOTALSIZE);
    return st;
}

struct fdt_status fdt_check_header(const void *blob, size_t len)
{
    struct fdt_blob layout;

    return fdt_layout(blob, len, &layout);
}

/* ---- adding what was found to boot_info ---- */

static struct fdt_status fdt_add_ram(struct fdt_walk *w, struct mem_region r, uint32_t offset)
{
    struct boot_info *bi = w->bi;

    if (bi->ram_count >= BOOT_MAX_RAM)
        return fdt_status_at(FDT_ERR_RAM_FULL, offset);
    bi->ram[bi->ram_count++] = r;
    return fdt_ok;
}

static struct fdt_status fdt_reserve(struct fdt_walk *w, paddr_t base, uint64_t size,
                                     uint32_t offset)
{
    if (size != 0 && !boot_info_reserve(w->bi, base, size))
        return fdt_status_at(FDT_ERR_RESERVED_FULL, offset);
    return fdt_ok;
}

/* ---- the memory reservation map ---- */

static struct fdt_status fdt_walk_rsvmap(struct fdt_walk *w)
{
    const struct fdt_blob *fb = &w->blob;
    uint32_t off = fb->rsvmap_off;

    for (; (uint64_t)off + RSVMAP_ENTRY_SIZE <= fb->total; off += RSVMAP_ENTRY_SIZE) {
        uint64_t base = fdt_be64(fb->base + off);
        uint64_t size = fdt_be64(fb->base + off + 8);
        struct fdt_status st;

        if (base == 0 && size == 0)
            return fdt_ok;
        if (size != 0 && base + size - 1 < base)
            return fdt_status_at(FDT_ERR_REG_WRAP, off);
        st = fdt_reserve(w, base, size, off);
        if (st.code != FDT_OK)
            return st;
    }
    return fdt_status_at(FDT_ERR_RSVMAP_UNTERMINATED, fb->rsvmap_off);
}

/* ---- reg properties ---- */

static uint64_t fdt_read_cells(const uint8_t *p, uint32_t cells)
{
    return cells == 2 ? fdt_be64(p) : fdt_be32(p);
}

/* How many (address, size) entries `node`'s reg holds, in its parent's cells. */
static struct fdt_status fdt_reg_count(const struct fdt_node *parent,
                                       const struct fdt_node *node, uint32_t *count)
{
    uint32_t ac = parent->addr_cells;
    uint32_t sc = parent->size_cells;
    uint32_t entry;

    if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
        return fdt_status_at(FDT_ERR_CELLS, node->reg_offset);
    entry = (ac + sc) * 4u;
    if (node->reg_len % entry != 0)
        return fdt_status_at(FDT_ERR_REG_LEN, node->reg_offset);
    *count = node->reg_len / entry;
    return fdt_ok;
}

/* Entry `i` of a reg already sized by fdt_reg_count. */
static struct fdt_status fdt_reg_entry(const struct fdt_node *parent,
                                       const struct fdt_node *node, uint32_t i,
                                       struct mem_region *out)
{
    uint32_t ac = parent->addr_cells;
    uint32_t sc = parent->size_cells;
    const uint8_t *p = node->reg + i * (ac + sc) * 4u;

    out->base = fdt_read_cells(p, ac);
    out->size = fdt_read_cells(p + ac * 4u, sc);
    if (out->size != 0 && out->base + out->size - 1 < out->base)
        return fdt_status_at(FDT_ERR_REG_WRAP, node->reg_offset);
    return fdt_ok;
}

/* Every entry of the closing node's reg becomes RAM or a reserved range. */
static struct fdt_status fdt_apply_reg(struct fdt_walk *w, bool is_ram)
{
    const struct fdt_node *node = &w->nodes[w->depth];
    const struct fdt_node *parent = &w->nodes[w->depth - 1];
    struct fdt_status st;
    struct mem_region r;
    uint32_t count = 0;

    if (node->reg == NULL)
        return fdt_ok;
    st = fdt_reg_count(parent, node, &count);
    for (uint32_t i = 0; st.code == FDT_OK && i < count; i++) {
        st = fdt_reg_entry(parent, node, i, &r);
        if (st.code != FDT_OK || r.size == 0)
            continue;
        if (is_ram)
            st = fdt_add_ram(w, r, node->reg_offset);
        else
            st = fdt_reserve(w, r.base, r.size, node->reg_offset);
    }
    return st;
}

/* The power-off device: the first range of its reg. QEMU's virt has an
 * identity `ranges` on /soc, so no address translation is attempted. */
static struct fdt_status fdt_apply_test_device(struct fdt_walk *w)
{
    const struct fdt_node *node = &w->nodes[w->depth];
    const struct fdt_node *parent = &w->nodes[w->depth - 1];
    struct mem_region r;
    uint32_t count = 0;
    struct fdt_status st;

    if (!node->test_device || node->disabled || node->reg == NULL || w->arch->has_test_device)
        return fdt_ok;
    st = fdt_reg_count(parent, node, &count);
    if (st.code != FDT_OK || count == 0)
        return st;
    st = fdt_reg_entry(parent, node, 0, &r);
    if (st.code == FDT_OK) {
        w->arch->has_test_device = true;
        w->arch->test_device_base = r.base;
    }
    return st;
}

/* ---- property values ---- */

static struct fdt_status fdt_check_string(const struct fdt_prop *p)
{
    if (p->len == 0 || p->value[p->len - 1] != '\0')
        return fdt_status_at(FDT_ERR_STRING_UNTERMINATED, p->offset);
    return fdt_ok;
}

/* A 4- or 8-byte number (initrd addresses and timebase come in both). */
static struct fdt_status fdt_read_number(const struct fdt_prop *p, uint64_t *out)
{
    if (p->len == 4)
        *out = fdt_be32(p->value);
    else if (p->len == 8)
        *out = fdt_be64(p->value);
    else
        return fdt_status_at(FDT_ERR_NUMBER_LEN, p->offset);
    return fdt_ok;
}

static struct fdt_status fdt_read_cell_count(const struct fdt_prop *p, uint32_t *out)
{
    if (p->len != 4)
        return fdt_status_at(FDT_ERR_CELLS_LEN, p->offset);
    *out = fdt_be32(p->value);
    return fdt_ok;
}

/* True when the NUL-separated string list in `p` (already checked) holds `want`. */
static bool fdt_stringlist_has(const struct fdt_prop *p, const char *want)
{
    uint32_t at = 0;

    while (at < p->len) {
        const char *s = (const char *)p->value + at;

        if (fdt_streq(s, want))
            return true;
        at += fdt_strnlen(s, p->len - at) + 1;
    }
    return false;
}

static void fdt_copy_cmdline(struct boot_info *bi, const struct fdt_prop *p)
{
    uint32_t n = p->len - 1;   /* checked: ends in NUL */

    if (n > BOOT_CMDLINE_MAX - 1)
        n = BOOT_CMDLINE_MAX - 1;
    for (uint32_t i = 0; i < n; i++)
        bi->cmdline[i] = (char)p->value[i];
    bi->cmdline[n] = '\0';
}

static struct fdt_status fdt_chosen_property(struct fdt_walk *w, const struct fdt_prop *p)
{
    struct fdt_status st = fdt_ok;

    if (fdt_streq(p->name, "bootargs")) {
        st = fdt_check_string(p);
        if (st.code == FDT_OK)
            fdt_copy_cmdline(w->bi, p);
    } else if (fdt_streq(p->name, "linux,initrd-start")) {
        st = fdt_read_number(p, &w->initrd_start);
        w->initrd_start_set = true;
    } else if (fdt_streq(p->name, "linux,initrd-end")) {
        st = fdt_read_number(p, &w->initrd_end);
        w->initrd_end_set = true;
        w->initrd_end_offset = p->offset;
    }
    return st;
}

/* Properties with the same meaning in every node. */
static struct fdt_status fdt_common_property(struct fdt_node *node, const struct fdt_prop *p)
{
    struct fdt_status st = fdt_ok;

    if (fdt_streq(p->name, "#address-cells")) {
        st = fdt_read_cell_count(p, &node->addr_cells);
    } else if (fdt_streq(p->name, "#size-cells")) {
        st = fdt_read_cell_count(p, &node->size_cells);
    } else if (fdt_streq(p->name, "reg")) {
        node->reg = p->value;
        node->reg_len = p->len;
        node->reg_offset = p->offset;
    } else if (fdt_streq(p->name, "device_type")) {
        st = fdt_check_string(p);
        node->cpu_type = st.code == FDT_OK && fdt_streq((const char *)p->value, "cpu");
        if (st.code == FDT_OK && node->kind == NODE_OTHER && fdt_streq((const char *)p->value, "memory"))
            node->kind = NODE_MEMORY;
    } else if (fdt_streq(p->name, "status")) {
        st = fdt_check_string(p);
        node->disabled = st.code != FDT_OK || !(fdt_streq((const char *)p->value, "okay") ||
                                                fdt_streq((const char *)p->value, "ok"));
    } else if (fdt_streq(p->name, "compatible")) {
        st = fdt_check_string(p);
        node->test_device = st.code == FDT_OK && fdt_stringlist_has(p, "sifive,test0");
        node->plic = st.code == FDT_OK && (fdt_stringlist_has(p, "riscv,plic0") ||
                                           fdt_stringlist_has(p, "sifive,plic-1.0.0"));
    }
    return st;
}

/* What interrupt routing needs: phandles (the CPUs' interrupt controllers),
 * and the PLIC's size and contexts, checked when its node closes. */
static struct fdt_status fdt_irq_property(struct fdt_node *node, const struct fdt_prop *p)
{
    if (fdt_streq(p->name, "phandle")) {
        if (p->len != 4)
            return fdt_status_at(FDT_ERR_PHANDLE_LEN, p->offset);
        node->phandle = fdt_be32(p->value);
        node->has_phandle = true;
    } else if (fdt_streq(p->name, "riscv,ndev")) {
        node->ndev = *p;
    } else if (fdt_streq(p->name, "interrupts-extended")) {
        node->irq_extended = *p;
    }
    return fdt_ok;
}

static struct fdt_status fdt_apply_property(struct fdt_walk *w, const struct fdt_prop *p)
{
    struct fdt_node *node = &w->nodes[w->depth];
    struct fdt_status st = fdt_common_property(node, p);
    bool timebase = fdt_streq(p->name, "timebase-frequency");

    if (st.code == FDT_OK)
        st = fdt_irq_property(node, p);
    if (st.code != FDT_OK)
        return st;
    if (node->kind == NODE_CHOSEN)
        return fdt_chosen_property(w, p);
    /* /cpus says it for all; a cpu node's own value only counts when /cpus
     * is silent (its properties come before the cpu nodes). */
    if (timebase && (node->kind == NODE_CPUS ||
                     (node->kind == NODE_CPU && w->arch->timebase_hz == 0)))
        return fdt_read_number(p, &w->arch->timebase_hz);
    return fdt_ok;
}

/* ---- nodes ---- */

static enum fdt_node_kind fdt_classify(uint32_t depth, enum fdt_node_kind parent,
                                       const char *name)
{
    if (depth == 1)
        return NODE_ROOT;
    switch (parent) {
    case NODE_ROOT:
        if (fdt_name_is(name, "memory"))
            return NODE_MEMORY;
        if (fdt_name_is(name, "reserved-memory"))
            return NODE_RESMEM;
        if (fdt_name_is(name, "chosen"))
            return NODE_CHOSEN;
        if (fdt_name_is(name, "cpus"))
            return NODE_CPUS;
        return NODE_OTHER;
    case NODE_RESMEM:
        return NODE_RESERVED;
    case NODE_CPUS:
        return fdt_name_is(name, "cpu") ? NODE_CPU : NODE_OTHER;
    case NODE_CPU:
        return fdt_name_is(name, "interrupt-controller") ? NODE_CPU_INTC : NODE_OTHER;
    default:
        return NODE_OTHER;
    }
}

/* Debian's fw_jump copies the blob to a fixed 0x82200000, which is where
 * QEMU loads the initrd when RAM is 64 MiB: the archive is then already
 * overwritten, and saying so beats a CPIO error later. */
static bool fdt_initrd_overlaps_blob(const struct fdt_walk *w)
{
    return w->initrd_end > w->initrd_start && w->initrd_start < w->blob_pa + w->blob.total &&
           w->blob_pa < w->initrd_end;
}

static struct fdt_status fdt_initrd_done(struct fdt_walk *w)
{
    struct boot_info *bi = w->bi;

    if (!w->initrd_start_set || !w->initrd_end_set)
        return fdt_ok;
    if (w->initrd_end < w->initrd_start)
        return fdt_status_at(FDT_ERR_INITRD_RANGE, w->initrd_end_offset);
    if (fdt_initrd_overlaps_blob(w))
        return fdt_status_at(FDT_ERR_INITRD_OVERLAP, w->initrd_end_offset);
    bi->initramfs_base = w->initrd_start;
    bi->initramfs_size = w->initrd_end - w->initrd_start;
    return fdt_reserve(w, bi->initramfs_base, bi->initramfs_size, w->initrd_end_offset);
}

/* A CPU's hart id: its reg, one address in /cpus' cells. */
static struct fdt_status fdt_hart_id(const struct fdt_node *cpus, const struct fdt_node *cpu,
                                     uint64_t *hart)
{
    uint32_t ac = cpus->addr_cells;

    if (cpu->reg == NULL || ac < 1 || ac > 2 || cpu->reg_len != ac * 4u)
        return fdt_status_at(FDT_ERR_HART_ID, cpu->reg != NULL ? cpu->reg_offset : cpu->offset);
    *hart = fdt_read_cells(cpu->reg, ac);
    return fdt_ok;
}

/* A CPU's interrupt controller closes: note its phandle if the CPU is the
 * boot hart (one without a phandle cannot be named by a PLIC). */
static struct fdt_status fdt_cpu_intc_done(struct fdt_walk *w)
{
    const struct fdt_node *intc = &w->nodes[w->depth];
    uint64_t hart = 0;
    struct fdt_status st;

    if (!intc->has_phandle)
        return fdt_ok;
    /* cpus, cpu, intc: depth is at least 4 with the root. */
    st = fdt_hart_id(&w->nodes[w->depth - 2], &w->nodes[w->depth - 1], &hart);
    if (st.code == FDT_OK && hart == w->boot_hart) {
        w->boot_intc = intc->phandle;
        w->boot_intc_set = true;
    }
    return st;
}

/* riscv,ndev: one cell, 1 to FDT_PLIC_MAX_SOURCES. */
static struct fdt_status fdt_plic_sources(const struct fdt_node *node, uint32_t *sources)
{
    const struct fdt_prop *p = &node->ndev;

    if (p->value == NULL)
        return fdt_status_at(FDT_ERR_PLIC_NDEV, node->offset);
    if (p->len != 4)
        return fdt_status_at(FDT_ERR_PLIC_NDEV, p->offset);
    *sources = fdt_be32(p->value);
    if (*sources == 0 || *sources > FDT_PLIC_MAX_SOURCES)
        return fdt_status_at(FDT_ERR_PLIC_NDEV, p->offset);
    return fdt_ok;
}

/* The first enabled PLIC closes: its registers and sources, and its
 * contexts kept for after the walk. */
static struct fdt_status fdt_plic_done(struct fdt_walk *w)
{
    const struct fdt_node *node = &w->nodes[w->depth];
    const struct fdt_prop *ctx = &node->irq_extended;
    struct mem_region r = { 0, 0 };
    uint32_t count = 0;
    struct fdt_status st;

    if (node->reg == NULL)
        return fdt_status_at(FDT_ERR_PLIC_REG, node->offset);
    st = fdt_reg_count(&w->nodes[w->depth - 1], node, &count);
    if (st.code == FDT_OK && count > 0)
        st = fdt_reg_entry(&w->nodes[w->depth - 1], node, 0, &r);
    if (st.code != FDT_OK)
        return st;
    if (r.size == 0)
        return fdt_status_at(FDT_ERR_PLIC_REG, node->reg_offset);
    st = fdt_plic_sources(node, &w->arch->plic_sources);
    if (st.code != FDT_OK)
        return st;
    if (ctx->value == NULL || ctx->len == 0 || ctx->len % 8u != 0)
        return fdt_status_at(FDT_ERR_PLIC_CONTEXTS, ctx->value != NULL ? ctx->offset : node->offset);
    w->arch->plic_base = r.base;
    w->arch->plic_size = r.size;
    w->plic_contexts = *ctx;
    return fdt_ok;
}

/* After the walk: the PLIC's context for the boot hart's supervisor
 * external interrupt, the index of its (phandle, irq) pair. */
static struct fdt_status fdt_plic_context(struct fdt_walk *w)
{
    const struct fdt_prop *ctx = &w->plic_contexts;

    if (ctx->value == NULL)
        return fdt_ok;
    for (uint32_t i = 0; i < ctx->len / 8u; i++) {
        if (w->boot_intc_set && fdt_be32(ctx->value + 8u * i) == w->boot_intc &&
            fdt_be32(ctx->value + 8u * i + 4) == FDT_IRQ_S_EXTERNAL) {
            w->arch->plic_context = i;
            w->arch->has_plic = true;
            return fdt_ok;
        }
    }
    return fdt_status_at(FDT_ERR_PLIC_NO_CONTEXT, ctx->offset);
}

/* The innermost node closes: act on what it said. */
static struct fdt_status fdt_node_done(struct fdt_walk *w)
{
    const struct fdt_node *node = &w->nodes[w->depth];
    struct fdt_status st = fdt_apply_test_device(w);

    if (st.code == FDT_OK && node->plic && !node->disabled && w->plic_contexts.value == NULL)
        st = fdt_plic_done(w);
    if (st.code != FDT_OK)
        return st;
    switch (node->kind) {
    case NODE_MEMORY:
        return node->disabled ? fdt_ok : fdt_apply_reg(w, true);
    case NODE_RESERVED:
        return fdt_apply_reg(w, false);
    case NODE_CHOSEN:
        return fdt_initrd_done(w);
    case NODE_CPU:
        if (node->cpu_type && !node->disabled)
            w->bi->cpu_count++;
        return fdt_ok;
    case NODE_CPU_INTC:
        return fdt_cpu_intc_done(w);
    default:
        return fdt_ok;
    }
}

static struct fdt_status fdt_begin_node(struct fdt_walk *w, uint32_t *pos)
{
    const struct fdt_blob *fb = &w->blob;
    uint32_t at = *pos;
    const char *name = (const char *)fb->base + fb->struct_off + at + 4;
    uint32_t avail = fb->struct_size - at - 4;
    uint32_t n = fdt_strnlen(name, avail);
    struct fdt_node *node;

    if (n == avail)
        return fdt_status_at(FDT_ERR_NAME_UNTERMINATED, fb->struct_off + at);
    if (w->depth == 0 && w->root_done)
        return fdt_status_at(FDT_ERR_OUTSIDE_ROOT, fb->struct_off + at);
    if (w->depth == FDT_MAX_DEPTH)
        return fdt_status_at(FDT_ERR_DEPTH, fb->struct_off + at);
    w->depth++;
    node = &w->nodes[w->depth];
    *node = (struct fdt_node){ .addr_cells = 2, .size_cells = 1 };
    node->offset = fb->struct_off + at;
    node->kind = fdt_classify(w->depth, w->nodes[w->depth - 1].kind, name);
    *pos = fdt_align4(at + 4 + n + 1);
    return fdt_ok;
}

static struct fdt_status fdt_end_node(struct fdt_walk *w, uint32_t *pos)
{
    struct fdt_status st;

    if (w->depth == 0)
        return fdt_status_at(FDT_ERR_STRAY_END_NODE, w->blob.struct_off + *pos);
    st = fdt_node_done(w);
    w->depth--;
    w->root_done = w->depth == 0;
    *pos += 4;
    return st;
}

static struct fdt_status fdt_property(struct fdt_walk *w, uint32_t *pos)
{
    const struct fdt_blob *fb = &w->blob;
    uint32_t at = *pos;
    const uint8_t *p = fb->base + fb->struct_off + at;
    struct fdt_prop prop = { .offset = fb->struct_off + at };
    uint32_t nameoff;

    if (fb->struct_size - at < PROP_HEADER_SIZE)
        return fdt_status_at(FDT_ERR_PROP_TRUNCATED, prop.offset);
    prop.len = fdt_be32(p + 4);
    nameoff = fdt_be32(p + 8);
    if (prop.len > fb->struct_size - at - PROP_HEADER_SIZE)
        return fdt_status_at(FDT_ERR_PROP_TRUNCATED, prop.offset);
    if (nameoff >= fb->strings_size)
        return fdt_status_at(FDT_ERR_NAMEOFF, prop.offset);
    prop.name = (const char *)fb->base + fb->strings_off + nameoff;
    if (fdt_strnlen(prop.name, fb->strings_size - nameoff) == fb->strings_size - nameoff)
        return fdt_status_at(FDT_ERR_PROPNAME_UNTERMINATED, prop.offset);
    if (w->depth == 0)
        return fdt_status_at(FDT_ERR_OUTSIDE_ROOT, prop.offset);
    prop.value = p + PROP_HEADER_SIZE;
    *pos = fdt_align4(at + PROP_HEADER_SIZE + prop.len);
    return fdt_apply_property(w, &prop);
}

static struct fdt_status fdt_finish(const struct fdt_walk *w, uint32_t pos)
{
    if (w->depth != 0)
        return fdt_status_at(FDT_ERR_UNCLOSED_NODE, w->blob.struct_off + pos);
    if (!w->root_done)
        return fdt_status_at(FDT_ERR_NO_ROOT, w->blob.struct_off + pos);
    return fdt_ok;
}

/* Every step advances `pos` by at least 4 bytes and keeps it within the
 * block (whose size is a multiple of 4), so the loop ends. */
static struct fdt_status fdt_walk_struct(struct fdt_walk *w)
{
    const struct fdt_blob *fb = &w->blob;
    struct fdt_status st = fdt_ok;
    uint32_t pos = 0;

    while (st.code == FDT_OK) {
        uint32_t token;

        if (fb->struct_size - pos < 4)
            return fdt_status_at(FDT_ERR_NO_END, fb->struct_off + pos);
        token = fdt_be32(fb->base + fb->struct_off + pos);
        if (token == FDT_TOKEN_BEGIN_NODE)
            st = fdt_begin_node(w, &pos);
        else if (token == FDT_TOKEN_END_NODE)
            st = fdt_end_node(w, &pos);
        else if (token == FDT_TOKEN_PROP)
            st = fdt_property(w, &pos);
        else if (token == FDT_TOKEN_NOP)
            pos += 4;
        else if (token == FDT_TOKEN_END)
            return fdt_finish(w, pos);
        else
            st = fdt_status_at(FDT_ERR_BAD_TOKEN, fb->struct_off + pos);
    }
    return st;
}

/* ---- the whole blob ---- */

static void fdt_reset(struct boot_info *bi, struct fdt_arch_info *arch, paddr_t blob_pa)
{
    bi->ram_count = 0;
    bi->reserved_count = 0;
    bi->initramfs_base = 0;
    bi->initramfs_size = 0;
    bi->cmdline[0] = '\0';
    bi->cpu_count = 0;
    bi->cpu_source = "device tree";
    bi->acpi_rsdp = 0;
    bi->fdt = blob_pa;
    bi->framebuffer = (struct framebuffer_info){ 0 };
    *arch = (struct fdt_arch_info){ 0 };
}

struct fdt_status fdt_parse(const void *blob, size_t len, paddr_t blob_pa, uint64_t boot_hart,
                            struct boot_info *bi, struct fdt_arch_info *arch)
{
    struct fdt_walk w;   /* no initializer: the kernel has no memset to zero it */
    struct fdt_status st;

    fdt_reset(bi, arch, blob_pa);
    w.blob_pa = blob_pa;
    w.bi = bi;
    w.arch = arch;
    w.nodes[0] = (struct fdt_node){ .addr_cells = 2, .size_cells = 1 };
    w.depth = 0;
    w.root_done = false;
    w.initrd_start_set = false;
    w.initrd_end_set = false;
    w.boot_hart = boot_hart;
    w.boot_intc_set = false;
    w.plic_contexts = (struct fdt_prop){ 0 };
    st = fdt_layout(blob, len, &w.blob);
    if (st.code == FDT_OK)
        st = fdt_reserve(&w, blob_pa, w.blob.total, FDT_HDR_TOTALSIZE);
    if (st.code == FDT_OK)
        st = fdt_walk_rsvmap(&w);
    if (st.code == FDT_OK)
        st = fdt_walk_struct(&w);
    if (st.code == FDT_OK)
        st = fdt_plic_context(&w);
    return st;
}

/* ---- messages ---- */

struct fdt_message {
    const char *subject;
    const char *problem;
};

static const struct fdt_message fdt_messages[FDT_ERR_COUNT] = {
    [FDT_OK] = { "blob", "is well formed" },
    [FDT_ERR_HEADER_SHORT] = { "header", "is cut short by the end of the blob" },
    [FDT_ERR_MAGIC] = { "magic", "is not 0xd00dfeed" },
    [FDT_ERR_VERSION] = { "version field", "is not compatible with versions 16-17" },
    [FDT_ERR_TOTALSIZE] = { "totalsize", "is larger than the blob or smaller than a header" },
    [FDT_ERR_ALIGN] = { "block offset or size", "is misaligned" },
    [FDT_ERR_RSVMAP_BOUNDS] = { "memory reservation map", "lies outside the blob" },
    [FDT_ERR_STRUCT_BOUNDS] = { "structure block", "lies outside the blob" },
    [FDT_ERR_STRINGS_BOUNDS] = { "strings block", "lies outside the blob" },
    [FDT_ERR_RSVMAP_UNTERMINATED] = { "memory reservation map", "has no terminating entry" },
    [FDT_ERR_NO_END] = { "structure block", "ends without an FDT_END token" },
    [FDT_ERR_BAD_TOKEN] = { "token", "is unknown" },
    [FDT_ERR_NAME_UNTERMINATED] = { "node name", "runs past the structure block" },
    [FDT_ERR_PROP_TRUNCATED] = { "property", "runs past the structure block" },
    [FDT_ERR_NAMEOFF] = { "property name offset", "lies outside the strings block" },
    [FDT_ERR_PROPNAME_UNTERMINATED] = { "property name", "runs past the strings block" },
    [FDT_ERR_STRING_UNTERMINATED] = { "string property", "is not NUL-terminated" },
    [FDT_ERR_DEPTH] = { "node", "is nested too deeply" },
    [FDT_ERR_STRAY_END_NODE] = { "FDT_END_NODE", "closes no open node" },
    [FDT_ERR_UNCLOSED_NODE] = { "FDT_END", "comes before every node is closed" },
    [FDT_ERR_NO_ROOT] = { "FDT_END", "comes before any root node" },
    [FDT_ERR_OUTSIDE_ROOT] = { "token", "lies outside the root node" },
    [FDT_ERR_CELLS_LEN] = { "#address-cells or #size-cells", "is not a single cell" },
    [FDT_ERR_CELLS] = { "reg property", "needs 1 or 2 address and size cells" },
    [FDT_ERR_REG_LEN] = { "reg property", "is not a whole number of entries" },
    [FDT_ERR_REG_WRAP] = { "memory range", "wraps around the address space" },
    [FDT_ERR_NUMBER_LEN] = { "number property", "is neither 4 nor 8 bytes long" },
    [FDT_ERR_INITRD_RANGE] = { "linux,initrd-end", "lies below linux,initrd-start" },
    [FDT_ERR_INITRD_OVERLAP] = { "initrd", "overlaps the device tree blob (the firmware put both there)" },
    [FDT_ERR_RAM_FULL] = { "memory node", "has more ranges than the kernel keeps" },
    [FDT_ERR_RESERVED_FULL] = { "reserved range", "does not fit in the reserved table" },
    [FDT_ERR_PHANDLE_LEN] = { "phandle", "is not a single cell" },
    [FDT_ERR_HART_ID] = { "cpu node", "has an interrupt controller but no hart id in its reg" },
    [FDT_ERR_PLIC_REG] = { "PLIC node", "has no register range" },
    [FDT_ERR_PLIC_NDEV] = { "PLIC riscv,ndev", "is missing, not a single cell, 0 or above 1023" },
    [FDT_ERR_PLIC_CONTEXTS] = { "PLIC interrupts-extended", "is missing or not (phandle, interrupt) pairs" },
    [FDT_ERR_PLIC_NO_CONTEXT] = { "PLIC interrupts-extended", "names no supervisor context of the boot hart" },
};

const char *fdt_error_subject(enum fdt_error code)
{
    return (unsigned)code < FDT_ERR_COUNT ? fdt_messages[code].subject : "error code";
}

const char *fdt_error_problem(enum fdt_error code)
{
    return (unsigned)code < FDT_ERR_COUNT ? fdt_messages[code].problem : "is unknown";
}
