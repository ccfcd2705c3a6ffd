/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz corpus as a regression test: every file of the committed corpus
 * and crash folders of one target (CORPUS and CRASHES, set by the build)
 * goes through the same harness libFuzzer runs, here built with gcc and the
 * sanitizers and no libFuzzer. A broken promise aborts, and CTest sees it.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fuzz.h"

/* The whole file in a buffer of exactly its size, so that the sanitizer
 * catches a read one byte past the input, as under libFuzzer. */
static void replay_file(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;
    long size;
    uint8_t *data;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    data = malloc(size > 0 ? (size_t)size : 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    LLVMFuzzerTestOneInput(data, (size_t)size);
    free(data);
}

/* Every file in `dir` (none if it does not exist); returns how many. */
static size_t replay_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t count = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        replay_file(dir, e->d_name);
        count++;
    }
    closedir(d);
    return count;
}

/* The corpus is committed: an empty one means the test lost its inputs. */
static void corpus(void **state)
{
    (void)state;
    assert_true(replay_folder(CORPUS) > 0);
}

/* The inputs that once broke a reader; there may be none yet. */
static void crashes(void **state)
{
    (void)state;
    printf("%zu crash inputs replayed\n", replay_folder(CRASHES));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus),
        cmocka_unit_test(crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
