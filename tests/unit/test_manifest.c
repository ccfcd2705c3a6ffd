/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the service manifest parser (userland/system/manifest.c):
 * the format of spec/system.md option by option, each bound just inside and
 * just outside, every message with its line, and junk. Every text is handed
 * over in a malloc'd buffer exactly its size, with no NUL after it, so that
 * ASan sees any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "manifest.h"

#define MAX_REPORTS 64u

static struct manifest m;
static struct {
    unsigned line;
    char why[512];
} reports[MAX_REPORTS];
static unsigned report_count;

static void record(void *ctx, unsigned line, const char *why)
{
    assert_ptr_equal(ctx, &m);
    assert_true(report_count < MAX_REPORTS);
    reports[report_count].line = line;
    snprintf(reports[report_count].why, sizeof(reports[0].why), "%s", why);
    report_count++;
}

/* Parse the n bytes at text from a copy exactly n bytes long. */
static void parse_n(const char *text, size_t n)
{
    char *copy = malloc(n ? n : 1);

    assert_non_null(copy);
    memcpy(copy, text, n);
    report_count = 0;
    manifest_parse(&m, copy, n, record, &m);
    free(copy);
    assert_int_equal(m.errors, report_count);
}

static void parse(const char *text)
{
    parse_n(text, strlen(text));
}

/* The text has one bad line, `line`, and this is what is said about it. */
static void expect_error(const char *text, unsigned line, const char *why)
{
    parse(text);
    assert_int_equal(report_count, 1);
    assert_int_equal(reports[0].line, line);
    assert_string_equal(reports[0].why, why);
}

/* One service line, which must parse; its service. */
static const struct manifest_service *only(const char *text)
{
    parse(text);
    if (report_count)
        fail_msg("unexpected error on line %u: %s", reports[0].line, reports[0].why);
    assert_int_equal(m.count, 1);
    return &m.service[0];
}

/* "service a /a OPTION": the option must be taken. */
static const struct manifest_service *with(const char *option)
{
    char text[512];

    snprintf(text, sizeof(text), "service a /a %s\n", option);
    return only(text);
}

/* "service a /a OPTION": the option must be refused with `why`. */
static void refused(const char *option, const char *why)
{
    char text[512];

    snprintf(text, sizeof(text), "service a /a %s\n", option);
    expect_error(text, 1, why);
    assert_int_equal(m.count, 0);
}

