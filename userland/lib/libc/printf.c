/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * printf and its relatives (the conversions are listed in stdio.h). One
 * formatter writes a byte at a time into a sink: for snprintf the caller's
 * buffer, whose overflow is counted but dropped; for printf a buffer on the
 * stack, flushed to cairn_console_write each time it fills.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CONSOLE_CHUNK 128   /* bytes printf gathers before each console write */

/* %zd reads the size_t-sized signed type as a ptrdiff_t. */
_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "%zd and %td share a type");

struct sink {
    char *buf;          /* where the bytes go */
    size_t cap;         /* bytes buf holds (for snprintf, without the final NUL) */
    size_t used;        /* bytes in buf */
    size_t total;       /* bytes produced, kept or not: what printf returns */
    bool console;       /* a full buf is flushed to the console, not dropped */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

/* One conversion specification, %[flags][width][.precision][length]conv. */
struct spec {
    bool left;          /* '-': pad on the right */
    bool zero;          /* '0': pad numbers with zeros */
    bool plus;          /* '+': a sign even on positive numbers */
    bool space;         /* ' ': a space where a '+' would go */
    bool alt;           /* '#': 0x on hex, a leading 0 on octal */
    int width;          /* minimum bytes, 0 when none */
    int precision;      /* minimum digits or maximum string bytes; -1 when none */
    enum length length;
    char conv;
};

static void sink_put(struct sink *s, char c)
{
    s->total++;
    if (s->used == s->cap) {
        if (!s->console)
            return;
        cairn_console_write(s->buf, s->used);
        s->used = 0;
    }
    s->buf[s->used++] = c;
}

static void sink_write(struct sink *s, const char *str, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sink_put(s, str[i]);
}

static void sink_pad(struct sink *s, char c, int n)
{
    for (; n > 0; n--)
        sink_put(s, c);
}

static const char *parse_flags(const char *fmt, struct spec *sp)
{
    for (;; fmt++) {
        switch (*fmt) {
        case '-': sp->left = true; break;
        case '0': sp->zero = true; break;
        case '+': sp->plus = true; break;
        case ' ': sp->space = true; break;
        case '#': sp->alt = true; break;
        default: return fmt;
        }
    }
}

/* A decimal count, saturating at INT_MAX rather than overflowing. */
static const char *parse_count(const char *fmt, int *count)
{
    *count = 0;
    for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
        int d = *fmt - '0';

        *count = *count > (INT_MAX - d) / 10 ? INT_MAX : *count * 10 + d;
    }
    return fmt;
}

/* Width: digits, or '*' taking an int, where a negative one means '-'. */
static const char *parse_width(const char *fmt, struct spec *sp, va_list *ap)
{
    if (*fmt != '*')
        return parse_count(fmt, &sp->width);
    sp->width = va_arg(*ap, int);
    if (sp->width < 0) {
        sp->left = true;
        sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
    }
    return fmt + 1;
}

/* Precision: '.' then digits (none means 0) or '*', where a negative one
 * means no precision at all. */
static const char *parse_precision(const char *fmt, struct spec *sp, va_list *ap)
{
    sp->precision = -1;
    if (*fmt != '.')
        return fmt;
    fmt++;
    if (*fmt != '*')
        return parse_count(fmt, &sp->precision);
    sp->precision = va_arg(*ap, int);
    if (sp->precision < 0)
        sp->precision = -1;
    return fmt + 1;
}

static const char *parse_length(const char *fmt, struct spec *sp)
{
    switch (*fmt) {
    case 'h':
        if (fmt[1] == 'h') {
            sp->length = LEN_CHAR;
            return fmt + 2;
        }
        sp->length = LEN_SHORT;
        return fmt + 1;
    case 'l':
        if (fmt[1] == 'l') {
            sp->length = LEN_LLONG;
            return fmt + 2;
        }
        sp->length = LEN_LONG;
        return fmt + 1;
    case 'z': sp->length = LEN_SIZE; return fmt + 1;
    case 'j': sp->length = LEN_MAX; return fmt + 1;
    case 't': sp->length = LEN_PTRDIFF; return fmt + 1;
    default: sp->length = LEN_INT; return fmt;
    }
}

/* Reads the specification after a '%'; returns where its conversion
 * character is (a NUL when the format ends inside it). */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ 0 };
    fmt = parse_flags(fmt, sp);
    fmt = parse_width(fmt, sp, ap);
    fmt = parse_precision(fmt, sp, ap);
    fmt = parse_length(fmt, sp);
    sp->conv = *fmt;
    return fmt;
}

/* The argument of %d or %i, of the type its length modifier names. */
static intmax_t signed_arg(enum length length, va_list *ap)
{
    switch (length) {
    case LEN_CHAR: return (signed char)va_arg(*ap, int);
    case LEN_SHORT: return (short)va_arg(*ap, int);
    case LEN_LONG: return va_arg(*ap, long);
    case LEN_LLONG: return va_arg(*ap, long long);
    case LEN_SIZE: return va_arg(*ap, ptrdiff_t);
    case LEN_MAX: return va_arg(*ap, intmax_t);
    case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, int);
    }
}

/* The argument of %u, %x, %X or %o, of the type its length modifier names. */
static uintmax_t unsigned_arg(enum length length, va_list *ap)
{
    switch (length) {
    case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned);
    case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned);
    case LEN_LONG: return va_arg(*ap, unsigned long);
    case LEN_LLONG: return va_arg(*ap, unsigned long long);
    case LEN_SIZE: return va_arg(*ap, size_t);
    case LEN_MAX: return va_arg(*ap, uintmax_t);
    case LEN_PTRDIFF: return (size_t)va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, unsigned);
    }
}

