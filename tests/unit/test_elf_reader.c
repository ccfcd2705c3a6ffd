/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of userland's ELF64 reader (userland/lib/cairn/elf.c): a sound
 * executable built here field by field, then each check broken in turn, with
 * the program header and file offset the reader blames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cairn/elf.h>

#define LOWEST    0x400000ull
#define END       0x800000ull
#define PHOFF     64u
#define PHDR      56u
#define PT_LOAD   1u
#define PT_NOTE   4u
#define TEXT      0x400000ull     /* r-x, 0x100 bytes from file offset 0x1000 */
#define DATA      0x401000ull     /* rw-, 0x10 bytes from file offset 0x2000, 0x2000 in memory */

/* Program header fields, from the start of one program header. */
#define P_FLAGS   4u
#define P_OFFSET  8u
#define P_VADDR   16u
#define P_FILESZ  32u
#define P_MEMSZ   40u
#define P_ALIGN   48u

static uint8_t file[0x3000];
static size_t size;
static struct elf_image image;

static void put(uint64_t at, uint64_t value, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        file[at + i] = (uint8_t)(value >> (8 * i));
}

static uint64_t ph(unsigned i)
{
    return PHOFF + (uint64_t)PHDR * i;
}

static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    put(ph(i) + 0, type, 4);
    put(ph(i) + P_FLAGS, flags, 4);
    put(ph(i) + P_OFFSET, offset, 8);
    put(ph(i) + P_VADDR, vaddr, 8);
    put(ph(i) + 24, vaddr, 8);              /* p_paddr, not read */
    put(ph(i) + P_FILESZ, filesz, 8);
    put(ph(i) + P_MEMSZ, memsz, 8);
    put(ph(i) + P_ALIGN, 0x1000, 8);
}

static void set_phnum(unsigned n)
{
    put(56, n, 2);
}

/* Text, data with bss, a note and an empty PT_LOAD (both not loaded). */
static int sound_executable(void **state)
{
    (void)state;
    memset(file, 0, sizeof(file));
    size = sizeof(file);
    memcpy(file, "\x7f" "ELF\x02\x01\x01", 7);
    put(16, 2, 2);                          /* ET_EXEC */
    put(18, ELF_MACHINE_X86_64, 2);
    put(20, 1, 4);
    put(24, TEXT + 0x10, 8);                /* entry */
    put(32, PHOFF, 8);
    put(52, 64, 2);                         /* e_ehsize */
    put(54, PHDR, 2);
    set_phnum(4);
    phdr(0, PT_LOAD, ELF_R | ELF_X, 0x1000, TEXT, 0x100, 0x100);
    phdr(1, PT_NOTE, ELF_R, 0x1100, 0, 0x20, 0x20);
    phdr(2, PT_LOAD, ELF_R | ELF_W, 0x2000, DATA, 0x10, 0x2000);
    phdr(3, PT_LOAD, ELF_R, 0x2000, 0x10000000, 0, 0);
    return 0;
}

static enum elf_status read_as(uint16_t machine)
{
    return elf_read(file, size, machine, LOWEST, END, &image);
}

static enum elf_status read_it(void)
{
    return read_as(ELF_MACHINE_X86_64);
}

/* elf_read fails with `s` and blames program header `phdr` (-1: the ELF
 * header) at file offset `at`. */
static void expect_fault(enum elf_status s, int phdr_index, uint64_t at)
{
    assert_int_equal(read_it(), s);
    assert_int_equal(image.error_phdr, phdr_index);
    assert_int_equal(image.error_offset, at);
}

/* ---- sound files ------------------------------------------------------------- */