/* A string of n copies of c. */
static const char *repeat(char c, size_t n)
{
    static char s[1024];

    assert_true(n < sizeof(s));
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_example(void **state)
{
    const struct manifest_service *s;

    (void)state;
    parse("# The services of the demo.\n"
          "service hello   /sbin/hello   priority=100 provides=hello\n"
          "service client  /sbin/client  priority=90  sees=hello restart=on-failure\n"
          "\n"
          "service crasher /sbin/crasher priority=80  restart=on-failure retries=3 backoff=250 -- 3\n");
    assert_int_equal(report_count, 0);
    assert_int_equal(m.count, 3);

    s = manifest_find(&m, "hello");
    assert_ptr_equal(s, &m.service[0]);
    assert_string_equal(s->path, "/sbin/hello");
    assert_int_equal(s->line, 2);
    assert_int_equal(s->priority, 100);
    assert_int_equal(s->provides_count, 1);
    assert_string_equal(s->provides[0], "hello");
    assert_true(manifest_lists(s->provides, s->provides_count, "hello"));
    assert_false(manifest_lists(s->sees, s->sees_count, "hello"));

    s = manifest_find(&m, "client");
    assert_int_equal(s->line, 3);
    assert_int_equal(s->priority, 90);
    assert_int_equal(s->restart, RESTART_ON_FAILURE);
    assert_int_equal(s->sees_count, 1);
    assert_true(manifest_lists(s->sees, s->sees_count, "hello"));

    s = manifest_find(&m, "crasher");
    assert_int_equal(s->line, 5);
    assert_int_equal(s->priority, 80);
    assert_int_equal(s->retries, 3);
    assert_int_equal(s->backoff_ms, 250);
    assert_int_equal(s->arg_count, 1);
    assert_string_equal(s->args[0], "3");

    assert_null(manifest_find(&m, "nobody"));
    assert_null(manifest_find(&m, ""));
}

/* Service a, /a, defined on `line` with nothing but defaults. */
static void check_defaults(const struct manifest_service *s, unsigned line)
{
    assert_string_equal(s->name, "a");
    assert_string_equal(s->path, "/a");
    assert_int_equal(s->line, line);
    assert_int_equal(s->priority, 100);
    assert_int_equal(s->restart, RESTART_NEVER);
    assert_int_equal(s->retries, 5);
    assert_int_equal(s->backoff_ms, 100);
    assert_int_equal(s->arg_count, 0);
    assert_int_equal(s->provides_count, 0);
    assert_int_equal(s->sees_count, 0);
    assert_int_equal(s->device_count, 0);
    assert_false(s->files);
    assert_false(s->tests);
}

static void test_defaults(void **state)
{
    (void)state;
    check_defaults(only("service a /a"), 1);
}

static void test_empty_and_comments(void **state)
{
    (void)state;
    manifest_parse(&m, NULL, 0, record, &m);
    assert_int_equal(m.count, 0);
    assert_int_equal(m.errors, 0);

    parse("\n\n   \n\t \t\n# a comment\n   # an indented one\n#service a /a\n\n");
    assert_int_equal(m.count, 0);
    assert_int_equal(m.errors, 0);

    /* A token starting with '#' ends the line, options and arguments alike. */
    parse("service a /a priority=5 # priority=7 nonsense\n"
          "service b /b -- x #y z\n"
          "service c /c#d\n");
    assert_int_equal(report_count, 0);
    assert_int_equal(m.service[0].priority, 5);
    assert_int_equal(m.service[1].arg_count, 1);
    assert_string_equal(m.service[1].args[0], "x");
    assert_string_equal(m.service[2].path, "/c#d");

    /* In the middle of a token, '#' is just a character. */
    refused("priority=5#x", "bad value '5#x' for priority: a number from 1 to 253");
}

static void test_line_ends(void **state)
{
    (void)state;
    parse("service a /a priority=7\r\nservice b /b\r\n\r\n# c\r\nservice c /c -- x\r");
    assert_int_equal(report_count, 0);
    assert_int_equal(m.count, 3);
    assert_int_equal(m.service[0].priority, 7);
    assert_string_equal(m.service[1].path, "/b");
    assert_int_equal(m.service[2].line, 5);
    assert_string_equal(m.service[2].args[0], "x");

    /* Only one '\r', right before the end, is dropped. */
    expect_error("service a /a priority=7\r\r\n", 1,
                 "bad value '7?' for priority: a number from 1 to 253");

    /* The last line needs no '\n'; an error there has its number too. */
    parse("service a /a\nservice b /b");
    assert_int_equal(m.count, 2);
    assert_string_equal(m.service[1].path, "/b");
    expect_error("service a /a\n\nservice b /b priority=0", 3,
                 "bad value '0' for priority: a number from 1 to 253");
}

static void test_bad_line_among_good(void **state)
{
    (void)state;
    parse("service a /a\n"
          "service b /b priority=300\n"
          "# fine\n"
          "service c /c\n"
          "frobnicate\n"
          "service d /d");
    assert_int_equal(m.count, 2 + 1);
    assert_int_equal(m.errors, 2);
    assert_int_equal(reports[0].line, 2);
    assert_string_equal(reports[0].why, "bad value '300' for priority: a number from 1 to 253");
    assert_int_equal(reports[1].line, 5);
    assert_string_equal(reports[1].why, "unknown directive 'frobnicate'");
    assert_string_equal(m.service[0].name, "a");
    assert_int_equal(m.service[0].line, 1);
    assert_string_equal(m.service[1].name, "c");
    assert_int_equal(m.service[1].line, 4);
    assert_string_equal(m.service[2].name, "d");
    assert_int_equal(m.service[2].line, 6);
    assert_null(manifest_find(&m, "b"));
}

/* A bad line leaves nothing: the name it had is free again, and no option
 * of it reaches the service defined later under that name. */
static void test_bad_line_skipped_whole(void **state)
{
    (void)state;
    parse("service a /x priority=5 provides=p sees=q irq=3 mmio=0+0x1000 files=yes tests=yes "
          "retries=1 backoff=7 restart=always -- 1 2 3 4 5 6 7 8\n"
          "service a /a\n");
    assert_int_equal(m.errors, 1);
    assert_string_equal(reports[0].why, "too many arguments (at most 7)");
    check_defaults(&m.service[0], 2);

    parse("service a /a priority=5 provides=p bogus\nservice a /a\n");
    assert_string_equal(reports[0].why, "'bogus' is not KEY=VALUE");
    check_defaults(&m.service[0], 2);
}

static void test_line_length(void **state)
{
    char text[600], service[300];

    (void)state;
    /* A 255-byte line: a comment, and a service whose long arguments fill it. */
    snprintf(text, sizeof(text), "#%s\n", repeat('x', 254));
    parse(text);
    assert_int_equal(m.errors, 0);
    snprintf(text, sizeof(text), "service a /a --");
    while (strlen(text) + 64 <= MANIFEST_LINE_MAX)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), " %s", repeat('y', 63));
    snprintf(text + strlen(text), sizeof(text) - strlen(text), " %s",
             repeat('z', MANIFEST_LINE_MAX - strlen(text) - 1));
    assert_int_equal(strlen(text), 255);
    only(text);
    assert_int_equal(m.service[0].arg_count, 4);
    memcpy(service, text, sizeof(service));

    /* With CRLF: the '\r' is not counted. */
    strcat(text, "\r\n");
    only(text);

    /* 256 bytes, even in a comment, and even as the last line. */
    snprintf(text, sizeof(text), "service a /a\n#%s\nservice b /b\n", repeat('x', 255));
    expect_error(text, 2, "line longer than 255 bytes");
    assert_int_equal(m.count, 2);
    assert_string_equal(m.service[1].name, "b");
    assert_int_equal(m.service[1].line, 3);
    snprintf(text, sizeof(text), "service b /b\n%sz", service);
    expect_error(text, 2, "line longer than 255 bytes");
    snprintf(text, sizeof(text), "#%s\r\n", repeat('x', 255));
    expect_error(text, 1, "line longer than 255 bytes");
}

