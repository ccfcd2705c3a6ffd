/* SPDX-License-Identifier: GPL-2.0-only */
/* The hello service's one request, for its clients. */
#ifndef HELLO_H
#define HELLO_H

/* call: w0 a number; reply: w0 the number + 1, w1 the caller's badge (who
 * the server knows it as: the supervisor minted it). */
#define HELLO_GREET 1u

#endif