static void sound_file_described(void **state)
{
    (void)state;
    assert_int_equal(read_it(), ELF_OK);
    assert_int_equal(image.entry, TEXT + 0x10);
    assert_int_equal(image.count, 2);
    assert_int_equal(image.segment[0].vaddr, TEXT);
    assert_int_equal(image.segment[0].memsz, 0x100);
    assert_int_equal(image.segment[0].offset, 0x1000);
    assert_int_equal(image.segment[0].filesz, 0x100);
    assert_int_equal(image.segment[0].flags, ELF_R | ELF_X);
    assert_int_equal(image.segment[1].vaddr, DATA);
    assert_int_equal(image.segment[1].memsz, 0x2000);
    assert_int_equal(image.segment[1].offset, 0x2000);
    assert_int_equal(image.segment[1].filesz, 0x10);
    assert_int_equal(image.segment[1].flags, ELF_R | ELF_W);
    assert_int_equal(image.error_phdr, -1);
}

static void riscv_file(void **state)
{
    (void)state;
    put(18, ELF_MACHINE_RISCV, 2);
    assert_int_equal(read_as(ELF_MACHINE_RISCV), ELF_OK);
    assert_int_equal(image.count, 2);
}

/* Fields are read a byte at a time: the file may lie at any address. */
static void file_at_an_odd_address(void **state)
{
    static uint8_t moved[sizeof(file) + 3];

    (void)state;
    memcpy(moved + 3, file, sizeof(file));
    assert_int_equal(elf_read(moved + 3, sizeof(file), ELF_MACHINE_X86_64, LOWEST, END, &image), ELF_OK);
    assert_int_equal(image.segment[1].vaddr, DATA);
}

/* Flag bits other than R, W and X (PF_MASKOS, PF_MASKPROC) are dropped. */
static void other_flag_bits_dropped(void **state)
{
    (void)state;
    put(ph(0) + P_FLAGS, 0xf0ff0000u | ELF_R | ELF_X, 4);
    assert_int_equal(read_it(), ELF_OK);
    assert_int_equal(image.segment[0].flags, ELF_R | ELF_X);
}

/* Everything that just fits: the table and a segment ending at the file's
 * end, a segment ending at `end`, the entry on the last byte of text,
 * alignment 0 and 1 meaning none, pages that touch without sharing. */
static void edges_that_fit(void **state)
{
    (void)state;
    size = 0x2010;                                       /* data's file bytes end here */
    assert_int_equal(read_it(), ELF_OK);
    put(ph(2) + P_MEMSZ, END - DATA, 8);
    assert_int_equal(read_it(), ELF_OK);
    put(24, TEXT + 0xff, 8);
    assert_int_equal(read_it(), ELF_OK);
    put(ph(0) + P_ALIGN, 0, 8);
    put(ph(0) + P_OFFSET, 0x1001, 8);
    assert_int_equal(read_it(), ELF_OK);
    put(ph(0) + P_ALIGN, 1, 8);
    assert_int_equal(read_it(), ELF_OK);
    put(ph(0) + P_MEMSZ, 0x1000, 8);                     /* text up to data's page */
    assert_int_equal(read_it(), ELF_OK);
    size = PHOFF + 4 * PHDR;
    put(ph(0) + P_FILESZ, 0, 8);
    put(ph(0) + P_OFFSET, 0, 8);
    put(ph(2) + P_FILESZ, 0, 8);
    put(ph(2) + P_OFFSET, size, 8);
    put(ph(2) + P_ALIGN, 0, 8);
    assert_int_equal(read_it(), ELF_OK);
}

/* Segments need not come in address order. */
static void segments_in_any_order(void **state)
{
    (void)state;
    phdr(1, PT_LOAD, ELF_R, 0x1100, DATA + 0x2100, 0x20, 0x20);   /* rodata above data */
    assert_int_equal(read_it(), ELF_OK);
    assert_int_equal(image.count, 3);
    assert_int_equal(image.segment[1].vaddr, DATA + 0x2100);
    assert_int_equal(image.segment[2].vaddr, DATA);
}

