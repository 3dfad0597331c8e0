#!/usr/bin/env python3
"""check_docs.py - every file and function the documentation names exists.

Reads README.md, docs/*.md, lib/*/README.md and tools/*/README.md and checks
two kinds of names, so a doc cannot go on describing code that was renamed
or removed:

  paths      a token that starts with a top-level directory of the tree
             (`kernel/mm/llm.c`, `tools/qemu.sh`), or ends in a source
             extension (`trap.c`, `kernel.ld`), or is a directory ending
             in "/" (`arch/aarch64/`), anywhere in the text. One that starts
             with a top-level directory must exist as written; a shorter one
             must be the tail of some path in the tree (`mm/pmm.c` is
             kernel/mm/pmm.c). Upper-case placeholders (NAME, N) match
             anything, in names too (`sys_NAME`); paths under build/ are outputs, not checked.
             A path is checked from the root and from the doc's directory.
  functions  inside `code`: a name called as `name(...)` or `name()`, any
  and names  identifier with an underscore (`pager_map`, `FS_MMAP`) and
             `struct x`; in a call's arguments only calls and upper-case
             constants (lower-case ones are parameter names). Each must be
             defined or declared in the sources or in picolibc's headers
             (the C library programs link): a C or assembly function or
             label, a macro, an enum constant, a struct, union or typedef,
             a Python def or class, or a make, shell or linker variable. A
             setting, `name=`, must be written "name=" in some source (the
             kernel, init and the file server read their command line so).

Names that exist without such a definition are mapped, not allowed
blindly: a system call of tools/syscalls.tbl is `name(args)` in the docs
and `sys_name`, `bower_name`, `SYS_name`, `wrap_name` in generated code; a
program of the ramdisk (`test_llm`) is a file of user/apps/ or user/tests/
or a directory of user/servers/; a QEMU test is a row of tests/qemu/run.py;
an Arm system register (`TTBR0_EL1`) is written in some source, in any case.
What is left is in ALLOWED below, each with its reason.

Comments in the C and assembly sources name functions too, as `name()` or
"(name)": those of such names that are lower case with an underscore must
be defined the same way, unless the comment is example code that defines
the name itself (one PASS/FAIL line for all comments).

And the other way round: every call of tools/syscalls.tbl has its row,
`name(args)`, in docs/syscalls.md.

Usage: tools/check_docs.py     prints PASS:/FAIL: lines for tools/test.sh
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBC = '/usr/lib/picolibc/*/include'    # Debian's picolibc (tools/deps.sh)

DOCS = ['README.md', 'docs/*.md', 'lib/*/README.md', 'tools/*/README.md']
SOURCE_EXT = ('.c', '.h', '.S', '.py', '.sh', '.ld', '.mk', '.tbl', '.md')
PLACEHOLDERS = {'NAME', 'N', 'DIR', 'FILE'}

# Names in the docs that are not Bower's code, and why.
ALLOWED = {
    'guest_errors': "a QEMU -d log item (QEMU_FLAGS=\"-d int,guest_errors\")",
    'min': 'arithmetic in a formula: ceil(accesses / min(batch, cap))',
    '__bower__': "defined on the compiler's command line (USER_CFLAGS, user/build.mk)",
    '__linux__': "the cross compiler's own predefined macro",
}
# Files the build writes (under build/gen/), named in the docs without
# their directory.
GENERATED = {'bower/syscall_nr.h', 'syscall_table.c', 'usys.S', 'fs_profiles.c'}
# Directories of the guest's own file system, as the shell's ls prints
# them in a transcript (a slash after a directory's name).
GUEST_DIRS = {'bin/', 'dev/'}


def tree_files():
    """Every file of the tree, relative to ROOT, outputs and .git left out."""
    out = []
    for d, dirs, files in os.walk(ROOT):
        rel = os.path.relpath(d, ROOT)
        dirs[:] = [x for x in dirs if not x.startswith('.') and (rel, x) != ('.', 'build')]
        out += [os.path.normpath(os.path.join(rel, f)) for f in files]
    return out


# Where a name is defined, by the kind of file. C and assembly: a name
# before "(" on a line that starts in column 0 (prototypes and definitions
# do; calls are indented), #define, enum constants, struct/union/enum tags,
# typedefs, struct members (function pointers too), labels and .global.
# Python: def, class, module variables. make, shell and linker scripts:
# NAME = / NAME := / NAME ?= / NAME=.
C_DEFINITION = [
    r'^(?:[A-Za-z_][\w \t\*]*?[ \t\*])?([A-Za-z_]\w*)[ \t]*\(',
    r'^[ \t]*#[ \t]*define[ \t]+(\w+)',
    r'^[ \t]+([A-Z][A-Z0-9_]*)[ \t]*(?:=[^=]|,|$)',
    r'\b(?:struct|union|enum)[ \t]+(\w+)[ \t]*\{',
    r'\btypedef\b[^;{]*?\b(\w+)[ \t]*(?:;|\))',
    r'^[ \t]+(?:const[ \t]+)?(?:(?:struct|union|enum)[ \t]+)?\w+[ \t\*]+(\w+)[ \t]*(?:\[[^\]]*\])?[ \t]*(?::[ \t]*\d+[ \t]*)?;',
    r'\([ \t]*\*[ \t]*(\w+)[ \t]*\)[ \t]*\(',
    r'^(\w+):',
    r'\.globa?l[ \t]+(\w+)',
]
PY_DEFINITION = [r'^[ \t]*(?:def|class)[ \t]+(\w+)', r'^(\w+)[ \t]*=']
VAR_DEFINITION = [r'^[ \t]*(?:export[ \t]+)?(\w+)[ \t]*(?:[:?+]?=)']
DEFINITIONS = {'.c': C_DEFINITION, '.h': C_DEFINITION, '.S': C_DEFINITION,
               '.py': PY_DEFINITION, '.mk': VAR_DEFINITION, '.sh': VAR_DEFINITION,
               '.ld': VAR_DEFINITION, 'Makefile': VAR_DEFINITION}
DEFINITIONS = {k: [re.compile(r, re.M) for r in v] for k, v in DEFINITIONS.items()}


def kind_of(path):
    base = os.path.basename(path)
    return base if base == 'Makefile' else os.path.splitext(base)[1]


def defined_names(files):
    """The names defined in the tree and picolibc's headers, and the text
    of the tree's sources (for settings and system registers)."""
    names, text_all = set(), []
    libc = glob.glob(os.path.join(LIBC, '**', '*.h'), recursive=True)
    for f in [os.path.join(ROOT, f) for f in files] + libc:
        rules = DEFINITIONS.get(kind_of(f))
        if not rules:
            continue
        try:
            text = open(f, encoding='utf-8', errors='replace').read()
        except OSError:
            continue
        for rx in rules:
            names.update(rx.findall(text))
        if f.startswith(ROOT):
            text_all.append(text)
    # System calls: one line of the table each, and the names the
    # generator (tools/gensyscalls.py) makes from it.
    for line in open(os.path.join(ROOT, 'tools/syscalls.tbl')):
        m = re.match(r'\s*\d+\s+(\w+)', line)
        if m:
            n = m.group(1)
            names.update({n, 'sys_' + n, 'bower_' + n, 'SYS_' + n, 'wrap_' + n})
    # Programs of the ramdisk, and the QEMU tests' names.
    for f in files:
        m = re.match(r'user/(?:apps|tests)/(\w+)\.c$|user/servers/(\w+)/', f)
        if m:
            names.add(m.group(1) or m.group(2))
    run_py = open(os.path.join(ROOT, 'tests/qemu/run.py')).read()
    names.update(re.findall(r"Test\('(\w+)'", run_py))
    return names, '\n'.join(text_all)


