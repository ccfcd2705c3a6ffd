/* SPDX-License-Identifier: BSD-2-Clause */
/* What the fuzz harnesses share: libFuzzer's entry point (also called by
 * replay.c, the CTest replay of the corpus), and how a broken promise ends
 * the run. */
#ifndef CAIRN_FUZZ_H
#define CAIRN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A reader broke one of its promises: say which, then die, so that both
 * libFuzzer and CTest see a crash. */
#define PROMISE(cond)                                                                   \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, __LINE__, #cond);  \
            abort();                                                                    \
        }                                                                               \
    } while (0)

#endif
