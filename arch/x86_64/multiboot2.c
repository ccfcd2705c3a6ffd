/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multiboot2 boot information parser (see multiboot2.h).
 *
 * The block is a header (total_size, reserved) and a list of tags, each
 * (type, size, payload) and padded to 8 bytes, ended by a tag of type 0 and
 * size 8. Every read goes through mb2_rd32/64 after a bounds check against
 * total_size, which itself is checked against the bytes the caller has.
 */
#include "multiboot2.h"

#define MB2_MMAP_HEADER 16      /* type, size, entry_size, entry_version */
#define MB2_MMAP_ENTRY_MIN 24   /* base, length, type, reserved */
#define MB2_RSDP_V1_SIZE 20
#define MB2_RSDP_V2_SIZE 36

struct mb2_walk {
    const struct mb2_source *src;
    struct boot_info *bi;
    struct mb2_error *err;
    uint32_t total;
    bool have_mmap;
    bool have_new_rsdp;   /* tag 15 wins over tag 14, whatever their order */
    uint32_t modules;
};

static uint32_t mb2_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t mb2_rd64(const uint8_t *p)
{
    return (uint64_t)mb2_rd32(p) | (uint64_t)mb2_rd32(p + 4) << 32;
}

static enum mb2_status mb2_fail(struct mb2_error *err, enum mb2_status s, uint32_t tag,
                                uint32_t offset, uint64_t value)
{
    err->status = s;
    err->tag = tag;
    err->offset = offset;
    err->value = value;
    return s;
}

static uint32_t mb2_min_tag_size(uint32_t type)
{
    switch (type) {
    case MB2_TAG_MODULE:
        return 16;
    case MB2_TAG_MMAP:
        return MB2_MMAP_HEADER;
    case MB2_TAG_FRAMEBUFFER:
        return 32;
    case MB2_TAG_ACPI_OLD:
        return 8 + MB2_RSDP_V1_SIZE;
    case MB2_TAG_ACPI_NEW:
        return 8 + MB2_RSDP_V2_SIZE;
    default:
        return 8;
    }
}

static void mb2_clear(struct boot_info *bi)
{
    bi->ram_count = 0;
    bi->initramfs_base = 0;
    bi->initramfs_size = 0;
    bi->cmdline[0] = '\0';
    bi->acpi_rsdp = 0;
    bi->framebuffer.addr = 0;
    bi->framebuffer.pitch = 0;
    bi->framebuffer.width = 0;
    bi->framebuffer.height = 0;
    bi->framebuffer.bpp = 0;
}

static void mb2_cmdline(struct mb2_walk *w, const uint8_t *tag, uint32_t size)
{
    uint32_t n = 0;

    while (n < size - 8 && n < BOOT_CMDLINE_MAX - 1 && tag[8 + n] != '\0') {
        w->bi->cmdline[n] = (char)tag[8 + n];
        n++;
    }
    w->bi->cmdline[n] = '\0';
}

static enum mb2_status mb2_module(struct mb2_walk *w, const uint8_t *tag, uint32_t off)
{
    uint32_t start = mb2_rd32(tag + 8);
    uint32_t end = mb2_rd32(tag + 12);

    if (end < start)
        return mb2_fail(w->err, MB2_MODULE_INVERTED, MB2_TAG_MODULE, off, end);
    if (end == start)
        return mb2_fail(w->err, MB2_MODULE_EMPTY, MB2_TAG_MODULE, off, start);
    if (end > w->src->phys_limit)
        return mb2_fail(w->err, MB2_MODULE_RANGE, MB2_TAG_MODULE, off, end);
    if (!boot_info_reserve(w->bi, start, end - start))
        return mb2_fail(w->err, MB2_TOO_MANY_RESERVED, MB2_TAG_MODULE, off, start);
    if (w->modules++ == 0) {
        w->bi->initramfs_base = start;
        w->bi->initramfs_size = end - start;
    }
    return MB2_OK;
}

