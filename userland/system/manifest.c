/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The service manifest parser (the format is in spec/system.md).
 *
 * Each line is copied, at most MANIFEST_LINE_MAX bytes of it, into a buffer
 * of its own with a NUL after it; tokens are then cut out of that copy in
 * place. So nothing reads past `size`, and the text needs no terminator.
 * A line is parsed into a service on the stack and kept only once every
 * part of it is sound: a bad line leaves nothing behind. Each check that
 * fails writes why into the parser and returns false, up to read_line,
 * which reports it once.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "manifest.h"

#define WHY_MAX      384u    /* the longest message quotes a whole line */
#define IOPORT_LAST  0xffffu
#define IRQ_LAST     1023u
#define MMIO_PAGE    4096u
#define NAME_RULE    "1 to 15 of a-z 0-9 - _, starting with a letter"

struct parser {
    struct manifest *m;
    manifest_report_fn *report;
    void *ctx;
    unsigned line;
    char why[WHY_MAX];
};

__attribute__((format(printf, 2, 3)))
static bool complain(struct parser *p, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(p->why, sizeof(p->why), fmt, ap);
    va_end(ap);
    return false;
}

/* Count the line as skipped and report it. The message quotes the line's
 * own bytes: control characters become '?' so they reach no console. */
static void reject(struct parser *p)
{
    for (char *c = p->why; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    p->m->errors++;
    if (p->report)
        p->report(p->ctx, p->line, p->why);
}

/* The next token of the line at *cursor, NUL-terminated in place; NULL at
 * the end of the line or at a comment (then at every later call too). */
static char *next_token(char **cursor)
{
    char *s = *cursor, *start;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0' || *s == '#') {
        *cursor = s;
        return NULL;
    }
    start = s;
    while (*s != '\0' && *s != ' ' && *s != '\t')
        s++;
    if (*s != '\0')
        *s++ = '\0';
    *cursor = s;
    return start;
}

