/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of libcairn's message words (userland/lib/cairn/msg.c): words
 * split between registers and the IPC buffer, bytes and strings packed into
 * them and read back only within the message's length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <cairn/msg.h>

static struct cairn_ipc_buffer buffer;
struct cairn_ipc_buffer *cairn_ipc_buffer = &buffer;

static struct cairn_msg with_length(unsigned words)
{
    return (struct cairn_msg){ .info = CAIRN_MSGINFO(7, 2, words) };
}

static void test_words_registers_then_buffer(void **state)
{
    struct cairn_msg m = { 0 };

    (void)state;
    memset(&buffer, 0, sizeof(buffer));
    for (unsigned k = 0; k < CAIRN_MSG_MAX_WORDS; k++)
        msg_set_word(&m, k, 100 + k);
    for (unsigned k = 0; k < CAIRN_MSG_REGS; k++) {
        assert_int_equal(m.mr[k], 100 + k);
        assert_int_equal(buffer.msg[k], 0);
    }
    for (unsigned k = CAIRN_MSG_REGS; k < CAIRN_MSG_MAX_WORDS; k++)
        assert_int_equal(buffer.msg[k], 100 + k);
    assert_int_equal(msg_word(&m, 2), 102);
    assert_int_equal(msg_word(&m, 40), 140);
    /* Past the last word: nothing written, 0 read. */
    msg_set_word(&m, CAIRN_MSG_MAX_WORDS, 1);
    assert_int_equal(msg_word(&m, CAIRN_MSG_MAX_WORDS), 0);
}

static void test_info_fields(void **state)
{
    struct cairn_msg m = with_length(9);

    (void)state;
    assert_int_equal(msg_length(&m), 9);
    assert_int_equal(msg_caps(&m), 2);
}

static void test_bytes_round_trip(void **state)
{
    char text[100], back[100];
    struct cairn_msg m = { 0 };
    unsigned words;

    (void)state;
    for (unsigned i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + i % 26);
    words = msg_put_bytes(&m, 1, text, 37);
    assert_int_equal(words, 5);
    /* The last word is padded with zeros. */
    assert_int_equal(msg_word(&m, 5) >> 40, 0);
    m.info = CAIRN_MSGINFO(0, 0, 1 + words);
    assert_true(msg_get_bytes(&m, 1, back, 37));
    assert_memory_equal(back, text, 37);
    /* Asking for more than the message has is refused. */
    assert_false(msg_get_bytes(&m, 1, back, 41));
    assert_false(msg_get_bytes(&m, 7, back, 1));
}

static void test_bytes_that_do_not_fit(void **state)
{
    static char big[MSG_BYTES_FROM(0) + 1];
    struct cairn_msg m = { 0 };

    (void)state;
    assert_int_equal(msg_put_bytes(&m, 3, big, MSG_BYTES_FROM(3)), CAIRN_MSG_MAX_WORDS - 3);
    assert_int_equal(msg_put_bytes(&m, 3, big, MSG_BYTES_FROM(3) + 1), 0);
    assert_int_equal(msg_put_bytes(&m, CAIRN_MSG_MAX_WORDS + 1, big, 0), 0);
}

static void test_strings(void **state)
{
    struct cairn_msg m = { 0 };
    char s[16];

    (void)state;
    assert_int_equal(msg_put_string(&m, 0, "hello"), 1);
    m.info = CAIRN_MSGINFO(0, 0, 1);
    assert_true(msg_get_string(&m, 0, s, sizeof(s)));
    assert_string_equal(s, "hello");
    /* Exactly 8 characters: the NUL needs a second word. */
    assert_int_equal(msg_put_string(&m, 0, "abcdefgh"), 2);
    m.info = CAIRN_MSGINFO(0, 0, 1);
    assert_false(msg_get_string(&m, 0, s, sizeof(s)));   /* cut before its NUL */
    m.info = CAIRN_MSGINFO(0, 0, 2);
    assert_true(msg_get_string(&m, 0, s, sizeof(s)));
    assert_string_equal(s, "abcdefgh");
    /* A string longer than the caller's room is refused, not cut. */
    msg_put_string(&m, 0, "fifteen-chars!!");
    m.info = CAIRN_MSGINFO(0, 0, 2);
    assert_true(msg_get_string(&m, 0, s, 16));
    assert_false(msg_get_string(&m, 0, s, 15));
    /* Words without a NUL: no string. */
    msg_set_word(&m, 0, 0x4141414141414141ull);
    msg_set_word(&m, 1, 0x4141414141414141ull);
    assert_false(msg_get_string(&m, 0, s, sizeof(s)));
    /* An empty message has none either. */
    m.info = 0;
    assert_false(msg_get_string(&m, 0, s, sizeof(s)));
}

static void test_caps(void **state)
{
    (void)state;
    msg_send_cap(1, 42);
    msg_receive_cap(2, 99);
    assert_int_equal(buffer.caps[1], 42);
    assert_int_equal(buffer.receive[2], 99);
}

static void test_fault_text(void **state)
{
    (void)state;
    assert_string_equal(msg_fault_text(CAIRN_FAULT_PAGE_WRITE), "page fault writing");
    assert_string_equal(msg_fault_text(CAIRN_FAULT_OTHER), "fault");
    assert_string_equal(msg_fault_text(0), "fault");
    assert_string_equal(msg_fault_text(1000), "fault");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_registers_then_buffer),
        cmocka_unit_test(test_info_fields),
        cmocka_unit_test(test_bytes_round_trip),
        cmocka_unit_test(test_bytes_that_do_not_fit),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_fault_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