/* Writes the digits of v in base (8, 10 or 16) backwards into digits;
 * returns how many. Zero has no digits: precision decides whether it shows. */
static int digits_reversed(uintmax_t v, unsigned base, bool upper, char digits[])
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    for (; v != 0; v /= base)
        digits[n++] = set[v % base];
    return n;
}

/* What goes before the zeros and digits: a sign, or 0x / 0X. */
static int integer_prefix(const struct spec *sp, uintmax_t v, bool negative, char prefix[])
{
    int n = 0;

    if (negative)
        prefix[n++] = '-';
    else if ((sp->conv == 'd' || sp->conv == 'i') && (sp->plus || sp->space))
        prefix[n++] = sp->plus ? '+' : ' ';
    if (sp->conv == 'p' || (sp->alt && v != 0 && (sp->conv == 'x' || sp->conv == 'X'))) {
        prefix[n++] = '0';
        prefix[n++] = sp->conv == 'X' ? 'X' : 'x';
    }
    return n;
}

/* An integer conversion: the magnitude v, with a '-' when negative. */
static void put_integer(struct sink *s, const struct spec *sp, uintmax_t v, bool negative)
{
    char digits[24];        /* 22 octal digits hold 64 bits */
    char prefix[3];
    bool decimal = sp->conv == 'd' || sp->conv == 'i' || sp->conv == 'u';
    unsigned base = sp->conv == 'o' ? 8 : decimal ? 10 : 16;
    int ndigits = digits_reversed(v, base, sp->conv == 'X', digits);
    int nprefix = integer_prefix(sp, v, negative, prefix);
    int precision = sp->precision < 0 ? 1 : sp->precision;
    int zeros = precision > ndigits ? precision - ndigits : 0;
    int pad;

    if (sp->conv == 'o' && sp->alt && zeros == 0)
        zeros = 1;      /* '#' makes the first octal digit a 0 */
    pad = sp->width - nprefix - zeros - ndigits;
    if (sp->zero && !sp->left && sp->precision < 0 && pad > 0) {
        zeros += pad;   /* '0' pads between the prefix and the digits */
        pad = 0;
    }
    if (!sp->left)
        sink_pad(s, ' ', pad);
    sink_write(s, prefix, (size_t)nprefix);
    sink_pad(s, '0', zeros);
    while (ndigits > 0)
        sink_put(s, digits[--ndigits]);
    if (sp->left)
        sink_pad(s, ' ', pad);
}

/* Bytes padded to the width, on the side the '-' flag says. */
static void put_padded(struct sink *s, const struct spec *sp, const char *str, size_t n)
{
    int pad = (size_t)sp->width > n ? sp->width - (int)n : 0;

    if (!sp->left)
        sink_pad(s, ' ', pad);
    sink_write(s, str, n);
    if (sp->left)
        sink_pad(s, ' ', pad);
}

/* %s: at most precision bytes, and none read past them. */
static void put_string(struct sink *s, const struct spec *sp, const char *str)
{
    if (str == NULL)
        str = "(null)";
    put_padded(s, sp, str, strnlen(str, sp->precision < 0 ? SIZE_MAX : (size_t)sp->precision));
}

/* Performs one parsed conversion; false when sp->conv is not one. */
static bool convert(struct sink *s, const struct spec *sp, va_list *ap)
{
    intmax_t v;
    char c;

    switch (sp->conv) {
    case 'd':
    case 'i':
        v = signed_arg(sp->length, ap);
        put_integer(s, sp, v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v, v < 0);
        return true;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        put_integer(s, sp, unsigned_arg(sp->length, ap), false);
        return true;
    case 'p':
        put_integer(s, sp, (uintptr_t)va_arg(*ap, void *), false);
        return true;
    case 'c':
        c = (char)va_arg(*ap, int);
        put_padded(s, sp, &c, 1);
        return true;
    case 's':
        put_string(s, sp, va_arg(*ap, const char *));
        return true;
    case '%':
        sink_put(s, '%');
        return true;
    default:
        return false;
    }
}

/* The formatter. A specification that is unknown, or cut short by the end of
 * fmt, is printed as written. */
static void format(struct sink *s, const char *fmt, va_list *ap)
{
    struct spec sp;

    while (*fmt != '\0') {
        const char *start = fmt;

        if (*fmt != '%') {
            sink_put(s, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &sp, ap);
        if (*fmt != '\0')
            fmt++;
        if (sp.conv == '\0' || !convert(s, &sp, ap))
            sink_write(s, start, (size_t)(fmt - start));
    }
}

/* C's return value: the byte count, or negative when an int cannot hold it. */
static int byte_count(size_t total)
{
    return total > INT_MAX ? -1 : (int)total;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
    struct sink s = { .buf = buf, .cap = size > 0 ? size - 1 : 0 };
    va_list args;

    va_copy(args, ap);
    format(&s, fmt, &args);
    va_end(args);
    if (size > 0)
        buf[s.used] = '\0';
    return byte_count(s.total);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    char chunk[CONSOLE_CHUNK];
    struct sink s = { .buf = chunk, .cap = sizeof(chunk), .console = true };
    va_list args;

    va_copy(args, ap);
    format(&s, fmt, &args);
    va_end(args);
    if (s.used > 0)
        cairn_console_write(chunk, s.used);
    return byte_count(s.total);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int puts(const char *s)
{
    cairn_console_write(s, strlen(s));
    cairn_console_write("\n", 1);
    return 0;
}

int putchar(int c)
{
    char byte = (char)c;

    cairn_console_write(&byte, 1);
    return (unsigned char)c;
}