/* Service and registry names: the n bytes at s. */
static bool valid_name(const char *s, size_t n)
{
    if (n == 0 || n >= MANIFEST_NAME_MAX || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* The value of c as a digit in base 10 or 16, or -1. */
static int digit_value(char c, unsigned base)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (base == 16 && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The number in the n bytes at s: decimal, or hex after "0x". No sign, no
 * junk after the digits, nothing beyond 64 bits (strtoull would clamp). */
static bool parse_number(const char *s, size_t n, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (n > 2 && s[0] == '0' && s[1] == 'x') {
        base = 16;
        s += 2;
        n -= 2;
    }
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        int d = digit_value(s[i], base);

        if (d < 0 || v > (UINT64_MAX - (unsigned)d) / base)
            return false;
        v = v * base + (unsigned)d;
    }
    *out = v;
    return true;
}

static bool number_in(struct parser *p, const char *key, const char *value,
                      uint64_t min, uint64_t max, uint64_t *out)
{
    if (!parse_number(value, strlen(value), out) || *out < min || *out > max)
        return complain(p, "bad value '%s' for %s: a number from %llu to %llu", value, key,
                        (unsigned long long)min, (unsigned long long)max);
    return true;
}

/* Two numbers with `sep` between them, as in ioport=FIRST-LAST. */
static bool number_pair(const char *value, char sep, uint64_t *a, uint64_t *b)
{
    const char *at = strchr(value, sep);

    return at && parse_number(value, (size_t)(at - value), a) &&
           parse_number(at + 1, strlen(at + 1), b);
}

static bool yes_or_no(struct parser *p, const char *key, const char *value, bool *out)
{
    if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
        return complain(p, "bad value '%s' for %s: yes or no", value, key);
    *out = strcmp(value, "yes") == 0;
    return true;
}

/* Add the comma-separated names of `value` to a list of at most `max`. */
static bool add_names(struct parser *p, const char *key, const char *value,
                      char (*names)[MANIFEST_NAME_MAX], unsigned *count, unsigned max)
{
    for (;;) {
        size_t n = strcspn(value, ",");
        char name[MANIFEST_NAME_MAX];

        if (!valid_name(value, n))
            return complain(p, "bad name '%.*s' in %s: " NAME_RULE, (int)n, value, key);
        memcpy(name, value, n);
        name[n] = '\0';
        if (manifest_lists(names, *count, name))
            return complain(p, "'%s' is listed twice in %s", name, key);
        if (*count == max)
            return complain(p, "too many names in %s (at most %u)", key, max);
        memcpy(names[(*count)++], name, n + 1);
        if (value[n] == '\0')
            return true;
        value += n + 1;
    }
}

static bool add_device(struct parser *p, struct manifest_service *s,
                       enum manifest_device_kind kind, uint64_t first, uint64_t last)
{
    if (s->device_count == MANIFEST_MAX_DEVICES)
        return complain(p, "too many devices (at most %u)", MANIFEST_MAX_DEVICES);
    s->device[s->device_count++] = (struct manifest_device){ kind, first, last };
    return true;
}

/* One function per option: parse the value, set it in the service. */

static bool set_priority(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t v;

    if (!number_in(p, key, value, 1, 253, &v))
        return false;
    s->priority = (uint8_t)v;
    return true;
}

static bool set_restart(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    if (strcmp(value, "never") == 0)
        s->restart = RESTART_NEVER;
    else if (strcmp(value, "on-failure") == 0)
        s->restart = RESTART_ON_FAILURE;
    else if (strcmp(value, "always") == 0)
        s->restart = RESTART_ALWAYS;
    else
        return complain(p, "bad value '%s' for %s: never, on-failure or always", value, key);
    return true;
}

static bool set_retries(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t v;

    if (!number_in(p, key, value, 0, 1000, &v))
        return false;
    s->retries = (uint32_t)v;
    return true;
}

static bool set_backoff(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t v;

    if (!number_in(p, key, value, 1, 60000, &v))
        return false;
    s->backoff_ms = (uint32_t)v;
    return true;
}

static bool add_provides(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    return add_names(p, key, value, s->provides, &s->provides_count, MANIFEST_MAX_PROVIDES);
}

static bool add_sees(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    return add_names(p, key, value, s->sees, &s->sees_count, MANIFEST_MAX_SEES);
}

static bool add_ioport(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t first, last;

    if (!number_pair(value, '-', &first, &last) || first > IOPORT_LAST || last > IOPORT_LAST)
        return complain(p, "bad value '%s' for %s: FIRST-LAST, each a number from 0 to 0xffff",
                        value, key);
    if (first > last)
        return complain(p, "ioport range '%s' ends before it starts", value);
    return add_device(p, s, DEVICE_IOPORT, first, last);
}

static bool add_irq(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t v;

    if (!number_in(p, key, value, 0, IRQ_LAST, &v))
        return false;
    return add_device(p, s, DEVICE_IRQ, v, v);
}

static bool add_mmio(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    uint64_t base, size;

    if (!number_pair(value, '+', &base, &size))
        return complain(p, "bad value '%s' for %s: BASE+SIZE, two numbers", value, key);
    if (base % MMIO_PAGE != 0)
        return complain(p, "mmio base in '%s' is not a multiple of 4 KiB", value);
    if (size == 0 || size % MMIO_PAGE != 0)
        return complain(p, "mmio size in '%s' is not a non-zero multiple of 4 KiB", value);
    if (size > UINT64_MAX - base)
        return complain(p, "mmio range '%s' goes beyond 64 bits", value);
    return add_device(p, s, DEVICE_MMIO, base, base + size - 1);
}

static bool set_files(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    return yes_or_no(p, key, value, &s->files);
}

static bool set_tests(struct parser *p, struct manifest_service *s, const char *key, const char *value)
{
    return yes_or_no(p, key, value, &s->tests);
}

struct option {
    const char *key;
    bool repeatable;
    bool (*parse)(struct parser *p, struct manifest_service *s, const char *key, const char *value);
};

static const struct option options[] = {
    { "priority", false, set_priority },
    { "restart",  false, set_restart },
    { "retries",  false, set_retries },
    { "backoff",  false, set_backoff },
    { "provides", true,  add_provides },
    { "sees",     true,  add_sees },
    { "ioport",   true,  add_ioport },
    { "irq",      true,  add_irq },
    { "mmio",     true,  add_mmio },
    { "files",    false, set_files },
    { "tests",    false, set_tests },
};

/* One KEY=VALUE token; `given` has a bit per option already seen. */
static bool parse_option(struct parser *p, struct manifest_service *s, char *token, uint32_t *given)
{
    char *eq = strchr(token, '=');

    if (!eq)
        return complain(p, "'%s' is not KEY=VALUE", token);
    *eq = '\0';
    for (unsigned i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        const struct option *o = &options[i];

        if (strcmp(token, o->key) != 0)
            continue;
        if (!o->repeatable && (*given & (1u << i)))
            return complain(p, "option '%s' given twice", token);
        *given |= 1u << i;
        return o->parse(p, s, token, eq + 1);
    }
    return complain(p, "unknown option '%s'", token);
}

static bool add_arg(struct parser *p, struct manifest_service *s, const char *arg)
{
    size_t n = strlen(arg);

    if (s->arg_count == MANIFEST_MAX_ARGS)
        return complain(p, "too many arguments (at most %u)", MANIFEST_MAX_ARGS);
    if (n >= MANIFEST_ARG_MAX)
        return complain(p, "argument '%s' longer than %u bytes", arg, MANIFEST_ARG_MAX - 1);
    memcpy(s->args[s->arg_count++], arg, n + 1);
    return true;
}

static void set_defaults(struct manifest_service *s, unsigned line)
{
    memset(s, 0, sizeof(*s));
    s->line = line;
    s->priority = 100;
    s->restart = RESTART_NEVER;
    s->retries = 5;
    s->backoff_ms = 100;
}

/* The rest of a service line, after "service": NAME PATH options -- args. */
static bool parse_service(struct parser *p, char **cursor, struct manifest_service *s)
{
    const char *name = next_token(cursor), *path = next_token(cursor);
    uint32_t given = 0;
    char *token;

    set_defaults(s, p->line);
    if (!name)
        return complain(p, "missing service name");
    if (!valid_name(name, strlen(name)))
        return complain(p, "bad service name '%s': " NAME_RULE, name);
    if (!path)
        return complain(p, "missing path for service '%s'", name);
    if (path[0] != '/' || strlen(path) >= MANIFEST_PATH_MAX)
        return complain(p, "bad path '%s': starting with '/', at most %u bytes", path,
                        MANIFEST_PATH_MAX - 1);
    memcpy(s->name, name, strlen(name) + 1);
    memcpy(s->path, path, strlen(path) + 1);
    while ((token = next_token(cursor)) && strcmp(token, "--") != 0)
        if (!parse_option(p, s, token, &given))
            return false;
    if (!token)
        return true;    /* no "--", so no arguments */
    while ((token = next_token(cursor)))
        if (!add_arg(p, s, token))
            return false;
    return true;
}

/* Can the manifest take `s`? */
static bool room_for(struct parser *p, const struct manifest_service *s)
{
    const struct manifest_service *old = manifest_find(p->m, s->name);

    if (old)
        return complain(p, "service '%s' is already defined on line %u", s->name, old->line);
    if (p->m->count == MANIFEST_MAX_SERVICES)
        return complain(p, "too many services (at most %u)", MANIFEST_MAX_SERVICES);
    return true;
}

/* One line, without its line end: len bytes at text. */
static bool read_line(struct parser *p, const char *text, size_t len)
{
    char line[MANIFEST_LINE_MAX + 1], *cursor = line, *directive;
    struct manifest_service s;

    if (len > MANIFEST_LINE_MAX)
        return complain(p, "line longer than %u bytes", MANIFEST_LINE_MAX);
    if (memchr(text, '\0', len))
        return complain(p, "NUL byte in the line");
    memcpy(line, text, len);
    line[len] = '\0';
    directive = next_token(&cursor);
    if (!directive)
        return true;
    if (strcmp(directive, "service") != 0)
        return complain(p, "unknown directive '%s'", directive);
    if (!parse_service(p, &cursor, &s) || !room_for(p, &s))
        return false;
    p->m->service[p->m->count++] = s;
    return true;
}

void manifest_parse(struct manifest *m, const char *text, size_t size,
                    manifest_report_fn *report, void *ctx)
{
    struct parser p = { .m = m, .report = report, .ctx = ctx };
    size_t at = 0;

    memset(m, 0, sizeof(*m));
    while (at < size) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - text) : size, len = end - at;

        if (len > 0 && text[end - 1] == '\r')
            len--;
        p.line++;
        if (!read_line(&p, text + at, len))
            reject(&p);
        at = nl ? end + 1 : size;
    }
}

const struct manifest_service *manifest_find(const struct manifest *m, const char *name)
{
    for (unsigned i = 0; i < m->count; i++)
        if (strcmp(m->service[i].name, name) == 0)
            return &m->service[i];
    return NULL;
}

bool manifest_lists(const char (*names)[MANIFEST_NAME_MAX], unsigned count, const char *name)
{
    for (unsigned i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}
