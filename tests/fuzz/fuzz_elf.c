/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz harness of the ELF64 reader: reads any input as an executable for
 * x86_64 and for riscv64 in their user address ranges, and for the machine
 * the file names across the whole address space (where sums near 2^64 must
 * not wrap), and checks what elf.h promises:
 *   - accepted: 1..ELF_MAX_SEGMENTS segments, as many as the file has PT_LOAD
 *     entries with a size, each inside the file and the range, filesz <=
 *     memsz, readable or executable but not writable and executable, no two
 *     sharing a page, and the entry inside an executable one;
 *   - refused: the program header blamed exists, and the offset blamed lies
 *     in the ELF header or that program header, or is the file's size;
 *   - the same file read again gives the same answer.
 */
#include <stdbool.h>

#include <cairn/elf.h>

#include "fuzz.h"

#define EHDR_SIZE 64u
#define PHDR_SIZE 56u
#define PAGE      4096u
#define PT_LOAD   1u

struct input {
    const uint8_t *data;
    size_t size;
};

/* n bytes at `at`, little-endian; `at` + n must lie inside the input. */
static uint64_t le(const struct input *in, uint64_t at, unsigned n)
{
    uint64_t v = 0;

    PROMISE(at <= in->size && n <= in->size - at);
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)in->data[at + i] << (8 * i);
    return v;
}

/* PT_LOAD entries with a size in the (already accepted) table. */
static unsigned loads_in_table(const struct input *in)
{
    uint64_t table = le(in, 32, 8);
    unsigned count = 0;

    for (uint64_t i = 0; i < le(in, 56, 2); i++) {
        uint64_t ph = table + i * PHDR_SIZE;

        if (le(in, ph, 4) == PT_LOAD && le(in, ph + 40, 8) != 0)
            count++;
    }
    return count;
}

static void check_segment(const struct input *in, const struct elf_segment *s, uint64_t lowest,
                          uint64_t end)
{
    uint32_t wx = ELF_W | ELF_X;

    PROMISE(s->memsz > 0 && s->filesz <= s->memsz);
    PROMISE(s->offset <= in->size && s->filesz <= in->size - s->offset);
    PROMISE(s->vaddr >= lowest && s->vaddr < end && s->memsz <= end - s->vaddr);
    PROMISE((s->flags & ~(ELF_R | ELF_W | ELF_X)) == 0);
    PROMISE(s->flags != 0 && (s->flags & wx) != wx);
}

/* Pages as page numbers, first and last: no rounding that could wrap. */
static bool share_a_page(const struct elf_segment *a, const struct elf_segment *b)
{
    uint64_t a_last = (a->vaddr + (a->memsz - 1)) / PAGE;
    uint64_t b_last = (b->vaddr + (b->memsz - 1)) / PAGE;

    return a->vaddr / PAGE <= b_last && b->vaddr / PAGE <= a_last;
}

static void check_accepted(const struct input *in, const struct elf_image *image, uint64_t lowest,
                           uint64_t end)
{
    bool entry_found = false;

    PROMISE(image->count >= 1 && image->count <= ELF_MAX_SEGMENTS);
    PROMISE(image->count == loads_in_table(in));
    for (unsigned i = 0; i < image->count; i++) {
        const struct elf_segment *s = &image->segment[i];

        check_segment(in, s, lowest, end);
        for (unsigned j = 0; j < i; j++)
            PROMISE(!share_a_page(s, &image->segment[j]));
        if ((s->flags & ELF_X) && image->entry >= s->vaddr && image->entry - s->vaddr < s->memsz)
            entry_found = true;
    }
    PROMISE(entry_found);
    PROMISE(image->entry == le(in, 24, 8));
}

static void check_refused(const struct input *in, const struct elf_image *image,
                          enum elf_status s)
{
    uint64_t at = image->error_offset;

    PROMISE(s > ELF_OK && s <= ELF_BAD_ENTRY);
    PROMISE(at <= in->size);
    if (s == ELF_TRUNCATED) {
        PROMISE(at == in->size && image->error_phdr == -1);
    } else if (image->error_phdr == -1) {
        PROMISE(at < EHDR_SIZE);
    } else {
        uint64_t ph = le(in, 32, 8) + (uint64_t)image->error_phdr * PHDR_SIZE;

        PROMISE(image->error_phdr >= 0 && (uint64_t)image->error_phdr < le(in, 56, 2));
        PROMISE(at >= ph && at < ph + PHDR_SIZE);
    }
}

static bool same_segment(const struct elf_segment *a, const struct elf_segment *b)
{
    return a->vaddr == b->vaddr && a->memsz == b->memsz && a->offset == b->offset &&
           a->filesz == b->filesz && a->flags == b->flags;
}

static void read_as(const struct input *in, uint16_t machine, uint64_t lowest, uint64_t end)
{
    struct elf_image image, again;
    enum elf_status s = elf_read(in->data, in->size, machine, lowest, end, &image);

    PROMISE(elf_status_text(s) != NULL);
    if (s == ELF_OK)
        check_accepted(in, &image, lowest, end);
    else
        check_refused(in, &image, s);
    PROMISE(elf_read(in->data, in->size, machine, lowest, end, &again) == s);
    PROMISE(again.error_phdr == image.error_phdr && again.error_offset == image.error_offset);
    PROMISE(again.count == image.count);
    for (unsigned i = 0; i < image.count; i++)
        PROMISE(same_segment(&again.segment[i], &image.segment[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };

    read_as(&in, ELF_MACHINE_X86_64, 0x1000, 0x800000000000ull);
    read_as(&in, ELF_MACHINE_RISCV, 0x1000, 0x4000000000ull);
    if (size >= 20)
        read_as(&in, (uint16_t)le(&in, 18, 2), 0, UINT64_MAX);
    return 0;
}