static void test_nul_byte(void **state)
{
    static const char text[] = "service a /a\0x\nservice b /b\n# \0\n";

    (void)state;
    parse_n(text, sizeof(text) - 1);
    assert_int_equal(m.count, 1);
    assert_string_equal(m.service[0].name, "b");
    assert_int_equal(m.errors, 2);
    assert_int_equal(reports[0].line, 1);
    assert_string_equal(reports[0].why, "NUL byte in the line");
    assert_int_equal(reports[1].line, 3);
    assert_string_equal(reports[1].why, "NUL byte in the line");
}

/* Every prefix of a manifest parses without reading past its end, and the
 * lines it holds whole are kept. */
static void test_not_terminated(void **state)
{
    const char *text = "service one /sbin/one priority=0x10 provides=x,y mmio=0x1000+0x2000\n"
                       "service two /sbin/two -- arg\n";
    size_t first = strchr(text, '\n') - text;

    (void)state;
    for (size_t n = 0; n <= strlen(text); n++) {
        parse_n(text, n);
        if (n > first)
            assert_true(m.count >= 1);
        assert_true(m.count <= 2);
    }
    assert_int_equal(m.count, 2);
    assert_int_equal(m.service[0].priority, 16);
}

static void test_service_names(void **state)
{
    (void)state;
    assert_string_equal(only("service a /a")->name, "a");
    assert_string_equal(only("service z9-_x /a")->name, "z9-_x");
    assert_string_equal(only("service abcdefghijklmno /a")->name, "abcdefghijklmno");
    expect_error("service abcdefghijklmnop /a", 1,
                 "bad service name 'abcdefghijklmnop': 1 to 15 of a-z 0-9 - _, starting with a letter");
    expect_error("service Hello /a", 1,
                 "bad service name 'Hello': 1 to 15 of a-z 0-9 - _, starting with a letter");
    expect_error("service 9a /a", 1,
                 "bad service name '9a': 1 to 15 of a-z 0-9 - _, starting with a letter");
    expect_error("service -a /a", 1,
                 "bad service name '-a': 1 to 15 of a-z 0-9 - _, starting with a letter");
    expect_error("service a.b /a", 1,
                 "bad service name 'a.b': 1 to 15 of a-z 0-9 - _, starting with a letter");
    expect_error("service \xc3\xa9t\xc3\xa9 /a", 1,
                 "bad service name '\xc3\xa9t\xc3\xa9': 1 to 15 of a-z 0-9 - _, starting with a letter");
}

