/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the CPIO newc reader (userland/lib/cairn/cpio.c): sound
 * archives of every shape, and every status with where the reader says it
 * stopped. Archives are written here field by field, as cpio would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cairn/cpio.h>

#define HEADER     110u
#define F_FILESIZE 6u      /* field indexes, after the 6-byte magic */
#define F_NAMESIZE 11u
#define F_CHECK    12u
#define MODE_FILE  0100644u
#define MODE_DIR   0040755u

/* The archive being built. */
static uint8_t archive[16384];
static size_t used;

static int reset(void **state)
{
    (void)state;
    memset(archive, 0xee, sizeof(archive));
    used = 0;
    return 0;
}

static size_t field_at(size_t header, unsigned field)
{
    return header + 6 + 8u * field;
}

/* Overwrite one header field with 8 hex digits. */
static void set_field(size_t header, unsigned field, uint32_t value)
{
    char digits[9];

    snprintf(digits, sizeof(digits), "%08X", value);
    memcpy(archive + field_at(header, field), digits, 8);
}

static void append(const void *bytes, size_t n)
{
    assert_true(used + n <= sizeof(archive));
    memcpy(archive + used, bytes, n);
    used += n;
}

static void pad(void)
{
    while (used % 4 != 0)
        archive[used++] = 0;
}

static uint32_t byte_sum(const void *data, size_t size)
{
    const uint8_t *p = data;
    uint32_t sum = 0;

    for (size_t i = 0; i < size; i++)
        sum += p[i];
    return sum;
}

/* One entry as cpio writes it; returns its header's offset. */
static size_t add_entry(const char *magic, uint32_t mode, const char *name, const void *data,
                        size_t size, uint32_t check)
{
    size_t at = used;
    char header[HEADER + 1];

    snprintf(header, sizeof(header), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             magic, 7u, mode, 0u, 0u, 1u, 0x6b02d9cbu, (uint32_t)size, 0u, 0u, 0u, 0u,
             (uint32_t)strlen(name) + 1, check);
    append(header, HEADER);
    append(name, strlen(name) + 1);
    pad();
    append(data, size);
    pad();
    return at;
}

static size_t add_file(const char *name, const char *data)
{
    return add_entry("070701", MODE_FILE, name, data, strlen(data), 0);
}

static size_t add_dir(const char *name)
{
    return add_entry("070701", MODE_DIR, name, "", 0, 0);
}

static size_t add_crc_file(const char *name, const char *data)
{
    return add_entry("070702", MODE_FILE, name, data, strlen(data), byte_sum(data, strlen(data)));
}

static size_t add_trailer(void)
{
    return add_entry("070701", 0, "TRAILER!!!", "", 0, 0);
}

static void expect_file(struct cpio_reader *r, const char *name, const char *data, uint32_t mode)
{
    struct cpio_file f;

    assert_int_equal(cpio_next(r, &f), CPIO_OK);
    assert_string_equal(f.name, name);
    assert_int_equal(f.size, strlen(data));
    assert_memory_equal(f.data, data, f.size);
    assert_int_equal(f.mode, mode);
    assert_true(f.name >= (const char *)archive && f.data >= archive && f.data + f.size <= archive + used);
}

/* The walk stops with `s` at the entry `entry` whose header is at `offset`,
 * and says so again when asked again. */
static void expect_stop(struct cpio_reader *r, enum cpio_status s, size_t entry, size_t offset,
                        const char *name, size_t error_offset)
{
    struct cpio_file f;

    for (int again = 0; again < 2; again++) {
        assert_int_equal(cpio_next(r, &f), s);
        assert_int_equal(r->entry, entry);
        assert_int_equal(r->offset, offset);
        assert_int_equal(r->error_offset, error_offset);
        if (name == NULL)
            assert_null(r->name);
        else
            assert_string_equal(r->name, name);
    }
}

/* Open the archive built so far, and walk past its first `skip` files. */
static void open_after(struct cpio_reader *r, size_t skip)
{
    struct cpio_file f;

    cpio_open(r, archive, used);
    for (size_t i = 0; i < skip; i++)
        assert_int_equal(cpio_next(r, &f), CPIO_OK);
}

/* ---- sound archives ---------------------------------------------------- */

