#!/usr/bin/env python3
"""Repairs the chunk names in a split, content-hashed build of the site (`cargo leptos build
--split` with `hash-files`), which cargo-leptos 0.3.7 can write wrong.

Why: cargo-leptos renames each chunk `chunk_N.wasm` to `chunk_N.<hash>.wasm`, then rewrites the
references in the split loader (`__wasm_split.<hash>.js`) and its manifest by plain text
replacement, one old name at a time, in no fixed order. In the manifest the names have no
extension, and with more than ten chunks one name is the start of another (`chunk_36` of
`chunk_360`), so a reference can be rewritten twice and point at no file
(`chunk_36.<hash of 36>0`). The server names the manifest's chunks in `<link rel="preload">`
tags, so every first view of a lazy page asked for files that do not exist (404s in the console,
and the chunks it needed not preloaded). Which references break changes from build to build.

How: every hash cargo-leptos inserts is a dot and 22 base64url characters, so removing those
from a chunk reference gives back the name the splitter wrote (`chunk_360`); that name is then
pointed at the one file on disk with that chunk number. References that were right stay as they
are. The loader and manifest are rewritten in place (their names stay: the main JavaScript and
the WebAssembly import the loader by name), and their build-compressed copies (`.br`, `.gz`),
now stale, are deleted so that the server compresses the repaired files itself.

Usage: repair_split_names.py SITE_PKG_DIR   (does nothing for a build without chunks)
Exits 1 if a reference names a chunk that is not on disk.
"""

import os
import re
import sys

PKG = sys.argv[1]
HASH = r"\.[A-Za-z0-9_-]{22}"
# A chunk reference: a string (after a quote, or `./` in the loader) of `chunk_` and digits, then
# any inserted hashes and digits, then an optional `.wasm` (the loader names files; the manifest
# names them without the extension). The loader's variables (`chunk_32 = …`) are not strings.
REFERENCE = re.compile(r'(?<=["/])chunk_\d+(?:' + HASH + r'|\d)*(?:\.wasm)?(?=")')


def chunk_files():
    """Chunk number -> file name without `.wasm`, for the chunks on disk."""
    files = {}
    for name in os.listdir(PKG):
        match = re.fullmatch(r"(chunk_(\d+)(?:" + HASH + r")?)\.wasm", name)
        if match:
            files[int(match.group(2))] = match.group(1)
    return files


def repair(text, files, missing):
    def fix(match):
        reference = match.group(0)
        extension = ".wasm" if reference.endswith(".wasm") else ""
        original = re.sub(HASH, "", reference[: len(reference) - len(extension)])
        number = int(original[len("chunk_"):])
        if number not in files:
            missing.add(original)
            return reference
        return files[number] + extension

    return REFERENCE.sub(fix, text)


def main():
    files = chunk_files()
    if not files:
        return 0
    targets = [name for name in os.listdir(PKG)
               if (name.startswith("__wasm_split.") and name.endswith(".js"))
               or (name.startswith("__wasm_split_manifest") and name.endswith(".json"))]
    missing, repaired = set(), 0
    for name in targets:
        path = os.path.join(PKG, name)
        with open(path) as source:
            text = source.read()
        fixed = repair(text, files, missing)
        if fixed != text:
            repaired += 1
            with open(path, "w") as target:
                target.write(fixed)
            for stale in (path + ".br", path + ".gz"):
                if os.path.exists(stale):
                    os.remove(stale)
    print(f"split chunk names: {len(files)} chunks; {repaired} of {len(targets)} loader files repaired")
    if missing:
        print("references to chunks not on disk: " + ", ".join(sorted(missing)), file=sys.stderr)
        return 1
    return 0


sys.exit(main())