static void test_directives_and_missing_parts(void **state)
{
    (void)state;
    expect_error("services a /a", 1, "unknown directive 'services'");
    expect_error("  Service a /a", 1, "unknown directive 'Service'");
    expect_error("priority=5", 1, "unknown directive 'priority=5'");
    expect_error("service", 1, "missing service name");
    expect_error("service # a /a", 1, "missing service name");
    expect_error("service a", 1, "missing path for service 'a'");
    expect_error("service a\t\t# /a", 1, "missing path for service 'a'");
    /* Tabs separate as spaces do. */
    assert_string_equal(only("\tservice\ta\t/a\tpriority=3\t")->path, "/a");
    /* A control character in the token is shown as '?'. */
    expect_error("\x1b[2Jservice a /a", 1, "unknown directive '?[2Jservice'");
}

static void test_path(void **state)
{
    char text[200];

    (void)state;
    snprintf(text, sizeof(text), "service a /%s", repeat('p', 62));
    assert_int_equal(strlen(only(text)->path), 63);
    snprintf(text, sizeof(text), "service a /%s", repeat('p', 63));
    expect_error(text, 1, "bad path '/ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp': "
                          "starting with '/', at most 63 bytes");
    expect_error("service a sbin/a", 1, "bad path 'sbin/a': starting with '/', at most 63 bytes");
    expect_error("service a -- /a", 1, "bad path '--': starting with '/', at most 63 bytes");
    assert_string_equal(only("service a /")->path, "/");
}

static void test_priority(void **state)
{
    (void)state;
    assert_int_equal(with("priority=1")->priority, 1);
    assert_int_equal(with("priority=253")->priority, 253);
    assert_int_equal(with("priority=0xfd")->priority, 253);
    assert_int_equal(with("priority=0x0A")->priority, 10);
    assert_int_equal(with("priority=007")->priority, 7);
    refused("priority=0", "bad value '0' for priority: a number from 1 to 253");
    refused("priority=254", "bad value '254' for priority: a number from 1 to 253");
    refused("priority=300", "bad value '300' for priority: a number from 1 to 253");
    refused("priority=0xfe", "bad value '0xfe' for priority: a number from 1 to 253");
    /* 2^64 + 100 and 2^64 + 5: refused, not wrapped round to 100 and 5. */
    refused("priority=18446744073709551716",
            "bad value '18446744073709551716' for priority: a number from 1 to 253");
    refused("priority=0x10000000000000005",
            "bad value '0x10000000000000005' for priority: a number from 1 to 253");
}

/* What is a number: the same rules for every option. */
static void test_number_syntax(void **state)
{
    static const char *const bad[] = {
        "", "+5", "-5", " 5", "5x", "5 ", "0x", "0X10", "x10", "0xg", "1e3", "5.0", "0b1", "0x-1",
    };
    char option[64], why[128];

    (void)state;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (strchr(bad[i], ' '))
            continue;   /* a space would end the token */
        snprintf(option, sizeof(option), "retries=%s", bad[i]);
        snprintf(why, sizeof(why), "bad value '%s' for retries: a number from 0 to 1000", bad[i]);
        refused(option, why);
    }
    assert_int_equal(with("retries=0x3e8")->retries, 1000);
    assert_int_equal(with("retries=0x00")->retries, 0);
    assert_int_equal(with("retries=0x3E8")->retries, 1000);
}

static void test_restart(void **state)
{
    (void)state;
    assert_int_equal(with("restart=never")->restart, RESTART_NEVER);
    assert_int_equal(with("restart=on-failure")->restart, RESTART_ON_FAILURE);
    assert_int_equal(with("restart=always")->restart, RESTART_ALWAYS);
    refused("restart=Always", "bad value 'Always' for restart: never, on-failure or always");
    refused("restart=", "bad value '' for restart: never, on-failure or always");
    refused("restart=on-failure,always",
            "bad value 'on-failure,always' for restart: never, on-failure or always");
}