static void several_files_dirs_and_empty_files(void **state)
{
    struct cpio_reader r;
    size_t trailer;

    (void)state;
    add_dir(".");
    add_dir("./bin");
    add_file("./bin/init", "#!/bin/init\n");
    add_file("empty", "");
    add_file("sbin/system", "\x7f" "ELF and more");
    trailer = add_trailer();
    cpio_open(&r, archive, used);
    expect_file(&r, ".", "", MODE_DIR);
    expect_file(&r, "./bin", "", MODE_DIR);
    expect_file(&r, "./bin/init", "#!/bin/init\n", MODE_FILE);
    expect_file(&r, "empty", "", MODE_FILE);
    expect_file(&r, "sbin/system", "\x7f" "ELF and more", MODE_FILE);
    assert_int_equal(r.entry, 5);
    expect_stop(&r, CPIO_END, 5, trailer, "TRAILER!!!", 0);
}

static void only_a_trailer(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_trailer();
    assert_int_equal(used, 124);        /* 110 + 11 bytes of name, padded */
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_END, 0, 0, "TRAILER!!!", 0);
}

/* GNU cpio pads the archive to 512 bytes; what follows the trailer is not read. */
static void bytes_after_the_trailer_ignored(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_file("a", "x");
    add_trailer();
    append("garbage, not a header", 21);
    open_after(&r, 1);
    expect_stop(&r, CPIO_END, 1, 116, "TRAILER!!!", 0);
}

/* Name sizes 2..9 (with the NUL) and data sizes 0..4 meet every padding. */
static void every_padding(void **state)
{
    static const char *names[] = { "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh" };
    static const char *datas[] = { "", "1", "12", "123", "1234" };
    struct cpio_reader r;

    (void)state;
    for (size_t n = 0; n < 8; n++) {
        for (size_t d = 0; d < 5; d++)
            add_file(names[n], datas[d]);
    }
    add_trailer();
    cpio_open(&r, archive, used);
    for (size_t n = 0; n < 8; n++) {
        for (size_t d = 0; d < 5; d++)
            expect_file(&r, names[n], datas[d], MODE_FILE);
    }
    expect_stop(&r, CPIO_END, 40, used - 124, "TRAILER!!!", 0);
}

static void lowercase_hex_accepted(void **state)
{
    struct cpio_reader r;
    size_t at;

    (void)state;
    at = add_file("f", "data");
    memcpy(archive + field_at(at, 1), "000081a4", 8);
    add_trailer();
    cpio_open(&r, archive, used);
    expect_file(&r, "f", "data", 0100644);
}

/* 070702: c_check is the byte sum of the data, here with bytes over 0x7f. */
static void checksums_accepted(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_crc_file("crc", "\xff\xfe\x01");
    add_crc_file("empty", "");
    add_trailer();
    cpio_open(&r, archive, used);
    expect_file(&r, "crc", "\xff\xfe\x01", MODE_FILE);
    expect_file(&r, "empty", "", MODE_FILE);
    expect_stop(&r, CPIO_END, 2, used - 124, "TRAILER!!!", 0);
}

/* What `find . | cpio -o -H newc --reproducible --owner=0:0` (GNU cpio 2.13)
 * wrote for bin/five, bin/init and an empty file, byte for byte. */
static const char gnu_newc[1024] =
    "070701" "00000000000041ED0000000000000000000000036B02D9CB00000000"
    "000000000000000000000000000000000000000200000000" ".\0"
    "070701" "00000001000041ED0000000000000000000000026B02D9CB00000000"
    "000000000000000000000000000000000000000400000000" "bin\0\0\0"
    "070701" "00000002000081A40000000000000000000000016B02D9CB00000005"
    "000000000000000000000000000000000000000900000000" "bin/five\0\0abcde\0\0\0"
    "070701" "00000003000081A40000000000000000000000016B02D9CB00000003"
    "000000000000000000000000000000000000000900000000" "bin/init\0\0hi\n\0"
    "070701" "00000004000081A40000000000000000000000016B02D9CB00000000"
    "000000000000000000000000000000000000000600000000" "empty\0"
    "070701" "00000000000000000000000000000000000000010000000000000000"
    "000000000000000000000000000000000000000B00000000" "TRAILER!!!\0\0\0\0";