/* Keeps the part of [base, base + len) the kernel can reach; false when full. */
static bool mb2_add_ram(struct mb2_walk *w, uint64_t base, uint64_t len)
{
    uint64_t limit = w->src->phys_limit;
    uint64_t end = base + len;
    struct boot_info *bi = w->bi;

    if (len == 0 || base >= limit)
        return true;
    if (end < base || end > limit)
        end = limit;
    if (bi->ram_count == BOOT_MAX_RAM)
        return false;
    bi->ram[bi->ram_count].base = base;
    bi->ram[bi->ram_count].size = end - base;
    bi->ram_count++;
    return true;
}

static enum mb2_status mb2_mmap(struct mb2_walk *w, const uint8_t *tag, uint32_t off,
                                uint32_t size)
{
    uint32_t entry_size = mb2_rd32(tag + 8);
    uint32_t e;

    if (entry_size < MB2_MMAP_ENTRY_MIN || entry_size % 8 != 0)
        return mb2_fail(w->err, MB2_MMAP_ENTRY_SIZE, MB2_TAG_MMAP, off, entry_size);
    for (e = MB2_MMAP_HEADER; size - e >= entry_size; e += entry_size) {
        uint64_t base = mb2_rd64(tag + e);

        if (mb2_rd32(tag + e + 16) != MB2_MMAP_RAM)
            continue;
        if (!mb2_add_ram(w, base, mb2_rd64(tag + e + 8)))
            return mb2_fail(w->err, MB2_TOO_MANY_RAM, MB2_TAG_MMAP, off, base);
    }
    w->have_mmap = true;
    return MB2_OK;
}

static void mb2_framebuffer(struct mb2_walk *w, const uint8_t *tag)
{
    struct framebuffer_info *fb = &w->bi->framebuffer;

    fb->addr = mb2_rd64(tag + 8);
    fb->pitch = mb2_rd32(tag + 16);
    fb->width = mb2_rd32(tag + 20);
    fb->height = mb2_rd32(tag + 24);
    fb->bpp = tag[28];
}

/* The RSDP copy inside the tag is what the kernel reads later, by physical address. */
static void mb2_rsdp(struct mb2_walk *w, uint32_t type, uint32_t off)
{
    if (type == MB2_TAG_ACPI_OLD && w->have_new_rsdp)
        return;
    w->bi->acpi_rsdp = w->src->phys + off + 8;
    w->have_new_rsdp = type == MB2_TAG_ACPI_NEW;
}

static enum mb2_status mb2_tag(struct mb2_walk *w, uint32_t type, uint32_t off, uint32_t size)
{
    const uint8_t *tag = w->src->data + off;

    switch (type) {
    case MB2_TAG_CMDLINE:
        mb2_cmdline(w, tag, size);
        return MB2_OK;
    case MB2_TAG_MODULE:
        return mb2_module(w, tag, off);
    case MB2_TAG_MMAP:
        return mb2_mmap(w, tag, off, size);
    case MB2_TAG_FRAMEBUFFER:
        mb2_framebuffer(w, tag);
        return MB2_OK;
    case MB2_TAG_ACPI_OLD:
    case MB2_TAG_ACPI_NEW:
        mb2_rsdp(w, type, off);
        return MB2_OK;
    default:
        return MB2_OK;   /* tags the kernel does not use (EFI map, loader name...) */
    }
}

static enum mb2_status mb2_walk_tags(struct mb2_walk *w)
{
    uint64_t off = MB2_HEADER_SIZE;

    while (w->total - off >= 8) {
        const uint8_t *tag = w->src->data + off;
        uint32_t type = mb2_rd32(tag);
        uint32_t size = mb2_rd32(tag + 4);
        enum mb2_status s;

        if (size < mb2_min_tag_size(type))
            return mb2_fail(w->err, MB2_TAG_TOO_SMALL, type, (uint32_t)off, size);
        if (size > w->total - off)
            return mb2_fail(w->err, MB2_TAG_OVERRUN, type, (uint32_t)off, size);
        if (type == MB2_TAG_END)
            return size == 8 ? MB2_OK
                             : mb2_fail(w->err, MB2_BAD_END_TAG, type, (uint32_t)off, size);
        s = mb2_tag(w, type, (uint32_t)off, size);
        if (s != MB2_OK)
            return s;
        off += ((uint64_t)size + 7) & ~7ull;
        if (off > w->total)
            break;
    }
    return mb2_fail(w->err, MB2_NO_END_TAG, MB2_NO_TAG, w->total, w->total);
}

