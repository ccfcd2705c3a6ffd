/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 executables: check the header and every loadable segment, then hand
 * out the segments one by one. Fields are read byte by byte, little-endian,
 * so an image needs no alignment and a field can never be read past the end.
 */
#include "arch.h"
#include "elf.h"

#define EI_CLASS      4u   /* e_ident bytes */
#define EI_DATA       5u
#define EI_VERSION    6u
#define EI_CLASS_64   2u
#define EI_DATA_LE    1u
#define EV_CURRENT    1u
#define ET_EXEC       2u
#define PT_LOAD       1u
#define PF_X          1u
#define PF_W          2u
#define PF_R          4u

/* Header fields: offsets in the ELF64 header and program header. */
#define EH_TYPE       16u
#define EH_MACHINE    18u
#define EH_VERSION    20u
#define EH_ENTRY      24u
#define EH_PHOFF      32u
#define EH_PHENTSIZE  54u
#define EH_PHNUM      56u
#define PH_TYPE       0u
#define PH_FLAGS      4u
#define PH_OFFSET     8u
#define PH_VADDR      16u
#define PH_FILESZ     32u
#define PH_MEMSZ      40u

/* Little-endian fields, built by sums rather than shifts and ors, which
 * keeps every step plain arithmetic for the provers. */
/*@ requires \valid_read(p + (0 .. 1));
    assigns \nothing;
    ensures \result <= 0xffff;
*/
static uint64_t read_le16(const uint8_t *p)
{
    return p[0] + (uint64_t)p[1] * 0x100u;
}

/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result <= 0xffffffff;
*/
static uint64_t read_le32(const uint8_t *p)
{
    return read_le16(p) + read_le16(p + 2) * 0x10000u;
}

/*@ requires \valid_read(p + (0 .. 7));
    assigns \nothing;
*/
static uint64_t read_le64(const uint8_t *p)
{
    return read_le32(p) + read_le32(p + 4) * 0x100000000u;
}

/*@ assigns \nothing;
    ensures \result <= 7;
*/
static unsigned flags_to_map(uint64_t flags)
{
    return ((flags & PF_R) != 0 ? MAP_READ : 0u) + ((flags & PF_W) != 0 ? MAP_WRITE : 0u) +
           ((flags & PF_X) != 0 ? MAP_EXECUTE : 0u);
}

/*
 * Program header `index`: whether it is a segment to load (PT_LOAD with
 * bytes in memory) and, if so, whether it is sound.
 */
/*@ requires \valid_read(img) && elf_ok(img) && index < img->phnum;
    requires \valid(seg) && \valid(is_load) && \separated(seg, is_load, img);
    requires lo <= hi;
    assigns *seg, *is_load;
    ensures \result == ELF_OK && *is_load ==> segment_ok(img, seg, lo, hi);
*/
static enum elf_status segment_read(const struct elf_image *img, uint32_t index, uint64_t lo,
                                    uint64_t hi, struct elf_segment *seg, bool *is_load)
{
    const uint8_t *ph = img->data + img->phoff + (uint64_t)index * ELF_PHDR_SIZE;

    seg->offset = read_le64(ph + PH_OFFSET);
    seg->vaddr = read_le64(ph + PH_VADDR);
    seg->filesz = read_le64(ph + PH_FILESZ);
    seg->memsz = read_le64(ph + PH_MEMSZ);
    seg->map = flags_to_map(read_le32(ph + PH_FLAGS));
    *is_load = read_le32(ph + PH_TYPE) == PT_LOAD && seg->memsz != 0;
    if (!*is_load)
        return ELF_OK;
    if (seg->filesz > seg->memsz || seg->offset > img->size ||
        seg->filesz > img->size - seg->offset || seg->map == 0)
        return ELF_BAD_SEGMENT;
    if (seg->vaddr < lo || seg->vaddr > hi || seg->memsz > hi - seg->vaddr)
        return ELF_BAD_ADDRESS;
    if ((seg->map & (MAP_WRITE | MAP_EXECUTE)) == (MAP_WRITE | MAP_EXECUTE))
        return ELF_WRITE_EXECUTE;
    return ELF_OK;
}

/* Do two sound segments touch a common page? */
/*@ requires \valid_read(a) && \valid_read(b);
    requires a->memsz > 0 && b->memsz > 0;
    requires a->vaddr + a->memsz <= 0x800000000000 && b->vaddr + b->memsz <= 0x800000000000;
    assigns \nothing;
*/
static bool segments_share_page(const struct elf_segment *a, const struct elf_segment *b)
{
    uint64_t a_first = a->vaddr / PAGE_SIZE, a_end = (a->vaddr + a->memsz - 1) / PAGE_SIZE;
    uint64_t b_first = b->vaddr / PAGE_SIZE, b_end = (b->vaddr + b->memsz - 1) / PAGE_SIZE;

    return a_first <= b_end && b_first <= a_end;
}

/*
 * Is program header `index` sound, and apart from every loadable segment
 * before it? `*entry_found` is set when it is executable and holds the entry.
 */