/* The same with -H crc: magic 070702 and the sums 0x1EF and 0xDB. */
static const char gnu_crc[1024] =
    "070702" "00000000000041ED0000000000000000000000036B02D9CB00000000"
    "000000000000000000000000000000000000000200000000" ".\0"
    "070702" "00000001000041ED0000000000000000000000026B02D9CB00000000"
    "000000000000000000000000000000000000000400000000" "bin\0\0\0"
    "070702" "00000002000081A40000000000000000000000016B02D9CB00000005"
    "0000000000000000000000000000000000000009000001EF" "bin/five\0\0abcde\0\0\0"
    "070702" "00000003000081A40000000000000000000000016B02D9CB00000003"
    "0000000000000000000000000000000000000009000000DB" "bin/init\0\0hi\n\0"
    "070702" "00000004000081A40000000000000000000000016B02D9CB00000000"
    "000000000000000000000000000000000000000600000000" "empty\0"
    "070702" "00000000000000000000000000000000000000010000000000000000"
    "000000000000000000000000000000000000000B00000000" "TRAILER!!!\0\0\0\0";

static void gnu_cpio_archives(void **state)
{
    const char *archives[] = { gnu_newc, gnu_crc };

    (void)state;
    for (int i = 0; i < 2; i++) {
        struct cpio_reader r;

        used = sizeof(gnu_newc);
        memcpy(archive, archives[i], used);
        cpio_open(&r, archive, used);
        expect_file(&r, ".", "", MODE_DIR);
        expect_file(&r, "bin", "", MODE_DIR);
        expect_file(&r, "bin/five", "abcde", MODE_FILE);
        expect_file(&r, "bin/init", "hi\n", MODE_FILE);
        expect_file(&r, "empty", "", MODE_FILE);
        expect_stop(&r, CPIO_END, 5, 596, "TRAILER!!!", 0);
    }
}

/* Offsets count from the archive's start, wherever it lies in memory. */
static void archive_at_an_odd_address(void **state)
{
    static uint8_t moved[sizeof(gnu_newc) + 1];
    struct cpio_reader r;
    struct cpio_file f;

    (void)state;
    memcpy(moved + 1, gnu_newc, sizeof(gnu_newc));
    cpio_open(&r, moved + 1, sizeof(gnu_newc));
    assert_int_equal(cpio_find(&r, "bin/init", &f), CPIO_OK);
    assert_memory_equal(f.data, "hi\n", 3);
    assert_ptr_equal(f.data, moved + 1 + 476);
}

/* A name shorter than TRAILER!!! at the archive's very end: telling it from
 * the trailer must not read past it (the sanitizer watches the heap copy). */
static void short_name_at_the_very_end(void **state)
{
    struct cpio_reader r;
    uint8_t *exact;

    (void)state;
    add_file("T", "");
    exact = malloc(used);
    assert_non_null(exact);
    memcpy(exact, archive, used);
    cpio_open(&r, exact, used);
    assert_int_equal(cpio_next(&r, &(struct cpio_file){ 0 }), CPIO_OK);
    assert_int_equal(cpio_next(&r, &(struct cpio_file){ 0 }), CPIO_NO_TRAILER);
    free(exact);
}

/* ---- cpio_find ------------------------------------------------------------ */

static void find_ignores_a_leading_root(void **state)
{
    static const char *ways[] = { "bin/init", "./bin/init", "/bin/init" };
    struct cpio_reader r;
    struct cpio_file f;

    (void)state;
    add_dir(".");
    add_file("./bin/init", "dot");
    add_file("sbin/system", "plain");
    add_file("/etc/rc", "slash");
    add_trailer();
    for (int i = 0; i < 3; i++) {
        cpio_open(&r, archive, used);
        assert_int_equal(cpio_find(&r, ways[i], &f), CPIO_OK);
        assert_string_equal(f.name, "./bin/init");
        assert_memory_equal(f.data, "dot", 3);
    }
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "/sbin/system", &f), CPIO_OK);
    assert_memory_equal(f.data, "plain", 5);
    assert_int_equal(cpio_find(&r, "./etc/rc", &f), CPIO_OK);
    assert_memory_equal(f.data, "slash", 5);
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, ".", &f), CPIO_OK);
    assert_int_equal(f.mode, MODE_DIR);
}

static void find_goes_on_from_where_the_walk_is(void **state)
{
    struct cpio_reader r;
    struct cpio_file f;

    (void)state;
    add_file("a", "first");
    add_file("b", "");
    add_file("a", "second");
    add_trailer();
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "a", &f), CPIO_OK);
    assert_memory_equal(f.data, "first", 5);
    assert_int_equal(cpio_find(&r, "a", &f), CPIO_OK);
    assert_memory_equal(f.data, "second", 6);
    assert_int_equal(cpio_find(&r, "b", &f), CPIO_NOT_FOUND);
}

