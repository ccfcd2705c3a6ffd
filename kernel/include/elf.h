/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading an ELF64 executable image: init's, linked into the kernel. Every
 * field is checked before it is used, so a bad image gets a precise error.
 */
#ifndef CAIRN_ELF_H
#define CAIRN_ELF_H

#include "types.h"

#define ELF_MAX_PHDRS 32u
#define ELF_PHDR_SIZE 56u
#define ELF_HEADER_SIZE 64u

enum elf_status {
    ELF_OK,
    ELF_TRUNCATED,      /* shorter than the ELF header */
    ELF_BAD_IDENT,      /* not ELF, not 64-bit little-endian version 1 */
    ELF_BAD_MACHINE,    /* built for another architecture */
    ELF_BAD_TYPE,       /* not an executable (ET_EXEC) */
    ELF_BAD_PHDRS,      /* program headers of the wrong size, too many, or outside the file */
    ELF_BAD_SEGMENT,    /* a segment's file bytes outside the file, or larger than in memory */
    ELF_BAD_ADDRESS,    /* a segment outside the allowed address range */
    ELF_WRITE_EXECUTE,  /* a segment both writable and executable */
    ELF_OVERLAP,        /* two segments share a page */
    ELF_BAD_ENTRY,      /* the entry point is not in an executable segment */
};

/* A checked image: program headers inside the file, at most ELF_MAX_PHDRS. */
struct elf_image {
    const uint8_t *data;
    uint64_t size;
    uint64_t entry;
    uint64_t phoff;
    uint32_t phnum;
};

/* A loadable segment: memory [vaddr, vaddr + memsz), the first filesz bytes
 * from the file at offset, the rest zero. */
struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t offset;
    uint64_t filesz;
    unsigned map;       /* MAP_* bits from the segment's flags */
};

/*@ predicate elf_ok(struct elf_image *img) =
      \valid_read(img->data + (0 .. img->size - 1)) &&
      img->phnum <= ELF_MAX_PHDRS &&
      img->phoff + img->phnum * ELF_PHDR_SIZE <= img->size;
    predicate segment_ok(struct elf_image *img, struct elf_segment *s, uint64_t lo, uint64_t hi) =
      s->filesz <= s->memsz && s->memsz > 0 &&
      s->offset + s->filesz <= img->size &&
      lo <= s->vaddr && s->vaddr + s->memsz <= hi &&
      1 <= s->map <= 7 && (s->map & 6) != 6;
*/

enum elf_status elf_check(const uint8_t *data, uint64_t size, uint16_t machine, uint64_t lo,
                          uint64_t hi, struct elf_image *img);
bool elf_load_segment(const struct elf_image *img, uint32_t index, uint64_t lo, uint64_t hi,
                      struct elf_segment *seg);
const char *elf_error(enum elf_status s);

#endif
