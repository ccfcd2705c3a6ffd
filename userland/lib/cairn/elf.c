/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ELF64 reader. Every field is read byte by byte, little-endian, so the
 * file may lie at any address, and is only read after the check that it lies
 * inside the file. The header is checked first, then each program header in
 * file order; the first fault found is the one reported. Lengths are compared
 * against what is left (size - offset), never added to an offset unchecked, so
 * no sum can wrap.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairn/elf.h>

#define EHDR_SIZE      64u
#define PHDR_SIZE      56u
#define PAGE_SHIFT     12u

/* Offsets of the fields read, in the ELF header ... */
#define EI_CLASS       4u
#define EI_DATA        5u
#define EI_VERSION     6u
#define E_TYPE         16u
#define E_MACHINE      18u
#define E_VERSION      20u
#define E_ENTRY        24u
#define E_PHOFF        32u
#define E_PHENTSIZE    54u
#define E_PHNUM        56u
/* ... and in a program header. */
#define P_TYPE         0u
#define P_FLAGS        4u
#define P_OFFSET       8u
#define P_VADDR        16u
#define P_FILESZ       32u
#define P_MEMSZ        40u
#define P_ALIGN        48u

#define CLASS_64       2u
#define DATA_LE        1u
#define EV_CURRENT     1u
#define ET_EXEC        2u
#define PT_LOAD        1u
#define ELF_RWX        (ELF_R | ELF_W | ELF_X)

/* The file being read, and where a fault was found. */
struct reader {
    const uint8_t *file;
    size_t size;
    struct elf_image *image;
};

/* n bytes (n <= 8) at `at`, little-endian; the caller has checked the bounds. */
static uint64_t field(const struct reader *rd, uint64_t at, unsigned n)
{
    uint64_t value = 0;

    while (n-- > 0)
        value = value << 8 | rd->file[at + n];
    return value;
}

static enum elf_status fail(struct reader *rd, enum elf_status s, int phdr, uint64_t at)
{
    rd->image->error_phdr = phdr;
    rd->image->error_offset = at;
    return s;
}

static enum elf_status check_ident(struct reader *rd)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

    if (rd->size < EHDR_SIZE)
        return fail(rd, ELF_TRUNCATED, -1, rd->size);
    for (unsigned i = 0; i < sizeof(magic); i++) {
        if (rd->file[i] != magic[i])
            return fail(rd, ELF_BAD_MAGIC, -1, i);
    }
    if (rd->file[EI_CLASS] != CLASS_64)
        return fail(rd, ELF_BAD_CLASS, -1, EI_CLASS);
    if (rd->file[EI_DATA] != DATA_LE)
        return fail(rd, ELF_BAD_ENCODING, -1, EI_DATA);
    if (rd->file[EI_VERSION] != EV_CURRENT)
        return fail(rd, ELF_BAD_VERSION, -1, EI_VERSION);
    if (field(rd, E_VERSION, 4) != EV_CURRENT)
        return fail(rd, ELF_BAD_VERSION, -1, E_VERSION);
    return ELF_OK;
}

/* The rest of the ELF header: what the file is for, and where its program
 * header table lies (wholly inside the file). */
static enum elf_status check_header(struct reader *rd, uint16_t machine)
{
    uint64_t table_at = field(rd, E_PHOFF, 8);
    uint64_t table_size = field(rd, E_PHNUM, 2) * PHDR_SIZE;

    if (field(rd, E_MACHINE, 2) != machine)
        return fail(rd, ELF_BAD_MACHINE, -1, E_MACHINE);
    if (field(rd, E_TYPE, 2) != ET_EXEC)
        return fail(rd, ELF_BAD_TYPE, -1, E_TYPE);
    if (field(rd, E_PHENTSIZE, 2) != PHDR_SIZE)
        return fail(rd, ELF_BAD_PHDRS, -1, E_PHENTSIZE);
    if (table_at > rd->size || table_size > rd->size - table_at)
        return fail(rd, ELF_BAD_PHDRS, -1, E_PHOFF);
    return ELF_OK;
}

