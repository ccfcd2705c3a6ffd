/* SPDX-License-Identifier: GPL-2.0-only */
/* The table behind bits.h, pow2[n] == 2^n, little-endian stores, and the
 * highest set bit of a word. */
#include "bits.h"

#define P2(n) ((uint64_t)1 << (n))
const uint64_t pow2[64] = {
    P2(0), P2(1), P2(2), P2(3), P2(4), P2(5), P2(6), P2(7), P2(8), P2(9), P2(10), P2(11),
    P2(12), P2(13), P2(14), P2(15), P2(16), P2(17), P2(18), P2(19), P2(20), P2(21), P2(22),
    P2(23), P2(24), P2(25), P2(26), P2(27), P2(28), P2(29), P2(30), P2(31), P2(32), P2(33),
    P2(34), P2(35), P2(36), P2(37), P2(38), P2(39), P2(40), P2(41), P2(42), P2(43), P2(44),
    P2(45), P2(46), P2(47), P2(48), P2(49), P2(50), P2(51), P2(52), P2(53), P2(54), P2(55),
    P2(56), P2(57), P2(58), P2(59), P2(60), P2(61), P2(62), P2(63),
};

/* Little-endian `size` bytes of `v` at `p`: what user space reads as words
 * (the boot-info page, IPC buffers) is stored byte by byte. */
/*@ requires size <= 8 && \valid(p + (0 .. size - 1));
    assigns p[0 .. size - 1];
*/
void put_le(uint8_t *p, unsigned size, uint64_t v)
{
    unsigned i;

    /*@ loop invariant 0 <= i <= size;
        loop assigns i, v, p[0 .. size - 1];
        loop variant size - i;
    */
    for (i = 0; i < size; i++) {
        p[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
}

/* The number of the highest bit set in `w`, by halving: six steps for any
 * word (the scheduler's bitmap lookup). */
/*@ requires w != 0;
    assigns \nothing;
    ensures \result < 64 && pow2[\result] <= w;
    ensures \result < 63 ==> w < pow2[\result + 1];
*/
unsigned bits_highest(uint64_t w)
{
    unsigned r = 0, step;

    /*@ loop invariant step == 0 || step == 1 || step == 2 || step == 4 || step == 8 ||
                       step == 16 || step == 32;
        loop invariant r + 2 * step <= 64 && r < 64;
        loop invariant step > 0 ==> r % (2 * step) == 0;
        loop invariant pow2[r] <= w;
        loop invariant step > 0 && r + 2 * step < 64 ==> w < pow2[r + 2 * step];
        loop invariant step == 0 && r < 63 ==> w < pow2[r + 1];
        loop assigns r, step;
        loop variant step;
    */
    for (step = 32; step != 0; step /= 2)
        if (w >= pow2[r + step])
            r += step;
    return r;
}