static void eight_segments_allowed(void **state)
{
    (void)state;
    set_phnum(ELF_MAX_SEGMENTS);
    for (unsigned i = 1; i < ELF_MAX_SEGMENTS; i++)
        phdr(i, PT_LOAD, ELF_R, 0x2000, DATA + 0x1000 * i, 0x10, 0x10);
    assert_int_equal(read_it(), ELF_OK);
    assert_int_equal(image.count, ELF_MAX_SEGMENTS);
}

/* ---- every fault ---------------------------------------------------------------- */

static void truncated(void **state)
{
    (void)state;
    size = 63;
    expect_fault(ELF_TRUNCATED, -1, 63);
    size = 0;
    expect_fault(ELF_TRUNCATED, -1, 0);
}

static void bad_magic(void **state)
{
    (void)state;
    for (unsigned i = 0; i < 4; i++) {
        file[i] ^= 0x20;
        expect_fault(ELF_BAD_MAGIC, -1, i);
        file[i] ^= 0x20;
    }
}

static void bad_class_encoding_version(void **state)
{
    (void)state;
    file[4] = 1;                            /* ELF32 */
    expect_fault(ELF_BAD_CLASS, -1, 4);
    file[4] = 2;
    file[5] = 2;                            /* big-endian */
    expect_fault(ELF_BAD_ENCODING, -1, 5);
    file[5] = 1;
    file[6] = 0;
    expect_fault(ELF_BAD_VERSION, -1, 6);
    file[6] = 1;
    put(20, 2, 4);
    expect_fault(ELF_BAD_VERSION, -1, 20);
}

static void bad_machine(void **state)
{
    (void)state;
    assert_int_equal(read_as(ELF_MACHINE_RISCV), ELF_BAD_MACHINE);
    assert_int_equal(image.error_offset, 18);
    put(18, ELF_MACHINE_X86_64 + 0x100, 2);
    expect_fault(ELF_BAD_MACHINE, -1, 18);
}

static void bad_type(void **state)
{
    (void)state;
    put(16, 3, 2);                          /* ET_DYN */
    expect_fault(ELF_BAD_TYPE, -1, 16);
    put(16, 0x102, 2);
    expect_fault(ELF_BAD_TYPE, -1, 16);
}

static void bad_phdrs(void **state)
{
    (void)state;
    put(54, 64, 2);
    expect_fault(ELF_BAD_PHDRS, -1, 54);
    put(54, PHDR, 2);
    size = PHOFF + 4 * PHDR - 1;
    expect_fault(ELF_BAD_PHDRS, -1, 32);
    size = sizeof(file);
    put(32, sizeof(file) + 1, 8);
    set_phnum(0);
    expect_fault(ELF_BAD_PHDRS, -1, 32);
    put(32, UINT64_MAX - 8, 8);             /* offset + size wraps */
    set_phnum(1);
    expect_fault(ELF_BAD_PHDRS, -1, 32);
    put(32, PHOFF, 8);
    set_phnum(0xffff);                      /* 3.6 MB of table */
    expect_fault(ELF_BAD_PHDRS, -1, 32);
}

static void no_segments(void **state)
{
    (void)state;
    set_phnum(0);
    expect_fault(ELF_NO_SEGMENTS, -1, 56);
    set_phnum(4);
    put(ph(0) + P_MEMSZ, 0, 8);
    put(ph(0) + P_FILESZ, 0, 8);
    put(ph(2), 6, 4);                       /* PT_PHDR */
    expect_fault(ELF_NO_SEGMENTS, -1, 56);
}

static void too_many_segments(void **state)
{
    (void)state;
    set_phnum(ELF_MAX_SEGMENTS + 2);
    for (unsigned i = 1; i < ELF_MAX_SEGMENTS + 2; i++)
        phdr(i, PT_LOAD, ELF_R, 0x2000, DATA + 0x1000 * i, 0x10, 0x10);
    phdr(5, PT_NOTE, ELF_R, 0x2000, 0, 0x10, 0x10);
    expect_fault(ELF_TOO_MANY_SEGMENTS, 9, ph(9));
    assert_int_equal(image.count, ELF_MAX_SEGMENTS);
}