static bool is_power_of_two(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

/* The pages a segment touches, as first and last page numbers: no rounding
 * up, so a segment ending at 2^64 - 1 needs no special case. */
static bool share_a_page(const struct elf_segment *a, const struct elf_segment *b)
{
    uint64_t a_first = a->vaddr >> PAGE_SHIFT, a_last = (a->vaddr + a->memsz - 1) >> PAGE_SHIFT;
    uint64_t b_first = b->vaddr >> PAGE_SHIFT, b_last = (b->vaddr + b->memsz - 1) >> PAGE_SHIFT;

    return a_first <= b_last && b_first <= a_last;
}

/* The segment's own fields; `ph` is its program header's file offset. */
static enum elf_status check_segment(struct reader *rd, int index, uint64_t ph,
                                     const struct elf_segment *s, uint64_t lowest, uint64_t end)
{
    uint64_t align = field(rd, ph + P_ALIGN, 8);
    uint32_t perms = s->flags & ELF_RWX;

    if (s->offset > rd->size)
        return fail(rd, ELF_SEGMENT_OUTSIDE_FILE, index, ph + P_OFFSET);
    if (s->filesz > rd->size - s->offset)
        return fail(rd, ELF_SEGMENT_OUTSIDE_FILE, index, ph + P_FILESZ);
    if (s->filesz > s->memsz)
        return fail(rd, ELF_SEGMENT_BAD_SIZE, index, ph + P_FILESZ);
    if (align > 1 && (!is_power_of_two(align) || (s->vaddr - s->offset) % align != 0))
        return fail(rd, ELF_SEGMENT_BAD_ALIGN, index, ph + P_ALIGN);
    if (s->vaddr < lowest || s->vaddr >= end)
        return fail(rd, ELF_SEGMENT_OUTSIDE_RANGE, index, ph + P_VADDR);
    if (s->memsz > end - s->vaddr)
        return fail(rd, ELF_SEGMENT_OUTSIDE_RANGE, index, ph + P_MEMSZ);
    if (perms == 0 || (perms & (ELF_W | ELF_X)) == (ELF_W | ELF_X))
        return fail(rd, ELF_SEGMENT_BAD_PERMS, index, ph + P_FLAGS);
    return ELF_OK;
}

/* Check one PT_LOAD with a size, then add it to the image if there is room
 * and it shares no page with the segments before it. */
static enum elf_status add_segment(struct reader *rd, int index, uint64_t ph, uint64_t lowest,
                                   uint64_t end)
{
    struct elf_image *image = rd->image;
    struct elf_segment s = {
        .vaddr = field(rd, ph + P_VADDR, 8),
        .memsz = field(rd, ph + P_MEMSZ, 8),
        .offset = field(rd, ph + P_OFFSET, 8),
        .filesz = field(rd, ph + P_FILESZ, 8),
        .flags = (uint32_t)field(rd, ph + P_FLAGS, 4) & ELF_RWX,
    };
    enum elf_status status = check_segment(rd, index, ph, &s, lowest, end);

    if (status != ELF_OK)
        return status;
    if (image->count == ELF_MAX_SEGMENTS)
        return fail(rd, ELF_TOO_MANY_SEGMENTS, index, ph + P_TYPE);
    for (unsigned i = 0; i < image->count; i++) {
        if (share_a_page(&image->segment[i], &s))
            return fail(rd, ELF_SEGMENT_OVERLAP, index, ph + P_VADDR);
    }
    image->segment[image->count++] = s;
    return ELF_OK;
}

static bool entry_is_executable(const struct elf_image *image)
{
    for (unsigned i = 0; i < image->count; i++) {
        const struct elf_segment *s = &image->segment[i];

        if ((s->flags & ELF_X) && image->entry >= s->vaddr && image->entry - s->vaddr < s->memsz)
            return true;
    }
    return false;
}

/* Every program header in file order; PT_LOAD with no size in memory, and
 * every other type, describe nothing to load. */
static enum elf_status read_segments(struct reader *rd, uint64_t lowest, uint64_t end)
{
    uint64_t table_at = field(rd, E_PHOFF, 8);
    unsigned count = (unsigned)field(rd, E_PHNUM, 2);

    for (unsigned i = 0; i < count; i++) {
        uint64_t ph = table_at + (uint64_t)i * PHDR_SIZE;
        enum elf_status s;

        if (field(rd, ph + P_TYPE, 4) != PT_LOAD || field(rd, ph + P_MEMSZ, 8) == 0)
            continue;
        s = add_segment(rd, (int)i, ph, lowest, end);
        if (s != ELF_OK)
            return s;
    }
    if (rd->image->count == 0)
        return fail(rd, ELF_NO_SEGMENTS, -1, E_PHNUM);
    if (!entry_is_executable(rd->image))
        return fail(rd, ELF_BAD_ENTRY, -1, E_ENTRY);
    return ELF_OK;
}

enum elf_status elf_read(const void *file, size_t size, uint16_t machine, uint64_t lowest,
                         uint64_t end, struct elf_image *image)
{
    struct reader rd = { .file = file, .size = size, .image = image };
    enum elf_status s;

    image->entry = 0;
    image->count = 0;
    image->error_phdr = -1;
    image->error_offset = 0;
    if ((s = check_ident(&rd)) != ELF_OK || (s = check_header(&rd, machine)) != ELF_OK)
        return s;
    image->entry = field(&rd, E_ENTRY, 8);
    return read_segments(&rd, lowest, end);
}

const char *elf_status_text(enum elf_status s)
{
    switch (s) {
    case ELF_OK:                    return "ok";
    case ELF_TRUNCATED:             return "shorter than an ELF header";
    case ELF_BAD_MAGIC:             return "not an ELF file";
    case ELF_BAD_CLASS:             return "not ELF64";
    case ELF_BAD_ENCODING:          return "not little-endian";
    case ELF_BAD_VERSION:           return "unknown ELF version";
    case ELF_BAD_MACHINE:           return "built for another machine";
    case ELF_BAD_TYPE:              return "not an executable";
    case ELF_BAD_PHDRS:             return "bad program header table";
    case ELF_NO_SEGMENTS:           return "nothing to load";
    case ELF_TOO_MANY_SEGMENTS:     return "too many segments";
    case ELF_SEGMENT_OUTSIDE_FILE:  return "segment runs past the end of the file";
    case ELF_SEGMENT_BAD_SIZE:      return "segment larger in the file than in memory";
    case ELF_SEGMENT_BAD_ALIGN:     return "segment misaligned";
    case ELF_SEGMENT_OUTSIDE_RANGE: return "segment outside the address range";
    case ELF_SEGMENT_OVERLAP:       return "segments share a page";
    case ELF_SEGMENT_BAD_PERMS:     return "segment writable and executable, or inaccessible";
    case ELF_BAD_ENTRY:             return "entry point not in an executable segment";
    }
    return "unknown status";
}