def strip_fences(text):
    return re.sub(r'^```.*?^```', '', text, flags=re.S | re.M)


PATH = re.compile(r"(?<![\w/.=:~$-])((?:[\w.*-]+/)+(?:[\w.*-]+)?|[\w*-]+\.(?:c|h|S|py|sh|ld|md|tbl|mk))(?![\w/(])")


def check_path(tok, here, files, dirs, tops):
    tok = tok.rstrip('.,:;')
    first = tok.split('/')[0]
    if first == 'build' or tok in GENERATED or tok in GUEST_DIRS:
        return True
    if here != '.' and check_path(os.path.join(here, tok), '.', files, dirs, tops):
        return True
    if '/' in tok.rstrip('/') and first not in tops and not tok.endswith(SOURCE_EXT):
        if not tok.endswith('/'):
            return None          # a/b in prose ("I/O"): not a path
    pat = '/'.join('*' if p in PLACEHOLDERS else re.sub(r'^(NAME|N)\.', '*.', p)
                   for p in tok.split('/'))
    want_dir = pat.endswith('/')
    pat = pat.rstrip('/')
    pool = dirs if want_dir else files | dirs
    if first in tops:
        return bool(glob.glob(os.path.join(ROOT, pat)))
    rx = re.compile(r'(^|/)' + re.escape(pat).replace(r'\*', r'[^/]*') + '$')
    return any(rx.search(p) for p in pool)


