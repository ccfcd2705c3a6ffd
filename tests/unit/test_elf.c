/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the ELF64 reader (kernel/elf.c): every malformed field named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch.h"
#include "elf.h"

#define MACHINE 62u
#define LO 0x400000ull
#define HI 0x10000000ull
#define PHOFF 64u

static uint8_t image[8192];
static uint64_t image_size;

static void put(uint64_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        image[off + i] = (uint8_t)(v >> (8 * i));
}

/* Program header i: type, flags, offset, vaddr, filesz, memsz. */
static void phdr(unsigned i, uint32_t type, uint32_t flags, uint64_t offset, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    uint64_t ph = PHOFF + 56u * i;

    put(ph + 0, type, 4);
    put(ph + 4, flags, 4);
    put(ph + 8, offset, 8);
    put(ph + 16, vaddr, 8);
    put(ph + 24, vaddr, 8);
    put(ph + 32, filesz, 8);
    put(ph + 40, memsz, 8);
    put(ph + 48, 4096, 8);
}

/* A sound executable: text (r-x) at 0x400000, data (rw-) at 0x401000 with
 * bss, and a non-load note. */
static int setup(void **state)
{
    (void)state;
    memset(image, 0, sizeof(image));
    image_size = sizeof(image);
    memcpy(image, "\x7f" "ELF", 4);
    image[4] = 2;   /* 64-bit */
    image[5] = 1;   /* little-endian */
    image[6] = 1;   /* version */
    put(16, 2, 2);            /* ET_EXEC */
    put(18, MACHINE, 2);
    put(20, 1, 4);
    put(24, 0x400010, 8);     /* entry */
    put(32, PHOFF, 8);
    put(54, 56, 2);
    put(56, 3, 2);
    phdr(0, 1, 5, 0x1000, 0x400000, 0x800, 0x800);
    phdr(1, 1, 6, 0x1800, 0x401800, 0x100, 0x2000);
    phdr(2, 4, 4, 0x200, 0x0, 0x20, 0x20);
    return 0;
}

static enum elf_status check(struct elf_image *img)
{
    return elf_check(image, image_size, MACHINE, LO, HI, img);
}

static void sound_image_accepted(void **state)
{
    struct elf_image img;
    struct elf_segment seg;

    (void)state;
    assert_int_equal(check(&img), ELF_OK);
    assert_int_equal(img.entry, 0x400010);
    assert_int_equal(img.phnum, 3);
    assert_true(elf_load_segment(&img, 0, LO, HI, &seg));
    assert_int_equal(seg.vaddr, 0x400000);
    assert_int_equal(seg.map, MAP_READ | MAP_EXECUTE);
    assert_true(elf_load_segment(&img, 1, LO, HI, &seg));
    assert_int_equal(seg.memsz, 0x2000);
    assert_int_equal(seg.filesz, 0x100);
    assert_int_equal(seg.map, MAP_READ | MAP_WRITE);
    assert_false(elf_load_segment(&img, 2, LO, HI, &seg));   /* PT_NOTE */
}

static void header_errors_named(void **state)
{
    struct elf_image img;

    (void)state;
    image_size = 63;
    assert_int_equal(check(&img), ELF_TRUNCATED);
    image_size = sizeof(image);
    image[1] = 'X';
    assert_int_equal(check(&img), ELF_BAD_IDENT);
    image[1] = 'E';
    image[4] = 1;   /* 32-bit */
    assert_int_equal(check(&img), ELF_BAD_IDENT);
    image[4] = 2;
    image[5] = 2;   /* big-endian */
    assert_int_equal(check(&img), ELF_BAD_IDENT);
    image[5] = 1;
    put(20, 0, 4);
    assert_int_equal(check(&img), ELF_BAD_IDENT);
    put(20, 1, 4);
    put(18, 243, 2);   /* riscv */
    assert_int_equal(check(&img), ELF_BAD_MACHINE);
    put(18, MACHINE, 2);
    put(16, 3, 2);     /* ET_DYN */
    assert_int_equal(check(&img), ELF_BAD_TYPE);
}

static void program_header_errors_named(void **state)
{
    struct elf_image img;

    (void)state;
    put(54, 64, 2);
    assert_int_equal(check(&img), ELF_BAD_PHDRS);
    put(54, 56, 2);
    put(56, ELF_MAX_PHDRS + 1, 2);
    assert_int_equal(check(&img), ELF_BAD_PHDRS);
    put(56, 3, 2);
    put(32, sizeof(image) - 100, 8);   /* the table runs off the end */
    assert_int_equal(check(&img), ELF_BAD_PHDRS);
    put(32, UINT64_MAX - 10, 8);       /* and an offset that would wrap */
    assert_int_equal(check(&img), ELF_BAD_PHDRS);
}

