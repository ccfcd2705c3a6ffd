/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ELF64 reader: checks an executable completely before anything is
 * loaded, and describes its loadable segments. Loading them (VMOs, copies,
 * mappings) is the process builder's business (cairn/process.h).
 */
#ifndef CAIRN_ELF_H
#define CAIRN_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MACHINE_X86_64 62u
#define ELF_MACHINE_RISCV  243u
#define ELF_MAX_SEGMENTS   8u        /* PT_LOAD entries an image may have */

/* Segment permissions, as in p_flags. */
#define ELF_X 1u
#define ELF_W 2u
#define ELF_R 4u

enum elf_status {
    ELF_OK,
    ELF_TRUNCATED,            /* shorter than an ELF64 header */
    ELF_BAD_MAGIC,            /* not \x7fELF */
    ELF_BAD_CLASS,            /* not ELF64 */
    ELF_BAD_ENCODING,         /* not little-endian */
    ELF_BAD_VERSION,
    ELF_BAD_MACHINE,          /* not the machine asked for */
    ELF_BAD_TYPE,             /* not ET_EXEC */
    ELF_BAD_PHDRS,            /* e_phentsize wrong, or the table is not inside the file */
    ELF_NO_SEGMENTS,          /* no PT_LOAD with a size */
    ELF_TOO_MANY_SEGMENTS,    /* over ELF_MAX_SEGMENTS */
    ELF_SEGMENT_OUTSIDE_FILE, /* p_offset + p_filesz past the end of the file, or wraps */
    ELF_SEGMENT_BAD_SIZE,     /* p_filesz > p_memsz */
    ELF_SEGMENT_BAD_ALIGN,    /* p_align not 0 or a power of two, or p_vaddr != p_offset mod p_align */
    ELF_SEGMENT_OUTSIDE_RANGE,/* not inside [lowest, end) given to elf_read, or wraps */
    ELF_SEGMENT_OVERLAP,      /* shares a page with another segment (a page has one set of permissions) */
    ELF_SEGMENT_BAD_PERMS,    /* writable and executable, or no permission at all */
    ELF_BAD_ENTRY,            /* e_entry not inside an executable segment */
};

struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;          /* bytes in memory; those past filesz are zero */
    uint64_t offset;         /* of the file's bytes */
    uint64_t filesz;
    uint32_t flags;          /* ELF_R | ELF_W | ELF_X */
};

struct elf_image {
    uint64_t entry;
    unsigned count;
    struct elf_segment segment[ELF_MAX_SEGMENTS];   /* PT_LOAD in file order */
    /* After an error: the program header at fault (-1: the ELF header) and
     * the file offset of the field found wrong. */
    int error_phdr;
    uint64_t error_offset;
};

/* Check `file` (any alignment) as an executable for `machine` whose segments
 * lie in [lowest, end), and describe it in `image`. */
enum elf_status elf_read(const void *file, size_t size, uint16_t machine, uint64_t lowest,
                         uint64_t end, struct elf_image *image);

const char *elf_status_text(enum elf_status s);

#endif