static void find_not_found(void **state)
{
    struct cpio_reader r;
    struct cpio_file f;

    (void)state;
    add_file("bin/init", "x");
    add_trailer();
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "bin/ini", &f), CPIO_NOT_FOUND);
    assert_int_equal(r.entry, 1);
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "bin/init/", &f), CPIO_NOT_FOUND);
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "TRAILER!!!", &f), CPIO_NOT_FOUND);
}

/* A walk stopped by a fault: find says the fault, not "not found". */
static void find_reports_the_fault(void **state)
{
    struct cpio_reader r;
    struct cpio_file f;
    size_t bad;

    (void)state;
    add_file("a", "x");
    bad = add_file("b", "y");
    add_trailer();
    archive[bad] = 'X';
    cpio_open(&r, archive, used);
    assert_int_equal(cpio_find(&r, "c", &f), CPIO_BAD_MAGIC);
    assert_int_equal(r.entry, 1);
    assert_int_equal(r.error_offset, bad);
}

/* ---- every fault, and where it is ------------------------------------------- */

static void truncated_header(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_file("a", "x");
    add_trailer();
    used = 116 + HEADER - 1;           /* the trailer's header less one byte */
    open_after(&r, 1);
    expect_stop(&r, CPIO_TRUNCATED_HEADER, 1, 116, NULL, used);
}

static void bad_magic(void **state)
{
    struct cpio_reader r;
    size_t second;

    (void)state;
    add_file("a", "x");
    second = add_file("b", "y");
    add_trailer();
    memcpy(archive + second, "070707", 6);      /* the old "odc" format */
    open_after(&r, 1);
    expect_stop(&r, CPIO_BAD_MAGIC, 1, second, NULL, second + 5);
    archive[0] = '1';
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_BAD_MAGIC, 0, 0, NULL, 0);
    archive[0] = '0';
    archive[3] = '8';
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_BAD_MAGIC, 0, 0, NULL, 3);
}

/* Every field, including those the reader has no use for, is 8 hex digits. */
static void bad_field(void **state)
{
    static const uint8_t not_hex[] = { 'g', 'G', ' ', '-', 'x', ':', '@', '`', 0 };
    struct cpio_reader r;
    size_t at;

    (void)state;
    at = add_file("./name", "x");
    add_trailer();
    for (unsigned field = 0; field < 13; field++) {
        size_t bad = field_at(at, field) + field % 8;
        uint8_t kept = archive[bad];

        archive[bad] = not_hex[field % sizeof(not_hex)];
        cpio_open(&r, archive, used);
        expect_stop(&r, CPIO_BAD_FIELD, 0, 0, NULL, bad);
        archive[bad] = kept;
    }
}

static void name_size_zero_or_too_large(void **state)
{
    static const uint32_t sizes[] = { 0, CPIO_NAME_MAX + 1, 0xffffffffu };
    struct cpio_reader r;
    size_t at;

    (void)state;
    add_file("a", "x");
    at = add_file("b", "y");
    add_trailer();
    for (int i = 0; i < 3; i++) {
        set_field(at, F_NAMESIZE, sizes[i]);
        open_after(&r, 1);
        expect_stop(&r, CPIO_BAD_NAME, 1, at, NULL, field_at(at, F_NAMESIZE));
    }
}

/* A name of exactly CPIO_NAME_MAX bytes with its NUL is still a name. */
static void longest_name(void **state)
{
    static char name[CPIO_NAME_MAX];
    struct cpio_reader r;

    (void)state;
    memset(name, 'n', sizeof(name) - 1);
    add_file(name, "x");
    add_trailer();
    cpio_open(&r, archive, used);
    expect_file(&r, name, "x", MODE_FILE);
}

static void name_nul_inside_or_missing(void **state)
{
    struct cpio_reader r;
    size_t at;

    (void)state;
    at = add_file("abcdef", "x");
    add_trailer();
    archive[at + HEADER + 2] = 0;               /* "ab\0def\0" */
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_BAD_NAME, 0, 0, NULL, at + HEADER + 2);
    archive[at + HEADER + 2] = 'c';
    archive[at + HEADER + 6] = 'g';             /* "abcdefg", no NUL */
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_BAD_NAME, 0, 0, NULL, at + HEADER + 6);
}