/*@ requires \valid_read(img) && elf_ok(img) && index < img->phnum;
    requires \valid(entry_found) && \separated(entry_found, img);
    requires lo <= hi <= 0x800000000000;
    assigns *entry_found;
*/
static enum elf_status segment_check(const struct elf_image *img, uint32_t index, uint64_t lo,
                                     uint64_t hi, bool *entry_found)
{
    struct elf_segment seg, other;
    bool load, other_load;
    enum elf_status st = segment_read(img, index, lo, hi, &seg, &load);
    uint32_t j;

    if (st != ELF_OK || !load)
        return st;
    /*@ loop invariant 0 <= j <= index;
        loop assigns j, other, other_load;
        loop variant index - j;
    */
    for (j = 0; j < index; j++) {
        if (segment_read(img, j, lo, hi, &other, &other_load) == ELF_OK && other_load &&
            segments_share_page(&seg, &other))
            return ELF_OVERLAP;
    }
    if ((seg.map & MAP_EXECUTE) != 0 && img->entry >= seg.vaddr &&
        img->entry - seg.vaddr < seg.memsz)
        *entry_found = true;
    return ELF_OK;
}

/*@ requires size > 0 ==> \valid_read(data + (0 .. size - 1));
    requires \valid(img) && \separated(img, data + (0 .. size - 1));
    requires lo <= hi <= 0x800000000000;
    assigns *img;
    ensures \result == ELF_OK ==> elf_ok(img) && img->data == data && img->size == size;
*/
enum elf_status elf_check(const uint8_t *data, uint64_t size, uint16_t machine, uint64_t lo,
                          uint64_t hi, struct elf_image *img)
{
    bool entry_found = false;
    uint32_t i;

    if (size < ELF_HEADER_SIZE)
        return ELF_TRUNCATED;
    if (data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F' ||
        data[EI_CLASS] != EI_CLASS_64 || data[EI_DATA] != EI_DATA_LE ||
        data[EI_VERSION] != EV_CURRENT || read_le32(data + EH_VERSION) != EV_CURRENT)
        return ELF_BAD_IDENT;
    if (read_le16(data + EH_MACHINE) != machine)
        return ELF_BAD_MACHINE;
    if (read_le16(data + EH_TYPE) != ET_EXEC)
        return ELF_BAD_TYPE;
    img->data = data;
    img->size = size;
    img->entry = read_le64(data + EH_ENTRY);
    img->phoff = read_le64(data + EH_PHOFF);
    img->phnum = (uint32_t)read_le16(data + EH_PHNUM);
    if (read_le16(data + EH_PHENTSIZE) != ELF_PHDR_SIZE || img->phnum > ELF_MAX_PHDRS ||
        img->phoff > size || (uint64_t)img->phnum * ELF_PHDR_SIZE > size - img->phoff)
        return ELF_BAD_PHDRS;
    /*@ loop invariant 0 <= i <= img->phnum;
        loop invariant elf_ok(img) && img->data == data && img->size == size;
        loop assigns i, entry_found;
        loop variant img->phnum - i;
    */
    for (i = 0; i < img->phnum; i++) {
        enum elf_status st = segment_check(img, i, lo, hi, &entry_found);

        if (st != ELF_OK)
            return st;
    }
    return entry_found ? ELF_OK : ELF_BAD_ENTRY;
}

/*
 * Segment `index` of an image elf_check accepted with the same lo and hi:
 * true, with the segment, if it is one to load.
 */
/*@ requires \valid_read(img) && elf_ok(img) && index < img->phnum;
    requires \valid(seg) && \separated(seg, img);
    requires lo <= hi;
    assigns *seg;
    ensures \result ==> segment_ok(img, seg, lo, hi);
*/
bool elf_load_segment(const struct elf_image *img, uint32_t index, uint64_t lo, uint64_t hi,
                      struct elf_segment *seg)
{
    bool load;

    return segment_read(img, index, lo, hi, seg, &load) == ELF_OK && load;
}

/*@ assigns \result \from s;
    ensures valid_read_string(\result);
*/
const char *elf_error(enum elf_status s)
{
    switch (s) {
    case ELF_OK:            return "ok";
    case ELF_TRUNCATED:     return "shorter than an ELF header";
    case ELF_BAD_IDENT:     return "not a 64-bit little-endian ELF file";
    case ELF_BAD_MACHINE:   return "built for another architecture";
    case ELF_BAD_TYPE:      return "not an executable";
    case ELF_BAD_PHDRS:     return "program headers malformed or outside the file";
    case ELF_BAD_SEGMENT:   return "a segment's bytes lie outside the file";
    case ELF_BAD_ADDRESS:   return "a segment lies outside the allowed addresses";
    case ELF_WRITE_EXECUTE: return "a segment is both writable and executable";
    case ELF_OVERLAP:       return "two segments share a page";
    case ELF_BAD_ENTRY:     return "the entry point is not in an executable segment";
    }
    return "unknown error";
}
