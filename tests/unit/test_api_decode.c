/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the argument decoders that scripts/gen-api writes from spec/api.toml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "api_decode.h"

static void short_messages_are_truncated(void **state)
{
    uint64_t w[CAIRN_MSG_MAX_WORDS] = { 0 };
    struct cnode_copy_args copy;
    struct cnode_delete_args del;

    (void)state;
    memset(&copy, 0xab, sizeof(copy));
    assert_int_equal(decode_cnode_copy(w, 5, &copy), CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(copy.dest_depth, 0xab);   /* nothing written */
    assert_int_equal(decode_cnode_delete(w, 0, &del), CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(decode_cnode_copy(w, 6, &copy), CAIRN_ERR_OK);
}

static void every_word_lands_in_its_field(void **state)
{
    const uint64_t w[7] = { CAIRN_OBJ_ENDPOINT, 0, 0x1234, 0xfeedface, 8, 17, 3 };
    struct untyped_retype_args a;

    (void)state;
    assert_int_equal(decode_untyped_retype(w, 7, &a), CAIRN_ERR_OK);
    assert_int_equal(a.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(a.root, 0x1234);
    assert_int_equal(a.index, 0xfeedface);
    assert_int_equal(a.depth, 8);
    assert_int_equal(a.offset, 17);
    assert_int_equal(a.count, 3);
}

static void out_of_range_arguments_are_refused(void **state)
{
    uint64_t copy_w[6] = { 1, 8, 2, 3, 8, CAIRN_RIGHT_READ };
    uint64_t retype_w[7] = { CAIRN_OBJ_MAX + 1, 0, 0, 0, 0, 0, 1 };
    struct cnode_copy_args copy;
    struct untyped_retype_args retype;

    (void)state;
    assert_int_equal(decode_cnode_copy(copy_w, 6, &copy), CAIRN_ERR_OK);
    copy_w[1] = 256;                                   /* depth is a u8 */
    assert_int_equal(decode_cnode_copy(copy_w, 6, &copy), CAIRN_ERR_INVALID_ARGUMENT);
    copy_w[1] = 8;
    copy_w[5] = CAIRN_RIGHTS_ALL + 1;                  /* an undefined right */
    assert_int_equal(decode_cnode_copy(copy_w, 6, &copy), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(decode_untyped_retype(retype_w, 7, &retype), CAIRN_ERR_INVALID_ARGUMENT);
    retype_w[0] = CAIRN_OBJ_MAX;
    retype_w[6] = 65536;                               /* count is a u16 */
    assert_int_equal(decode_untyped_retype(retype_w, 7, &retype), CAIRN_ERR_INVALID_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_messages_are_truncated),
        cmocka_unit_test(every_word_lands_in_its_field),
        cmocka_unit_test(out_of_range_arguments_are_refused),
    };
    return cmocka_run_group_tests_name("api_decode", tests, NULL, NULL);
}