static void truncated_name(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_file("a", "");
    add_file("abcdefgh", "");        /* header at 112, name 222..230, padding to 232 */
    add_trailer();
    used = 112 + HEADER + 8;         /* the NUL missing */
    open_after(&r, 1);
    expect_stop(&r, CPIO_TRUNCATED_NAME, 1, 112, NULL, used);
    used = 112 + HEADER;             /* the name missing */
    open_after(&r, 1);
    expect_stop(&r, CPIO_TRUNCATED_NAME, 1, 112, NULL, used);
    used = 112 + HEADER + 9;         /* the name whole, a byte of padding missing */
    open_after(&r, 1);
    expect_stop(&r, CPIO_TRUNCATED_NAME, 1, 112, "abcdefgh", used);
}

static void truncated_data(void **state)
{
    struct cpio_reader r;
    size_t at;

    (void)state;
    at = add_file("abc", "12345");   /* name padded to 116, data 116..121, padded to 124 */
    add_trailer();
    used = 118;
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_TRUNCATED_DATA, 0, 0, "abc", used);
    used = 121;                      /* the data whole, its padding not */
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_TRUNCATED_DATA, 0, 0, "abc", used);
    used = 124;                      /* the whole entry: the trailer is missing */
    cpio_open(&r, archive, used);
    expect_file(&r, "abc", "12345", MODE_FILE);
    set_field(at, F_FILESIZE, 0xffffffffu);
    used = sizeof(archive);
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_TRUNCATED_DATA, 0, 0, "abc", used);
}

static void bad_checksum(void **state)
{
    struct cpio_reader r;
    size_t at;

    (void)state;
    add_crc_file("good", "sum");
    at = add_crc_file("bad", "sum");
    add_trailer();
    set_field(at, F_CHECK, byte_sum("sum", 3) + 1);
    open_after(&r, 1);
    expect_stop(&r, CPIO_BAD_CHECKSUM, 1, at, "bad", field_at(at, F_CHECK));
    memcpy(archive + at, "070701", 6);       /* no checksum, but c_check not 0 */
    open_after(&r, 1);
    expect_stop(&r, CPIO_BAD_CHECKSUM, 1, at, "bad", field_at(at, F_CHECK));
}

/* The trailer is an entry like the others, checked as such. */
static void bad_checksum_on_the_trailer(void **state)
{
    struct cpio_reader r;
    size_t at;

    (void)state;
    at = add_trailer();
    set_field(at, F_CHECK, 1);
    cpio_open(&r, archive, used);
    expect_stop(&r, CPIO_BAD_CHECKSUM, 0, 0, "TRAILER!!!", field_at(at, F_CHECK));
}

static void no_trailer(void **state)
{
    struct cpio_reader r;

    (void)state;
    add_file("a", "x");
    add_file("b", "y");
    open_after(&r, 2);
    expect_stop(&r, CPIO_NO_TRAILER, 2, used, NULL, used);
    cpio_open(&r, archive, 0);
    expect_stop(&r, CPIO_NO_TRAILER, 0, 0, NULL, 0);
}

static void status_texts(void **state)
{
    (void)state;
    for (int i = CPIO_OK; i <= CPIO_NOT_FOUND; i++) {
        const char *text = cpio_status_text((enum cpio_status)i);

        assert_non_null(text);
        assert_true(strlen(text) > 1 && strlen(text) < 40);
        for (int j = CPIO_OK; j < i; j++)
            assert_string_not_equal(text, cpio_status_text((enum cpio_status)j));
    }
    assert_string_equal(cpio_status_text((enum cpio_status)99), "unknown status");
}

#define CASE(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        CASE(several_files_dirs_and_empty_files),
        CASE(only_a_trailer),
        CASE(bytes_after_the_trailer_ignored),
        CASE(every_padding),
        CASE(lowercase_hex_accepted),
        CASE(checksums_accepted),
        CASE(gnu_cpio_archives),
        CASE(archive_at_an_odd_address),
        CASE(short_name_at_the_very_end),
        CASE(find_ignores_a_leading_root),
        CASE(find_goes_on_from_where_the_walk_is),
        CASE(find_not_found),
        CASE(find_reports_the_fault),
        CASE(truncated_header),
        CASE(bad_magic),
        CASE(bad_field),
        CASE(name_size_zero_or_too_large),
        CASE(longest_name),
        CASE(name_nul_inside_or_missing),
        CASE(truncated_name),
        CASE(truncated_data),
        CASE(bad_checksum),
        CASE(bad_checksum_on_the_trailer),
        CASE(no_trailer),
        CASE(status_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
