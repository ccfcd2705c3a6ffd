# SPDX-License-Identifier: GPL-2.0-only
# x86_64 kernel: the host's gcc, freestanding (flags in arch/x86_64/arch.cmake).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER gcc)
set(CMAKE_ASM_COMPILER gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CAIRN_ARCH x86_64)