enum mb2_status mb2_parse(const struct mb2_source *src, struct boot_info *bi,
                          struct mb2_error *err)
{
    struct mb2_walk w = { .src = src, .bi = bi, .err = err };
    enum mb2_status s;

    mb2_fail(err, MB2_OK, MB2_NO_TAG, 0, 0);
    mb2_clear(bi);
    if (src->len < MB2_HEADER_SIZE)
        return mb2_fail(err, MB2_TRUNCATED, MB2_NO_TAG, 0, src->len);
    if (src->phys % 8 != 0)
        return mb2_fail(err, MB2_MISALIGNED, MB2_NO_TAG, 0, src->phys);
    w.total = mb2_rd32(src->data);
    if (w.total < MB2_HEADER_SIZE || w.total > src->len)
        return mb2_fail(err, MB2_BAD_TOTAL_SIZE, MB2_NO_TAG, 0, w.total);
    s = mb2_walk_tags(&w);
    if (s != MB2_OK)
        return s;
    if (!w.have_mmap)
        return mb2_fail(err, MB2_NO_MEMORY_MAP, MB2_NO_TAG, 0, 0);
    if (!boot_info_reserve(bi, src->phys, w.total))
        return mb2_fail(err, MB2_TOO_MANY_RESERVED, MB2_NO_TAG, 0, src->phys);
    return MB2_OK;
}

const char *mb2_strerror(enum mb2_status s)
{
    switch (s) {
    case MB2_OK:                return "is fine";
    case MB2_TRUNCATED:         return "is shorter than its 8-byte header";
    case MB2_MISALIGNED:        return "is not 8-byte aligned";
    case MB2_BAD_TOTAL_SIZE:    return "has an impossible total size";
    case MB2_TAG_TOO_SMALL:     return "is too small for its type";
    case MB2_TAG_OVERRUN:       return "overruns the boot information";
    case MB2_BAD_END_TAG:       return "is an end tag whose size is not 8";
    case MB2_NO_END_TAG:        return "has no end tag";
    case MB2_NO_MEMORY_MAP:     return "has no memory map";
    case MB2_MMAP_ENTRY_SIZE:   return "has an impossible memory map entry size";
    case MB2_TOO_MANY_RAM:      return "lists more RAM ranges than BOOT_MAX_RAM";
    case MB2_MODULE_EMPTY:      return "is an empty module";
    case MB2_MODULE_INVERTED:   return "is a module that ends before it starts";
    case MB2_MODULE_RANGE:      return "is a module past the end of reachable memory";
    case MB2_TOO_MANY_RESERVED: return "needs more reserved ranges than BOOT_MAX_RESERVED";
    }
    return "has an unknown error";
}

const char *mb2_value_name(enum mb2_status s)
{
    switch (s) {
    case MB2_TRUNCATED:
        return "length";
    case MB2_MISALIGNED:
        return "address";
    case MB2_BAD_TOTAL_SIZE:
    case MB2_NO_END_TAG:
        return "total size";
    case MB2_TAG_TOO_SMALL:
    case MB2_TAG_OVERRUN:
    case MB2_BAD_END_TAG:
        return "size";
    case MB2_MMAP_ENTRY_SIZE:
        return "entry size";
    case MB2_MODULE_INVERTED:
    case MB2_MODULE_RANGE:
        return "end";
    case MB2_MODULE_EMPTY:
    case MB2_TOO_MANY_RAM:
    case MB2_TOO_MANY_RESERVED:
        return "base";
    default:
        return NULL;
    }
}
