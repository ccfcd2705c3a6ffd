/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Character classes of the "C" locale, the only locale there is: ASCII.
 * Each takes an int that is EOF or an unsigned char value, as C says;
 * any other value is simply in no class and left alone by the conversions.
 */
#ifndef CAIRN_LIBC_CTYPE_H
#define CAIRN_LIBC_CTYPE_H

int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isalpha(int c);
int isalnum(int c);
int isprint(int c);
int toupper(int c);
int tolower(int c);

#endif
