/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strtol and its relatives. One parser reads the sign and the magnitude as
 * an unsigned long long, saying whether it overflowed; each public function
 * then clamps that to its own type's range.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

struct parsed {
    unsigned long long magnitude;   /* the digits' value, ULLONG_MAX if it overflowed */
    bool negative;                  /* a '-' came before the digits */
    bool overflow;                  /* the digits' value does not fit in magnitude */
};

/* The value of digit c (0-9, then a-z or A-Z for 10-35), or 36 for none. */
static unsigned digit_value(int c)
{
    if (isdigit(c))
        return (unsigned)(c - '0');
    if (isalpha(c))
        return (unsigned)(tolower(c) - 'a' + 10);
    return 36;
}

/* A "0x" or "0X" prefix that is followed by a hex digit: only then is the x
 * part of the number ("0xg" is the number 0 followed by "xg"). */
static bool hex_prefix(const char *s)
{
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;
}

/* Base 0 picks the base from the prefix; base 16 skips an optional 0x. */
static int settle_base(const char **s, int base)
{
    if ((base == 0 || base == 16) && hex_prefix(*s)) {
        *s += 2;
        return 16;
    }
    if (base == 0)
        return **s == '0' ? 8 : 10;
    return base;
}

/* Reads the number at s. *end is left past the last digit, or at s itself
 * when there is no digit (or the base is not 0 or 2-36). */
static struct parsed parse(const char *s, const char **end, int base)
{
    struct parsed p = { 0, false, false };
    const char *at = s;
    unsigned d;

    *end = s;
    if (base < 0 || base == 1 || base > 36)
        return p;
    while (isspace(*at))
        at++;
    if (*at == '-' || *at == '+')
        p.negative = *at++ == '-';
    base = settle_base(&at, base);
    for (; (d = digit_value(*at)) < (unsigned)base; at++) {
        if (p.magnitude > (ULLONG_MAX - d) / (unsigned)base)
            p.overflow = true;
        else
            p.magnitude = p.magnitude * (unsigned)base + d;
        *end = at + 1;
    }
    if (p.overflow)
        p.magnitude = ULLONG_MAX;
    return p;
}

static void set_end(char **endptr, const char *end)
{
    if (endptr != NULL)
        *endptr = (char *)end;
}

/* The value read, clamped to [-max - 1, max] (two's complement); an overflow
 * left ULLONG_MAX, which clamps. A magnitude of exactly max + 1 after a '-'
 * clamps too, to -max - 1: its exact value. */
static long long clamp_signed(struct parsed p, long long max)
{
    if (p.magnitude > (unsigned long long)max)
        return p.negative ? -max - 1 : max;
    return p.negative ? -(long long)p.magnitude : (long long)p.magnitude;
}

/* The value read, clamped to max, then negated if a '-' came before it. */
static unsigned long long clamp_unsigned(struct parsed p, unsigned long long max)
{
    if (p.overflow || p.magnitude > max)
        return max;
    return p.negative ? (0 - p.magnitude) & max : p.magnitude;
}

long strtol(const char *restrict s, char **restrict endptr, int base)
{
    const char *end;
    struct parsed p = parse(s, &end, base);

    set_end(endptr, end);
    return (long)clamp_signed(p, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict endptr, int base)
{
    const char *end;
    struct parsed p = parse(s, &end, base);

    set_end(endptr, end);
    return clamp_signed(p, LLONG_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict endptr, int base)
{
    const char *end;
    struct parsed p = parse(s, &end, base);

    set_end(endptr, end);
    return (unsigned long)clamp_unsigned(p, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict endptr, int base)
{
    const char *end;
    struct parsed p = parse(s, &end, base);

    set_end(endptr, end);
    return clamp_unsigned(p, ULLONG_MAX);
}