static void test_retries_and_backoff(void **state)
{
    (void)state;
    assert_int_equal(with("retries=0")->retries, 0);
    assert_int_equal(with("retries=1000")->retries, 1000);
    refused("retries=1001", "bad value '1001' for retries: a number from 0 to 1000");
    assert_int_equal(with("backoff=1")->backoff_ms, 1);
    assert_int_equal(with("backoff=60000")->backoff_ms, 60000);
    assert_int_equal(with("backoff=0xea60")->backoff_ms, 60000);
    refused("backoff=0", "bad value '0' for backoff: a number from 1 to 60000");
    refused("backoff=60001", "bad value '60001' for backoff: a number from 1 to 60000");
    /* 2^32 + 100: a 32-bit field must not see it as 100. */
    refused("backoff=4294967396", "bad value '4294967396' for backoff: a number from 1 to 60000");
}

static void test_options_given_twice(void **state)
{
    (void)state;
    refused("priority=5 priority=5", "option 'priority' given twice");
    refused("restart=never restart=always", "option 'restart' given twice");
    refused("retries=1 retries=2", "option 'retries' given twice");
    refused("backoff=1 backoff=2", "option 'backoff' given twice");
    refused("files=no files=no", "option 'files' given twice");
    refused("tests=yes tests=no", "option 'tests' given twice");
    /* Once refused, a value is not "given": the line is gone anyway. */
    refused("priority=0 priority=5", "bad value '0' for priority: a number from 1 to 253");
}

static void test_not_options(void **state)
{
    (void)state;
    refused("priority", "'priority' is not KEY=VALUE");
    refused("colour=red", "unknown option 'colour'");
    refused("Priority=5", "unknown option 'Priority'");
    refused("=5", "unknown option ''");
    refused("priority==5", "bad value '=5' for priority: a number from 1 to 253");
    /* After "--", KEY=VALUE is an argument like any other. */
    assert_string_equal(with("-- priority=5")->args[0], "priority=5");
}

static void test_provides(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("provides=a,b provides=c provides=d");
    assert_int_equal(s->provides_count, 4);
    assert_string_equal(s->provides[0], "a");
    assert_string_equal(s->provides[1], "b");
    assert_string_equal(s->provides[3], "d");
    assert_true(manifest_lists(s->provides, s->provides_count, "c"));
    assert_false(manifest_lists(s->provides, 2, "c"));
    assert_false(manifest_lists(s->provides, s->provides_count, "e"));
    assert_string_equal(with("provides=abcdefghijklmno")->provides[0], "abcdefghijklmno");

    refused("provides=a,b,c,d,e", "too many names in provides (at most 4)");
    refused("provides=a,b provides=c,d,e", "too many names in provides (at most 4)");
    refused("provides=a,b,a", "'a' is listed twice in provides");
    refused("provides=a provides=a", "'a' is listed twice in provides");
    refused("provides=a,,b", "bad name '' in provides: 1 to 15 of a-z 0-9 - _, starting with a letter");
    refused("provides=a,", "bad name '' in provides: 1 to 15 of a-z 0-9 - _, starting with a letter");
    refused("provides=", "bad name '' in provides: 1 to 15 of a-z 0-9 - _, starting with a letter");
    refused("provides=x,Net", "bad name 'Net' in provides: 1 to 15 of a-z 0-9 - _, starting with a letter");
    refused("provides=abcdefghijklmnop",
            "bad name 'abcdefghijklmnop' in provides: 1 to 15 of a-z 0-9 - _, starting with a letter");
    /* Providing and seeing one name are two different things. */
    s = with("provides=a sees=a");
    assert_int_equal(s->provides_count, 1);
    assert_int_equal(s->sees_count, 1);
}

static void test_sees(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("sees=a,b,c,d sees=e,f,g,h");
    assert_int_equal(s->sees_count, 8);
    assert_string_equal(s->sees[7], "h");
    assert_true(manifest_lists(s->sees, s->sees_count, "e"));
    refused("sees=a,b,c,d,e,f,g,h,i", "too many names in sees (at most 8)");
    refused("sees=a sees=b,a", "'a' is listed twice in sees");
    refused("sees=9", "bad name '9' in sees: 1 to 15 of a-z 0-9 - _, starting with a letter");
}

