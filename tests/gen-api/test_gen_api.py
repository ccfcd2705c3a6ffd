#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of scripts/gen-api: the real spec generates code that compiles, and
every kind of malformed spec is refused with the file, the key and the reason."""
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "spec", "api.toml")
loader = importlib.machinery.SourceFileLoader("gen_api", os.path.join(ROOT, "scripts", "gen-api"))
gen_api = importlib.util.module_from_spec(importlib.util.spec_from_loader("gen_api", loader))
loader.exec_module(gen_api)


def spec_text():
    with open(SPEC, encoding="utf-8") as f:
        return f.read()


class GenApiTest(unittest.TestCase):
    def check_rejected(self, text, key, reason):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write(text)
        try:
            with self.assertRaises(gen_api.SpecError) as ctx:
                gen_api.load(f.name)
            msg = str(ctx.exception)
            self.assertTrue(msg.startswith(f.name + ": "), msg)
            self.assertIn(key, msg)
            self.assertRegex(msg, reason)
        finally:
            os.unlink(f.name)

    def test_real_spec_generates_code_that_compiles(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(gen_api.main(["--out", out]), 0)
            src = os.path.join(out, "use.c")
            with open(src, "w") as f:
                f.write('#include "cairn/api.h"\n#include "kernel/api_decode.h"\n'
                        "struct cairn_ipc_buffer *cairn_ipc_buffer;\n"
                        "int use(void);\nint use(void) { uint64_t n; return (int)cairn_cnode_delete(1, 2, 3) +\n"
                        "    (int)cairn_vmo_size(4, &n) + (int)cairn_tcb_read_registers(5, &n, 1) +\n"
                        "    (int)cairn_tcb_write_registers(5, &n, 1); }\n")
            for cc, extra in (("gcc", []), ("riscv64-unknown-elf-gcc", ["-ffreestanding"])):
                for path in (src, os.path.join(out, "kernel", "api_decode.c")):
                    r = subprocess.run([cc, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2", *extra,
                                        "-I", out, "-I", os.path.join(out, "kernel"), "-c", path,
                                        "-o", os.devnull], capture_output=True, text=True)
                    self.assertEqual(r.returncode, 0, f"{cc} {path}: {r.stderr}")

    def test_generation_is_deterministic_and_idempotent(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            gen_api.main(["--out", a])
            gen_api.main(["--out", b])
            for rel in ("cairn/api.h", "cairn/api_types.h", "kernel/api_decode.c"):
                with open(os.path.join(a, rel)) as fa, open(os.path.join(b, rel)) as fb:
                    self.assertEqual(fa.read(), fb.read(), rel)

    def test_constants_match_the_spec(self):
        with tempfile.TemporaryDirectory() as out:
            gen_api.main(["--out", out])
            with open(os.path.join(out, "cairn", "api_types.h")) as f:
                text = f.read()
        self.assertIn("#define CAIRN_ERR_OK 0u", text)
        self.assertIn("#define CAIRN_RIGHT_GRANT (1u << 3)", text)
        self.assertIn("#define CAIRN_LABEL_CNODE_REVOKE 5u", text)
        self.assertIn("#define CAIRN_SYS_YIELD 8u", text)
        self.assertIn("#define CAIRN_RIGHTS_ALL 0x1fu", text)
        self.assertIn("#define CAIRN_SLOT_IRQ_CONTROL 4u", text)
        self.assertIn("#define CAIRN_INITIAL_CSPACE_RADIX 12u", text)

    def test_toml_syntax_error(self):
        self.check_rejected("[errors\n", "(syntax)", "Expected")

    def test_missing_section(self):
        self.check_rejected(re.sub(r"\[rights\].*?\n\n", "", spec_text(), flags=re.S), "rights", "missing")

    def test_duplicate_error_value(self):
        self.check_rejected(spec_text().replace("INVALID_ARGUMENT    = { value = 1,", "INVALID_ARGUMENT    = { value = 2,"),
                            "errors.", "already used by errors.")

    def test_ok_must_be_zero(self):
        self.check_rejected(spec_text().replace("OK                  = { value = 0,", "OK                  = { value = 99,"),
                            "errors.OK", "OK must exist and be 0")

    def test_duplicate_label(self):
        self.check_rejected(spec_text().replace('name = "mint"\nlabel = 2', 'name = "mint"\nlabel = 1'),
                            "objects.cnode.methods[1].label", "already used by copy")

    def test_unknown_argument_type(self):
        self.check_rejected(spec_text().replace('{ name = "count", type = "u16"', '{ name = "count", type = "u17"'),
                            "objects.untyped.methods[0].args[6].type", "is not one of")

    def test_unknown_right(self):
        self.check_rejected(spec_text().replace('rights = ["MANAGE"]', 'rights = ["ADMIN"]', 1),
                            "objects.untyped.methods[0].rights", "drawn from")

    def test_unknown_error_name(self):
        self.check_rejected(spec_text().replace('"LOOKUP_NOT_CNODE", "PREEMPTED", "TRUNCATED_MESSAGE"]\ndoc = "Delete every',
                                                '"LOOKUP_NOT_CNODE", "PREEMPTED", "OOPS"]\ndoc = "Delete every'),
                            "objects.cnode.methods[4].errors", "error names")

    def test_missing_doc(self):
        self.check_rejected(spec_text().replace('doc = "A thread: registers, scheduling parameters, CSpace, VSpace, IPC buffer."', ""),
                            "objects.tcb.doc", "doc string")

    def test_rights_bits_without_gaps(self):
        self.check_rejected(spec_text().replace("MANAGE  = { bit = 4,", "MANAGE  = { bit = 6,"),
                            "rights", "without gaps")

    def test_initial_slot_collision(self):
        self.check_rejected(spec_text().replace("cnode           = { slot = 2,", "cnode           = { slot = 1,"),
                            "initial_slots.", "already used by initial_slots.tcb")

    def test_untyped_slots_after_fixed_ones(self):
        self.check_rejected(spec_text().replace("first_untyped = 16", "first_untyped = 7"),
                            "initial_cspace.first_untyped", "after every initial slot")

    def test_register_used_twice(self):
        self.check_rejected(spec_text().replace('message = ["a2", "a3", "a4", "a5"]', 'message = ["a2", "a3", "a1", "a5"]'),
                            "abi.riscv64", "used for two things")

    def test_register_frame_names_a_register_twice(self):
        self.check_rejected(spec_text().replace('"s0", "s1",\n', '"s0", "s0",\n'),
                            "abi.riscv64.registers", "twice")

    def test_register_frame_longer_than_a_message(self):
        frame = ", ".join(f'"r{i}"' for i in range(65))
        self.check_rejected(spec_text().replace('registers = ["pc",', f"registers = [{frame}, \"pc\","),
                            "abi.riscv64.registers", "at most message.max_words")

    def test_register_frame_constants(self):
        with tempfile.TemporaryDirectory() as out:
            gen_api.main(["--out", out])
            with open(os.path.join(out, "cairn", "api_types.h")) as f:
                text = f.read()
        self.assertIn("#define CAIRN_ABI_X86_64_FRAME_WORDS 20u", text)
        self.assertIn("#define CAIRN_REG_X86_64_GS_BASE 19u", text)
        self.assertIn("#define CAIRN_ABI_RISCV64_FRAME_WORDS 32u", text)
        self.assertIn("#define CAIRN_REG_RISCV64_T6 31u", text)

    def test_reply_words_exclude_returns(self):
        self.check_rejected(spec_text().replace('args = []\nreply_words =',
                                                'args = []\nreturns = [{ name = "n", doc = "x" }]\nreply_words ='),
                            "objects.tcb.methods[1].reply_words", "not both")

    def test_word_runs_become_array_parameters(self):
        with tempfile.TemporaryDirectory() as out:
            gen_api.main(["--out", out])
            with open(os.path.join(out, "cairn", "api.h")) as f:
                text = f.read()
        self.assertIn("cairn_tcb_write_registers(cairn_cptr_t service, const uint64_t *registers, "
                      "uint32_t registers_count)", text)
        self.assertIn("cairn_tcb_read_registers(cairn_cptr_t service, uint64_t *registers, "
                      "uint32_t registers_max)", text)
        self.assertIn("out[i] = cairn_ipc_buffer->msg[i];", text)

    def test_msginfo_too_narrow(self):
        self.check_rejected(spec_text().replace("length_bits = 7", "length_bits = 5"),
                            "msginfo.length_bits", "too narrow")

    def test_notification_bit_checked(self):
        self.check_rejected(spec_text().replace("notification_bit = 11", "notification_bit = 12"),
                            "msginfo.notification_bit", "between the caps field and the label")
        self.check_rejected(spec_text().replace("notification_bit = 11", "notification_bit = 8"),
                            "msginfo.notification_bit", "between the caps field and the label")

    def test_fault_bit_checked(self):
        self.check_rejected(spec_text().replace("fault_bit = 10", "fault_bit = 11"),
                            "msginfo.fault_bit", "is the notification bit too")
        self.check_rejected(spec_text().replace("fault_bit = 10", "fault_bit = 13"),
                            "msginfo.fault_bit", "between the caps field and the label")

    def test_fault_kinds_and_words_checked(self):
        self.check_rejected(spec_text().replace("label = 2,  doc", "label = 1,  doc"),
                            "faults.kinds.page_write.label", "already used by faults.kinds.page_read")
        self.check_rejected(spec_text().replace('words = ["address", "pc", "cause"]',
                                                'words = ["address", "pc", "cause", "sp", "flags"]'),
                            "faults.words", "more than the 4 message registers")
        self.check_rejected(spec_text().replace('words = ["address", "pc", "cause"]',
                                                'words = ["address", "pc", "pc"]'),
                            "faults.words", "names a word twice")
        self.check_rejected(spec_text().replace('words = ["address", "pc", "cause"]', "words = []"),
                            "faults.words", "non-empty list")

    def test_fault_constants(self):
        with tempfile.TemporaryDirectory() as out:
            gen_api.main(["--out", out])
            with open(os.path.join(out, "cairn", "api_types.h")) as f:
                text = f.read()
        self.assertIn("#define CAIRN_MSGINFO_FAULT ((uint64_t)1 << 10)", text)
        self.assertIn("#define CAIRN_FAULT_PAGE_READ 1u", text)
        self.assertIn("#define CAIRN_FAULT_BAD_SYSCALL 9u", text)
        self.assertIn("#define CAIRN_FAULT_WORD_PC 1u", text)
        self.assertIn("#define CAIRN_FAULT_WORDS 3u", text)

    def test_ipc_buffer_size_checked(self):
        self.check_rejected(spec_text().replace("ipc_buffer_bytes = 1024", "ipc_buffer_bytes = 1000"),
                            "message.ipc_buffer_bytes", "power of two")
        self.check_rejected(spec_text().replace("ipc_buffer_bytes = 1024", "ipc_buffer_bytes = 512"),
                            "message.ipc_buffer_bytes", "too small")

    def test_object_type_reused(self):
        self.check_rejected(spec_text().replace("[objects.endpoint]\ntype = 4", "[objects.endpoint]\ntype = 3"),
                            "objects.", "already used by objects.")

    def test_truncation_error_required(self):
        self.check_rejected(spec_text().replace('"REVOKE_FIRST", "PREEMPTED", "TRUNCATED_MESSAGE"]\ndoc = "Delete one',
                                                '"REVOKE_FIRST", "PREEMPTED"]\ndoc = "Delete one'),
                            "objects.cnode.methods[3].errors", "TRUNCATED_MESSAGE")

    def test_returns_limited_to_the_message_registers(self):
        five = ", ".join(f'{{ name = "w{i}", doc = "x" }}' for i in range(5))
        self.check_rejected(spec_text().replace('returns = [{ name = "bytes", doc = "The VMO\'s size in bytes." }]',
                                                f"returns = [{five}]"),
                            "objects.vmo.methods[0].returns", "at most 4 words")

    def test_returns_become_out_parameters(self):
        with tempfile.TemporaryDirectory() as out:
            gen_api.main(["--out", out])
            with open(os.path.join(out, "cairn", "api.h")) as f:
                text = f.read()
        self.assertIn("static inline cairn_error_t cairn_vmo_size(cairn_cptr_t service, uint64_t *bytes)", text)
        self.assertIn("*bytes = reply[0];", text)

    def test_command_line_reports_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.toml")
            with open(bad, "w") as f:
                f.write(spec_text().replace("bit = 4", "bit = 9"))
            out = os.path.join(d, "out")
            r = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen-api"),
                                "--spec", bad, "--out", out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"gen-api: {bad}: rights.MANAGE.bit: 9 is outside 0..7", r.stderr)
            self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