static void segment_outside_file(void **state)
{
    (void)state;
    put(ph(2) + P_FILESZ, 0x1001, 8);               /* 0x2000 + 0x1001 > 0x3000 */
    put(ph(2) + P_MEMSZ, 0x2000, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_FILE, 2, ph(2) + P_FILESZ);
    put(ph(2) + P_FILESZ, UINT64_MAX - 0xfff, 8);   /* offset + filesz wraps */
    expect_fault(ELF_SEGMENT_OUTSIDE_FILE, 2, ph(2) + P_FILESZ);
    put(ph(2) + P_FILESZ, 0, 8);
    put(ph(2) + P_OFFSET, sizeof(file) + 1, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_FILE, 2, ph(2) + P_OFFSET);
    put(ph(2) + P_OFFSET, UINT64_MAX, 8);
    put(ph(2) + P_FILESZ, 2, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_FILE, 2, ph(2) + P_OFFSET);
}

static void segment_bad_size(void **state)
{
    (void)state;
    put(ph(0) + P_FILESZ, 0x101, 8);
    expect_fault(ELF_SEGMENT_BAD_SIZE, 0, ph(0) + P_FILESZ);
}

static void segment_bad_align(void **state)
{
    (void)state;
    put(ph(2) + P_ALIGN, 0x3000, 8);                /* not a power of two */
    expect_fault(ELF_SEGMENT_BAD_ALIGN, 2, ph(2) + P_ALIGN);
    put(ph(2) + P_ALIGN, 0x1000, 8);
    put(ph(2) + P_OFFSET, 0x2008, 8);               /* vaddr != offset mod align */
    put(ph(2) + P_FILESZ, 8, 8);
    expect_fault(ELF_SEGMENT_BAD_ALIGN, 2, ph(2) + P_ALIGN);
    put(ph(2) + P_ALIGN, 8, 8);                     /* congruent modulo 8 */
    assert_int_equal(read_it(), ELF_OK);
    put(ph(2) + P_ALIGN, 1ull << 63, 8);
    expect_fault(ELF_SEGMENT_BAD_ALIGN, 2, ph(2) + P_ALIGN);
}

static void segment_outside_range(void **state)
{
    (void)state;
    put(ph(0) + P_VADDR, LOWEST - 0x1000, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_RANGE, 0, ph(0) + P_VADDR);
    put(ph(0) + P_VADDR, TEXT, 8);
    put(ph(2) + P_MEMSZ, END - DATA + 1, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_RANGE, 2, ph(2) + P_MEMSZ);
    put(ph(2) + P_VADDR, END, 8);
    put(ph(2) + P_MEMSZ, 0x10, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_RANGE, 2, ph(2) + P_VADDR);
}

/* With the whole address space allowed, vaddr + memsz may still wrap. */
static void segment_wraps(void **state)
{
    (void)state;
    put(ph(2) + P_VADDR, UINT64_MAX - 0xfff, 8);
    put(ph(2) + P_OFFSET, 0x2000, 8);
    assert_int_equal(elf_read(file, size, ELF_MACHINE_X86_64, 0, UINT64_MAX, &image),
                     ELF_SEGMENT_OUTSIDE_RANGE);
    assert_int_equal(image.error_phdr, 2);
    assert_int_equal(image.error_offset, ph(2) + P_MEMSZ);
    put(ph(2) + P_MEMSZ, 0xfff, 8);                 /* up to the last byte but one */
    assert_int_equal(elf_read(file, size, ELF_MACHINE_X86_64, 0, UINT64_MAX, &image), ELF_OK);
}