static void test_ioport(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("ioport=0x60-0x64 ioport=0-0xffff ioport=1016-1016");
    assert_int_equal(s->device_count, 3);
    assert_int_equal(s->device[0].kind, DEVICE_IOPORT);
    assert_int_equal(s->device[0].first, 0x60);
    assert_int_equal(s->device[0].last, 0x64);
    assert_int_equal(s->device[1].first, 0);
    assert_int_equal(s->device[1].last, 0xffff);
    assert_int_equal(s->device[2].first, 0x3f8);
    assert_int_equal(s->device[2].last, 0x3f8);
    refused("ioport=0x60-0x40", "ioport range '0x60-0x40' ends before it starts");
    refused("ioport=0-0x10000",
            "bad value '0-0x10000' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=65536-65536",
            "bad value '65536-65536' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=0x60", "bad value '0x60' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=0x60-", "bad value '0x60-' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=-0x60", "bad value '-0x60' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=1-2-3", "bad value '1-2-3' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
    refused("ioport=0x10000000000000060-0x64",
            "bad value '0x10000000000000060-0x64' for ioport: FIRST-LAST, each a number from 0 to 0xffff");
}

static void test_irq(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("irq=0 irq=1023 irq=0x3ff");
    assert_int_equal(s->device_count, 3);
    assert_int_equal(s->device[0].kind, DEVICE_IRQ);
    assert_int_equal(s->device[0].first, 0);
    assert_int_equal(s->device[0].last, 0);
    assert_int_equal(s->device[1].first, 1023);
    assert_int_equal(s->device[1].last, 1023);
    refused("irq=1024", "bad value '1024' for irq: a number from 0 to 1023");
    refused("irq=0x400", "bad value '0x400' for irq: a number from 0 to 1023");
    refused("irq=-1", "bad value '-1' for irq: a number from 0 to 1023");
}

static void test_mmio(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("mmio=0xfee00000+0x1000 mmio=0+4096 mmio=0xffffffffffffe000+0x1000");
    assert_int_equal(s->device_count, 3);
    assert_int_equal(s->device[0].kind, DEVICE_MMIO);
    assert_int_equal(s->device[0].first, 0xfee00000);
    assert_int_equal(s->device[0].last, 0xfee00fff);
    assert_int_equal(s->device[1].first, 0);
    assert_int_equal(s->device[1].last, 0xfff);
    assert_int_equal(s->device[2].first, 0xffffffffffffe000u);
    assert_int_equal(s->device[2].last, 0xffffffffffffefffu);
    refused("mmio=0xfee00800+0x1000", "mmio base in '0xfee00800+0x1000' is not a multiple of 4 KiB");
    refused("mmio=0x1000+0", "mmio size in '0x1000+0' is not a non-zero multiple of 4 KiB");
    refused("mmio=0x1000+0x800", "mmio size in '0x1000+0x800' is not a non-zero multiple of 4 KiB");
    refused("mmio=0x1000+0x1001", "mmio size in '0x1000+0x1001' is not a non-zero multiple of 4 KiB");
    refused("mmio=0xfffffffffffff000+0x1000", "mmio range '0xfffffffffffff000+0x1000' goes beyond 64 bits");
    refused("mmio=0x1000+0xfffffffffffff000", "mmio range '0x1000+0xfffffffffffff000' goes beyond 64 bits");
    refused("mmio=0x10000000000000000+0x1000",
            "bad value '0x10000000000000000+0x1000' for mmio: BASE+SIZE, two numbers");
    refused("mmio=0x1000-0x2000", "bad value '0x1000-0x2000' for mmio: BASE+SIZE, two numbers");
    refused("mmio=0x1000+", "bad value '0x1000+' for mmio: BASE+SIZE, two numbers");
    refused("mmio=+0x1000", "bad value '+0x1000' for mmio: BASE+SIZE, two numbers");
}

static void test_device_limit(void **state)
{
    const struct manifest_service *s;

    (void)state;
    s = with("irq=1 irq=2 ioport=1-2 ioport=3-4 mmio=0+0x1000 mmio=0+0x1000 irq=3 irq=4");
    assert_int_equal(s->device_count, 8);
    assert_int_equal(s->device[4].kind, DEVICE_MMIO);
    assert_int_equal(s->device[7].first, 4);
    refused("irq=1 irq=2 ioport=1-2 ioport=3-4 mmio=0+0x1000 mmio=0+0x1000 irq=3 irq=4 irq=5",
            "too many devices (at most 8)");
    refused("irq=1 irq=2 irq=3 irq=4 irq=5 irq=6 irq=7 irq=8 mmio=0x1000+0x1000",
            "too many devices (at most 8)");
}

static void test_files_and_tests(void **state)
{
    (void)state;
    assert_true(with("files=yes")->files);
    assert_false(with("files=no")->files);
    assert_true(with("tests=yes")->tests);
    assert_false(with("tests=yes")->files);
    assert_false(with("tests=no")->tests);
    refused("files=true", "bad value 'true' for files: yes or no");
    refused("tests=", "bad value '' for tests: yes or no");
    refused("tests=YES", "bad value 'YES' for tests: yes or no");
}

static void test_arguments(void **state)
{
    const struct manifest_service *s;
    char option[128], why[160];

    (void)state;
    s = with("-- 1 2 3 4 5 6 7");
    assert_int_equal(s->arg_count, 7);
    assert_string_equal(s->args[0], "1");
    assert_string_equal(s->args[6], "7");
    assert_int_equal(with("--")->arg_count, 0);
    assert_int_equal(with("-- ")->arg_count, 0);
    s = with("priority=9 -- -- x=y /z");
    assert_int_equal(s->priority, 9);
    assert_int_equal(s->arg_count, 3);
    assert_string_equal(s->args[0], "--");
    assert_string_equal(s->args[1], "x=y");
    refused("-- 1 2 3 4 5 6 7 8", "too many arguments (at most 7)");

    snprintf(option, sizeof(option), "-- %s", repeat('a', 63));
    assert_int_equal(strlen(with(option)->args[0]), 63);
    snprintf(option, sizeof(option), "-- %s", repeat('a', 64));
    snprintf(why, sizeof(why), "argument '%s' longer than 63 bytes", repeat('a', 64));
    refused(option, why);
}

static void test_duplicate_services(void **state)
{
    (void)state;
    parse("service a /a\nservice b /b\n\nservice b /c\nservice a /a\n");
    assert_int_equal(m.count, 2);
    assert_string_equal(m.service[1].path, "/b");
    assert_int_equal(m.errors, 2);
    assert_int_equal(reports[0].line, 4);
    assert_string_equal(reports[0].why, "service 'b' is already defined on line 2");
    assert_int_equal(reports[1].line, 5);
    assert_string_equal(reports[1].why, "service 'a' is already defined on line 1");
    /* The name of a line that failed is not taken. */
    parse("service a /a priority=0\nservice a /a\n");
    assert_int_equal(m.count, 1);
    assert_int_equal(m.service[0].line, 2);
}

static void test_service_limit(void **state)
{
    char text[2048];
    size_t used = 0;

    (void)state;
    for (unsigned i = 0; i < MANIFEST_MAX_SERVICES + 2; i++)
        used += snprintf(text + used, sizeof(text) - used, "service s%u /sbin/s%u\n", i, i);
    snprintf(text + used, sizeof(text) - used, "service s0 /x\n");
    parse(text);
    assert_int_equal(m.count, MANIFEST_MAX_SERVICES);
    assert_string_equal(m.service[15].name, "s15");
    assert_int_equal(m.service[15].line, 16);
    assert_int_equal(m.errors, 3);
    assert_int_equal(reports[0].line, 17);
    assert_string_equal(reports[0].why, "too many services (at most 16)");
    assert_int_equal(reports[1].line, 18);
    assert_string_equal(reports[1].why, "too many services (at most 16)");
    assert_int_equal(reports[2].line, 19);
    assert_string_equal(reports[2].why, "service 's0' is already defined on line 1");
    assert_null(manifest_find(&m, "s16"));
}

static void test_no_reporter(void **state)
{
    const char *text = "x\nservice a /a\ny";

    (void)state;
    manifest_parse(&m, text, strlen(text), NULL, NULL);
    assert_int_equal(m.count, 1);
    assert_int_equal(m.errors, 2);
}

/* What a kept service always is, whatever the text was. */
static void check_sound(const struct manifest_service *s)
{
    assert_true(strnlen(s->name, MANIFEST_NAME_MAX) < MANIFEST_NAME_MAX);
    assert_true(s->name[0] >= 'a' && s->name[0] <= 'z');
    assert_int_equal(s->path[0], '/');
    assert_true(strnlen(s->path, MANIFEST_PATH_MAX) < MANIFEST_PATH_MAX);
    assert_true(s->arg_count <= MANIFEST_MAX_ARGS);
    for (unsigned i = 0; i < s->arg_count; i++)
        assert_true(strnlen(s->args[i], MANIFEST_ARG_MAX) < MANIFEST_ARG_MAX);
    assert_true(s->priority >= 1 && s->priority <= 253);
    assert_true(s->retries <= 1000);
    assert_true(s->backoff_ms >= 1 && s->backoff_ms <= 60000);
    assert_true(s->provides_count <= MANIFEST_MAX_PROVIDES);
    assert_true(s->sees_count <= MANIFEST_MAX_SEES);
    assert_true(s->device_count <= MANIFEST_MAX_DEVICES);
    for (unsigned i = 0; i < s->device_count; i++)
        assert_true(s->device[i].first <= s->device[i].last);
}

/* A tiny fixed-seed generator, so that a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}

/* Random bytes, or lines of service definitions made of random pieces,
 * whole options and fragments of them, which get further into the parser. */
static size_t junk(char *buf, size_t max)
{
    static const char *const pieces[] = {
        "priority=7 ", "restart=always ", "retries=3 ", "backoff=0x10 ", "provides=x,y ", "sees=a ",
        "irq=3 ", "ioport=1-2 ", "mmio=0x1000+0x1000 ", "files=yes ", "tests=no ", "-- ", "arg ",
        "priority=", "provides=", "sees=", "ioport=", "irq=", "mmio=", "#", "0x", "1", "253",
        "0xffff", "18446744073709551616", "-", "+", ",", "=", " ", "\t", "\r", "\n", "x", "\0",
        "\xff",
    };
    size_t n = 0, want = rng() % max;

    if (rng() % 4 == 0) {
        while (n < want)
            buf[n++] = (char)rng();
        return n;
    }
    while (n < want) {
        char piece[32];
        size_t len;

        if (rng() % 6 == 0) {
            len = (size_t)snprintf(piece, sizeof(piece), "\nservice s%u /p ", rng() % 20);
        } else {
            const char *p = pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];

            len = *p ? strlen(p) : 1;   /* "\0" is one byte */
            memcpy(piece, p, len);
        }
        if (n + len > want)
            break;
        memcpy(buf + n, piece, len);
        n += len;
    }
    return n;
}