# In a code span: a call (no space before its "("), `struct x`, a plain
# identifier, a setting (name=); not one after ".", "->", "-", "=", "$" or
# "%" (fields, flags, values, format items).
NAME = re.compile(r'(?<![\w.>=$%-])(?:(struct|union|enum)\s+)?([A-Za-z_]\w*)(\(|=(?!=))?')


def names_in(span):
    """(name, kind) for each name to check in a code span, paths taken out;
    kind is 'call', 'setting' or 'name'."""
    span = PATH.sub(' ', span)
    for m in NAME.finditer(span):
        depth = span.count('(', 0, m.start()) - span.count(')', 0, m.start())
        kind, name, after = m.groups()
        if after == '(':
            yield name, 'call'
        elif after == '=':
            yield name, 'setting'
        elif kind or '_' in name.strip('_') or re.fullmatch(r'_\w+', name):
            if depth > 0 and not name.isupper():
                continue        # a parameter's name in a call's arguments
            yield name, 'name'


COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
COMMENT_NAME = re.compile(r'(?<![\w.>-])([a-z_]\w*_\w+)\(|\(([a-z_]\w*_\w+)\)')


def check_comments(files, names):
    """Names of functions that comments of C and assembly files give."""
    bad = []
    for f in files:
        if kind_of(f) not in ('.c', '.h', '.S'):
            continue
        text = open(os.path.join(ROOT, f), encoding='utf-8', errors='replace').read()
        for c in COMMENT.finditer(text):
            comment = PATH.sub(lambda p: ' ' * len(p.group(0)), c.group(0))
            for m in COMMENT_NAME.finditer(comment):
                name = m.group(1) or m.group(2)
                if name in names or name in ALLOWED:
                    continue
                if re.search(r'\w[ \t\*]+' + name + r'\([^)]*\)[ \t]*\{', comment):
                    continue        # example code that defines it
                line = text.count('\n', 0, c.start() + m.start()) + 1
                bad.append(f'{f}:{line}: no definition of {name}')
    return bad


def placeholder_matches(name, names):
    """`sys_NAME`: a name with a placeholder part stands for any defined
    name that has the other parts."""
    parts = name.split('_')
    if not any(p in PLACEHOLDERS for p in parts):
        return False
    rx = re.compile('_'.join(r'\w+' if p in PLACEHOLDERS else re.escape(p) for p in parts) + '$')
    return any(rx.match(n) for n in names)


def undocumented_calls():
    table = open(os.path.join(ROOT, 'tools/syscalls.tbl')).read()
    doc = open(os.path.join(ROOT, 'docs/syscalls.md')).read()
    return [n for n in re.findall(r'^\s*\d+\s+(\w+)', table, re.M) if f'`{n}(' not in doc]


def main():
    files = tree_files()
    fileset = set(files)
    dirs = set()
    for f in files:
        d = os.path.dirname(f)
        while d:
            dirs.add(d)
            d = os.path.dirname(d)
    tops = {p.split('/')[0] for p in files if '/' in p}
    names, sources = defined_names(files)
    docs = sorted({d for pat in DOCS for d in glob.glob(os.path.join(ROOT, pat))})
    failed = 0
    for doc in docs:
        rel = os.path.relpath(doc, ROOT)
        text = open(doc).read()
        bad = []
        here = os.path.dirname(rel) or '.'
        for m in PATH.finditer(text):
            if check_path(m.group(1), here, fileset, dirs, tops) is False:
                bad.append(f'no file {m.group(1).rstrip(".,:;")}')
        for span in re.findall(r'`([^`\n]+)`', strip_fences(text)):
            for name, kind in names_in(span):
                if name in names or name in ALLOWED or name in PLACEHOLDERS:
                    continue
                if kind == 'setting' and name + '=' in sources:
                    continue
                if placeholder_matches(name, names):
                    continue
                if re.fullmatch(r'[A-Z0-9_]+_EL[0-3]', name) and name.lower() in sources.lower():
                    continue
                bad.append(f'no definition of {name}' + ('=' if kind == 'setting' else ''))
        bad = list(dict.fromkeys(bad))
        if bad:
            failed += 1
            print(f'FAIL: check_docs/{rel}: ' + '; '.join(bad))
        else:
            print(f'PASS: check_docs/{rel}')
    bad = check_comments(files, names)
    print('FAIL: check_docs/source-comments: ' + '; '.join(bad) if bad else 'PASS: check_docs/source-comments')
    missing = undocumented_calls()
    print('FAIL: check_docs/every_call_documented: not in docs/syscalls.md: ' + ', '.join(missing)
          if missing else 'PASS: check_docs/every_call_documented')
    return 1 if failed or bad or missing else 0


if __name__ == '__main__':
    sys.exit(main())