static void segments_share_a_page(void **state)
{
    (void)state;
    put(ph(2) + P_VADDR, TEXT + 0xfff, 8);          /* the last byte of text's page */
    put(ph(2) + P_OFFSET, 0x2fff, 8);
    put(ph(2) + P_FILESZ, 1, 8);
    expect_fault(ELF_SEGMENT_OVERLAP, 2, ph(2) + P_VADDR);
    sound_executable(NULL);
    put(ph(0) + P_MEMSZ, 0x1001, 8);                /* text reaching into data's page */
    expect_fault(ELF_SEGMENT_OVERLAP, 2, ph(2) + P_VADDR);
    sound_executable(NULL);
    put(ph(2) + P_VADDR, TEXT, 8);                  /* data over text */
    put(ph(2) + P_MEMSZ, 0x3000, 8);
    expect_fault(ELF_SEGMENT_OVERLAP, 2, ph(2) + P_VADDR);
}

static void segment_bad_perms(void **state)
{
    static const uint32_t refused[] = { 0, ELF_W | ELF_X, ELF_R | ELF_W | ELF_X, 0xf0000000u };

    (void)state;
    for (unsigned i = 0; i < 4; i++) {
        put(ph(2) + P_FLAGS, refused[i], 4);
        expect_fault(ELF_SEGMENT_BAD_PERMS, 2, ph(2) + P_FLAGS);
    }
}

static void bad_entry(void **state)
{
    (void)state;
    put(24, DATA, 8);                               /* in data: not executable */
    expect_fault(ELF_BAD_ENTRY, -1, 24);
    put(24, TEXT + 0x100, 8);                       /* just past text */
    expect_fault(ELF_BAD_ENTRY, -1, 24);
    put(24, TEXT - 1, 8);
    expect_fault(ELF_BAD_ENTRY, -1, 24);
    put(24, 0, 8);
    expect_fault(ELF_BAD_ENTRY, -1, 24);
}

/* A program header with several faults is blamed for the first one checked,
 * and the first program header at fault is the one blamed. */
static void first_fault_reported(void **state)
{
    (void)state;
    put(ph(0) + P_FLAGS, ELF_W | ELF_X, 4);
    put(ph(0) + P_VADDR, 0, 8);
    put(ph(2) + P_OFFSET, UINT64_MAX, 8);
    expect_fault(ELF_SEGMENT_OUTSIDE_RANGE, 0, ph(0) + P_VADDR);
    put(16, 3, 2);
    expect_fault(ELF_BAD_TYPE, -1, 16);
    put(18, 0, 2);
    expect_fault(ELF_BAD_MACHINE, -1, 18);
}

static void status_texts(void **state)
{
    (void)state;
    for (int i = ELF_OK; i <= ELF_BAD_ENTRY; i++) {
        const char *text = elf_status_text((enum elf_status)i);

        assert_non_null(text);
        assert_true(strlen(text) > 1 && strlen(text) < 60);
        for (int j = ELF_OK; j < i; j++)
            assert_string_not_equal(text, elf_status_text((enum elf_status)j));
    }
    assert_string_equal(elf_status_text((enum elf_status)99), "unknown status");
}

#define CASE(f) cmocka_unit_test_setup(f, sound_executable)

int main(void)
{
    const struct CMUnitTest tests[] = {
        CASE(sound_file_described),
        CASE(riscv_file),
        CASE(file_at_an_odd_address),
        CASE(other_flag_bits_dropped),
        CASE(edges_that_fit),
        CASE(segments_in_any_order),
        CASE(eight_segments_allowed),
        CASE(truncated),
        CASE(bad_magic),
        CASE(bad_class_encoding_version),
        CASE(bad_machine),
        CASE(bad_type),
        CASE(bad_phdrs),
        CASE(no_segments),
        CASE(too_many_segments),
        CASE(segment_outside_file),
        CASE(segment_bad_size),
        CASE(segment_bad_align),
        CASE(segment_outside_range),
        CASE(segment_wraps),
        CASE(segments_share_a_page),
        CASE(segment_bad_perms),
        CASE(bad_entry),
        CASE(first_fault_reported),
        CASE(status_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