static void test_junk(void **state)
{
    char buf[1200];
    unsigned kept = 0, refused_lines = 0;

    (void)state;
    for (unsigned i = 0; i < 10000; i++) {
        size_t n = junk(buf, sizeof(buf));

        parse_n(buf, n);
        assert_true(m.count <= MANIFEST_MAX_SERVICES);
        for (unsigned j = 0; j < report_count; j++)
            assert_true(strlen(reports[j].why) > 0);
        for (unsigned j = 0; j < m.count; j++)
            check_sound(&m.service[j]);
        kept += m.count;
        refused_lines += m.errors;
    }
    /* Services are kept and lines refused by the thousand: the loop reaches
     * every option and its errors, not only the first token. */
    assert_true(kept > 1000);
    assert_true(refused_lines > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_empty_and_comments),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_bad_line_among_good),
        cmocka_unit_test(test_bad_line_skipped_whole),
        cmocka_unit_test(test_line_length),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_not_terminated),
        cmocka_unit_test(test_service_names),
        cmocka_unit_test(test_directives_and_missing_parts),
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_priority),
        cmocka_unit_test(test_number_syntax),
        cmocka_unit_test(test_restart),
        cmocka_unit_test(test_retries_and_backoff),
        cmocka_unit_test(test_options_given_twice),
        cmocka_unit_test(test_not_options),
        cmocka_unit_test(test_provides),
        cmocka_unit_test(test_sees),
        cmocka_unit_test(test_ioport),
        cmocka_unit_test(test_irq),
        cmocka_unit_test(test_mmio),
        cmocka_unit_test(test_device_limit),
        cmocka_unit_test(test_files_and_tests),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_duplicate_services),
        cmocka_unit_test(test_service_limit),
        cmocka_unit_test(test_no_reporter),
        cmocka_unit_test(test_junk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