static void segment_errors_named(void **state)
{
    struct elf_image img;

    (void)state;
    phdr(0, 1, 5, 0x1000, 0x400000, 0x900, 0x800);      /* more in the file than in memory */
    assert_int_equal(check(&img), ELF_BAD_SEGMENT);
    phdr(0, 1, 5, 0x1f00, 0x400000, 0x200, 0x800);      /* file bytes past the end */
    assert_int_equal(check(&img), ELF_BAD_SEGMENT);
    phdr(0, 1, 5, UINT64_MAX, 0x400000, 2, 0x800);      /* offset + size wraps */
    assert_int_equal(check(&img), ELF_BAD_SEGMENT);
    phdr(0, 1, 0, 0x1000, 0x400000, 0x800, 0x800);      /* no access at all */
    assert_int_equal(check(&img), ELF_BAD_SEGMENT);
    phdr(0, 1, 5, 0x1000, 0x1000, 0x800, 0x800);        /* below the allowed range */
    assert_int_equal(check(&img), ELF_BAD_ADDRESS);
    phdr(0, 1, 5, 0x1000, HI - 0x100, 0x80, 0x800);     /* runs past its end */
    assert_int_equal(check(&img), ELF_BAD_ADDRESS);
    phdr(0, 1, 5, 0x1000, UINT64_MAX - 0x10, 0x8, 0x800);
    assert_int_equal(check(&img), ELF_BAD_ADDRESS);
    phdr(0, 1, 7, 0x1000, 0x400000, 0x800, 0x800);      /* rwx */
    assert_int_equal(check(&img), ELF_WRITE_EXECUTE);
    phdr(0, 1, 5, 0x1000, 0x400000, 0x800, 0x1900);     /* shares the data segment's page */
    assert_int_equal(check(&img), ELF_OVERLAP);
    phdr(0, 1, 4, 0x1000, 0x400000, 0x800, 0x800);      /* entry not executable */
    assert_int_equal(check(&img), ELF_BAD_ENTRY);
    phdr(0, 1, 5, 0x1000, 0x400000, 0x800, 0x800);
    put(24, 0x400800, 8);                               /* entry just past the text */
    assert_int_equal(check(&img), ELF_BAD_ENTRY);
}

static void errors_have_messages(void **state)
{
    (void)state;
    for (int s = ELF_OK; s <= ELF_BAD_ENTRY; s++) {
        const char *m = elf_error((enum elf_status)s);

        assert_non_null(m);
        assert_true(strlen(m) > 1);
        assert_string_not_equal(m, "unknown error");
    }
}

/* Random damage to a sound image: the reader answers, and reads only the
 * image (AddressSanitizer watches), whatever the bytes say. */
static void random_damage_never_crashes(void **state)
{
    uint8_t sound[sizeof(image)];
    struct elf_image img;
    struct elf_segment seg;
    unsigned accepted = 0;

    (void)state;
    memcpy(sound, image, sizeof(image));
    srand(1);
    for (int round = 0; round < 20000; round++) {
        memcpy(image, sound, sizeof(image));
        for (int k = 0; k < 1 + rand() % 4; k++)
            image[rand() % (PHOFF + 3 * 56)] = (uint8_t)rand();
        image_size = 64 + (uint64_t)rand() % (sizeof(image) - 64);
        if (check(&img) != ELF_OK)
            continue;
        accepted++;
        for (uint32_t i = 0; i < img.phnum; i++) {
            if (elf_load_segment(&img, i, LO, HI, &seg)) {
                assert_true(seg.vaddr >= LO && seg.vaddr + seg.memsz <= HI);
                assert_true(seg.offset + seg.filesz <= image_size);
                assert_true((seg.map & (MAP_WRITE | MAP_EXECUTE)) != (MAP_WRITE | MAP_EXECUTE));
            }
        }
    }
    assert_true(accepted > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(sound_image_accepted, setup),
        cmocka_unit_test_setup(header_errors_named, setup),
        cmocka_unit_test_setup(program_header_errors_named, setup),
        cmocka_unit_test_setup(segment_errors_named, setup),
        cmocka_unit_test_setup(errors_have_messages, setup),
        cmocka_unit_test_setup(random_damage_never_crashes, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
