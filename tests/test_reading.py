"""Reading one spec file: YAML 1.2 typing, one document, no duplicate keys, located errors, bounds.

Every refusal must be a SpecError holding one located diagnostic, never a traceback or a hang.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

import generator.yaml_reader
from generator import Diagnostic, GeneratorConfig, Level, Limits, SpecError, load_api
from generator.json_reader import scan_lines
from generator.source import LoadedDocument, TypingNote, read_document


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _read(
    tmp_path: Path, name: str, content: str | bytes, limits: Limits | None = None
) -> LoadedDocument:
    return read_document(_write(tmp_path, name, content), name, limits or Limits())


def _refusals(
    tmp_path: Path, name: str, content: str | bytes, limits: Limits | None = None
) -> tuple[Diagnostic, ...]:
    with pytest.raises(SpecError) as caught:
        _read(tmp_path, name, content, limits)
    assert all(d.level is Level.ERROR and d.file == name for d in caught.value.diagnostics)
    return caught.value.diagnostics


def _refusal(
    tmp_path: Path, name: str, content: str | bytes, limits: Limits | None = None
) -> Diagnostic:
    found = _refusals(tmp_path, name, content, limits)
    assert len(found) == 1, found
    return found[0]


# -- YAML 1.2 core-schema typing ------------------------------------------------------------


def test_yaml11_booleans_stay_strings_with_a_note(tmp_path: Path) -> None:
    """`yes`/`on`/`NO` are booleans only in YAML 1.1; a spec means the text it wrote."""
    doc = _read(tmp_path, "s.yaml", "a: yes\nb: on\nc: NO\nd: Off\ne: y\ny: 1\n")
    assert doc.data == {"a": "yes", "b": "on", "c": "NO", "d": "Off", "e": "y", "y": 1}
    # A lone `y` or `n` is noted as a key (case 07's property `y`), not as a value, where it
    # is far more often a letter than a boolean.
    assert doc.notes == (
        TypingNote("/a", "yes", "yaml11-bool"),
        TypingNote("/b", "on", "yaml11-bool"),
        TypingNote("/c", "NO", "yaml11-bool"),
        TypingNote("/d", "Off", "yaml11-bool"),
        TypingNote("/y", "y", "yaml11-bool"),
    )


def test_core_schema_scalars(tmp_path: Path) -> None:
    """Only YAML 1.2 core forms are typed; dates, sexagesimals and quoted text stay text."""
    text = (
        "t: true\nf: False\nn: null\ntilde: ~\ni: -12\noct: 0o17\nhex: 0x1F\nfl: 1.10\n"
        "exp: 1e3\ninf: -.inf\ndate: 2001-12-14\nsexa: 1:20\nquoted: 'true'\nnum: \"12\"\n"
        "tagged: !!str 5\nint_tag: !!int '7'\n"
    )
    data = _read(tmp_path, "s.yaml", text).data
    assert data["t"] is True and data["f"] is False
    assert data["n"] is None and data["tilde"] is None
    assert data["i"] == -12 and data["oct"] == 15 and data["hex"] == 31
    assert data["fl"] == 1.1 and data["exp"] == 1000.0
    assert data["inf"] == -math.inf
    assert data["date"] == "2001-12-14" and data["sexa"] == "1:20"
    assert data["quoted"] == "true" and data["num"] == "12" and data["tagged"] == "5"
    assert data["int_tag"] == 7


def test_written_text_of_typed_scalars_is_kept(tmp_path: Path) -> None:
    """`version: 1.10` reads as 1.1; later stages need the text `1.10` to restore it."""
    doc = _read(tmp_path, "s.yaml", "version: 1.10\nflag: true\nname: plain\n")
    assert doc.scalar_text["/version"] == "1.10"
    assert doc.scalar_text["/flag"] == "true"
    assert "/name" not in doc.scalar_text


def test_integer_key_becomes_string_with_note(tmp_path: Path) -> None:
    """`200:` is an int key in YAML; swaggen keys are strings, and the change is noted."""
    doc = _read(tmp_path, "s.yaml", "responses:\n  200:\n    description: OK\n  true: x\n")
    assert doc.data == {"responses": {"200": {"description": "OK"}, "true": "x"}}
    assert all(isinstance(key, str) for key in doc.data["responses"])
    assert TypingNote("/responses/200", "200", "key-int") in doc.notes
    assert TypingNote("/responses/true", "true", "key-bool") in doc.notes


# -- documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---\nswagger: '2.0'\ninfo: {title: t}\n---\n",
        "---\n---\nswagger: '2.0'\ninfo: {title: t}\n",
        "---\nswagger: '2.0'\ninfo: {title: t}\n...\n",
    ],
    ids=["before-and-after", "empty-before", "document-end"],
)
def test_front_matter_lines_are_accepted(tmp_path: Path, text: str) -> None:
    """Real specs (quovo-sync.yaml) start and end with `---`: empty documents are fine."""
    doc = _read(tmp_path, "s.yaml", text)
    assert doc.data == {"swagger": "2.0", "info": {"title": "t"}}


def test_front_matter_after_does_not_move_the_root_line(tmp_path: Path) -> None:
    """Errors about the whole document (`/paths is required`) must point at line 2, not EOF."""
    doc = _read(tmp_path, "s.yaml", "---\nswagger: '2.0'\ninfo: {title: t}\n---\n")
    assert doc.lines.line_of("") == 2
    assert "" not in doc.scalar_text


def test_two_documents_are_refused(tmp_path: Path) -> None:
    """Which document is the spec would be a guess; the second one's line is named."""
    found = _refusal(tmp_path, "s.yaml", "a: 1\n---\nb: 2\n")
    assert found.code == "multiple-documents"
    assert found.line == 3
    assert "2 YAML documents" in found.message


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n---\n"])
def test_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    assert _refusal(tmp_path, "s.yaml", text).code == "empty"


def test_empty_json_file_is_refused(tmp_path: Path) -> None:
    assert _refusal(tmp_path, "s.json", " \n").code == "empty"


# -- duplicate keys -----------------------------------------------------------------------------


def test_yaml_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    """PyYAML keeps the last duplicate silently; swaggen refuses with the second's line."""
    found = _refusal(tmp_path, "s.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (found.code, found.pointer, found.line) == ("duplicate-key", "/b/c", 4)
    assert "first on line 3" in found.message


def test_yaml_duplicates_are_all_reported(tmp_path: Path) -> None:
    found = _refusals(tmp_path, "s.yaml", "a: 1\na: 2\nb:\n  - {k: 1, k: 2}\n")
    assert [(d.code, d.pointer, d.line) for d in found] == [
        ("duplicate-key", "/a", 2),
        ("duplicate-key", "/b/0/k", 4),
    ]


def test_json_duplicate_keys_are_refused_with_lines(tmp_path: Path) -> None:
    text = '{"a": 1,\n "b": {\n  "c": 1,\n  "c": 2},\n "x": [{"k": 1,\n "k": 2}]}'
    found = _refusals(tmp_path, "s.json", text)
    assert [(d.code, d.pointer, d.line) for d in found] == [
        ("duplicate-key", "/b/c", 4),
        ("duplicate-key", "/x/0/k", 6),
    ]


# -- line numbers -------------------------------------------------------------------------------


def test_yaml_lines_for_pointers(tmp_path: Path) -> None:
    """Pointers escape `/` and `~`; a pointer that does not exist falls back to its parent."""
    text = "swagger: '2.0'\npaths:\n  /a/b~c:\n    get:\n      x: 1\n      list:\n        - p\n"
    doc = _read(tmp_path, "s.yaml", text)
    lines = doc.lines
    assert lines.line_of("/swagger") == 1
    assert lines.line_of("/paths/~1a~1b~0c/get/x") == 5
    assert lines.line_of("/paths/~1a~1b~0c/get/list/0") == 7
    assert lines.line_of("/paths/~1a~1b~0c/get/x/missing/deeper") == 5


def test_yaml_line_of_a_mapping_valued_key_is_the_key_line(tmp_path: Path) -> None:
    """The note for `200:` (an int key) must point at the line where `200:` is written."""
    doc = _read(tmp_path, "s.yaml", "responses:\n  200:\n    description: OK\n")
    assert doc.lines.line_of("/responses/200") == 2
    assert doc.lines.line_of("/responses") == 1


def test_json_lines_are_found_lazily(tmp_path: Path) -> None:
    """JSON is parsed by `json`; the line scanner runs only when a message needs a line."""
    text = '{\n "swagger": "2.0",\n "paths": {\n  "/a/b": {\n   "get": {"x": [1,\n 2]}}}}'
    doc = _read(tmp_path, "s.json", text)
    assert doc.lines.builder is not None
    assert doc.lines.line_of("/paths/~1a~1b/get") == 5
    assert doc.lines.builder is None
    assert doc.lines.line_of("/paths/~1a~1b/get/x/1") == 6
    assert doc.lines.line_of("/swagger") == 2


def test_scan_lines_is_not_fooled_by_strings() -> None:
    """Braces, colons, commas and escaped quotes inside strings are not structure."""
    text = (
        '{\n "a/b~c": "x}{[,:\\"",\n "list": [\n  {"k": 1},\n  [],\n'
        '  {"k": 2, "k": 3}\n ],\n "e": {}\n}'
    )
    lines, duplicates = scan_lines(text)
    assert lines == {
        "": 1,
        "/a~1b~0c": 2,
        "/list": 3,
        "/list/0": 4,
        "/list/0/k": 4,
        "/list/1": 5,
        "/list/2": 6,
        "/list/2/k": 6,
        "/e": 8,
    }
    assert duplicates == [("/list/2/k", 6)]


# -- encodings ----------------------------------------------------------------------------------


def test_non_utf8_names_byte_offset_and_line(tmp_path: Path) -> None:
    found = _refusal(tmp_path, "s.yaml", b"a: 1\nb: \xff\xfe x\n")
    assert (found.code, found.line) == ("encoding", 2)
    assert "byte offset 8 (line 2)" in found.message
    assert "ff fe" in found.message


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_utf16_is_refused(tmp_path: Path, bom: str) -> None:
    """A UTF-16 file is a common Windows export; say what it is rather than 'bad bytes'."""
    raw = ("\ufeff" + "swagger: '2.0'\n").encode(bom)
    found = _refusal(tmp_path, "s.yaml", raw)
    assert (found.code, found.line) == ("encoding", 1)
    assert "UTF-16" in found.message


@pytest.mark.parametrize("name", ["s.yaml", "s.json"])
def test_utf8_bom_is_accepted(tmp_path: Path, name: str) -> None:
    text = "swagger: '2.0'\n" if name.endswith("yaml") else '{"swagger": "2.0"}'
    assert _read(tmp_path, name, b"\xef\xbb\xbf" + text.encode()).data == {"swagger": "2.0"}


def test_lone_surrogate_is_refused(tmp_path: Path) -> None:
    """`\\udcff` decodes in JSON but is not Unicode text: it cannot be written as UTF-8."""
    found = _refusal(tmp_path, "s.json", '{"a": "x\\udcff"}')
    assert found.code == "surrogate"


# -- bounds -------------------------------------------------------------------------------------


def test_size_cap(tmp_path: Path) -> None:
    limits = Limits(max_bytes=10)
    assert _read(tmp_path, "ok.yaml", "a: 123456\n", limits).data == {"a": 123456}
    found = _refusal(tmp_path, "big.yaml", "a: 1234567\n", limits)
    assert found.code == "too-large"
    assert "larger than 10 bytes" in found.message


def _nested_yaml(depth: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "x\n"


def test_yaml_depth_cap(tmp_path: Path) -> None:
    limits = Limits(max_depth=5)
    assert _read(tmp_path, "ok.yaml", _nested_yaml(4), limits).data["k0"]["k1"]["k2"]["k3"] == "x"
    found = _refusal(tmp_path, "deep.yaml", _nested_yaml(12), limits)
    assert found.code == "too-deep"
    assert found.line == 6


def test_json_depth_cap(tmp_path: Path) -> None:
    limits = Limits(max_depth=5)
    assert _read(tmp_path, "ok.json", '{"a": {"b": [1]}}', limits).data == {"a": {"b": [1]}}
    found = _refusal(tmp_path, "deep.json", '{"a":' * 12 + "1" + "}" * 12, limits)
    assert found.code == "too-deep"


@pytest.mark.parametrize("name", ["deep.json", "deep.yaml"])
def test_nesting_beyond_the_recursion_limit_is_an_error(tmp_path: Path, name: str) -> None:
    """50 000 brackets must be a clear error, never a RecursionError traceback.

    (libyaml stops at its own nesting limit first and says so as a syntax error.)
    """
    found = _refusal(tmp_path, name, "[" * 50_000 + "]" * 50_000)
    assert found.code == "too-deep" or "nesting depth" in found.message


def test_alias_expansion_cap(tmp_path: Path) -> None:
    """A billion-laughs document is refused before it is built."""
    bomb = (
        "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    )
    found = _refusal(tmp_path, "bomb.yaml", bomb, Limits(max_alias_nodes=100))
    assert found.code == "alias-limit"
    assert found.line == 2


def test_aliases_expand_into_independent_copies(tmp_path: Path) -> None:
    doc = _read(tmp_path, "s.yaml", "base: &b {type: string}\nuse: *b\n")
    assert doc.data["use"] == {"type": "string"}
    assert doc.data["use"] is not doc.data["base"]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo injected']\n",
        "a: !custom x\n",
        "a: !!set {x}\n",
        "a: !!binary aGk=\n",
        "a: !!timestamp 2001-12-14\n",
    ],
)
def test_unsupported_tags_are_refused(
    tmp_path: Path, text: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """Tags are not evaluated (nothing runs) and not silently ignored."""
    found = _refusal(tmp_path, "s.yaml", text)
    assert (found.code, found.pointer, found.line) == ("yaml-tag", "/a", 1)
    assert "injected" not in capfd.readouterr().out


def test_every_unsupported_tag_is_reported(tmp_path: Path) -> None:
    found = _refusals(tmp_path, "s.yaml", "a: !x 1\nb:\n  c: !y 2\n")
    assert [(d.pointer, d.line) for d in found] == [("/a", 1), ("/b/c", 3)]


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    found = _refusal(tmp_path, "s.yaml", "a: 1\nb: [1, 2\nc: 3\n")
    assert found.code == "yaml-syntax"
    assert found.line is not None and found.line >= 2


def test_json_nan_is_refused(tmp_path: Path) -> None:
    """`NaN` is not JSON; Python's json module would accept it."""
    assert _refusal(tmp_path, "s.json", '{"a": NaN}').code == "json-syntax"


# -- YAML errors: located, in swaggen's words, the same with either loader ----------------------

LOADERS = {"libyaml": generator.yaml_reader._LOADER, "pure-python": yaml.SafeLoader}

# A spec with a raw ESC byte (a terminal colour code pasted into a description) on line 7.
ESCREF = (
    "swagger: '2.0'\n"
    "info: {title: t, version: '1'}\n"
    "paths:\n"
    "  /a:\n"
    "    get:\n"
    "      responses:\n"
    "        '200': {description: \"o\x1b[31mk\"}\n"
)


@pytest.fixture(params=sorted(LOADERS))
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with PyYAML's C loader and once with the pure-Python one."""
    name: str = request.param
    monkeypatch.setattr(generator.yaml_reader, "_LOADER", LOADERS[name])
    return name


def test_control_character_is_located_with_either_loader(tmp_path: Path, loader: str) -> None:
    """Not `in "<unicode string>", position 148`: the line and column, and what to do."""
    found = _refusal(tmp_path, "escref.yaml", ESCREF)
    assert (found.file, found.line, found.pointer, found.code) == (
        "escref.yaml",
        7,
        "",
        "yaml-syntax",
    )
    assert found.format() == (
        "escref.yaml:7: error: #: YAML syntax error, column 32: the character U+001B "
        "(a control character) is not allowed in YAML; remove it, or write it as the escape "
        "\\x1b inside a double-quoted string [yaml-syntax]"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "what"),
    [
        ("a: 1\nb: x\x00y\n", 2, 5, "U+0000 (a control character)"),
        ("a: 1\n\nc: \x7f\n", 3, 4, "U+007F (a control character)"),
        ("a: \x9b\n", 1, 4, "U+009B (a control character)"),
        ("a: \ufffe\n", 1, 4, "U+FFFE (a noncharacter)"),
        # Columns count characters, not UTF-8 bytes (libyaml says 26 where Python says 14).
        ("a: é€😀\nb: é€😀 \x1b\n", 2, 8, "U+001B (a control character)"),
        # CRLF is one line break, and so are the breaks YAML adds (NEL, LS, PS).
        ("a: x\r\nb: y\x85c: z\u2028d: \x1b\n", 4, 4, "U+001B"),
        # libyaml reads lazily and would stop at the syntax error first; both name the byte.
        ("a: [1\nb: \x1b\n", 2, 4, "U+001B"),
    ],
    ids=["nul", "del", "c1", "noncharacter", "non-ascii", "yaml-breaks", "after-bad-syntax"],
)
def test_control_characters_line_and_column(
    tmp_path: Path, loader: str, text: str, line: int, column: int, what: str
) -> None:
    found = _refusal(tmp_path, "s.yaml", text)
    assert (found.line, found.pointer, found.code) == (line, "", "yaml-syntax")
    assert found.message.startswith(f"YAML syntax error, column {column}: the character {what}")
    assert "<unicode string>" not in found.message and "position" not in found.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3),
        ("a: 'x\n", 2),
        ("a: b: c\n", 1),
        ("- a\nb: c\n", 2),
        ("a: 1\n\ta: 1\n", 2),
        ('a: "\\q"\n', 1),
        ("a: 1\n  b: 2\n", 2),
        ("a: @x\n", 1),
        ("a: 1\n% x\n", 2),
    ],
    ids=["flow", "quote", "mapping", "block", "tab", "escape", "indent", "reserved", "directive"],
)
def test_yaml_syntax_errors_always_have_a_line(
    tmp_path: Path, loader: str, text: str, line: int
) -> None:
    """Scanner and parser errors: a line (the same with either loader), none of PyYAML's
    mark text, one line of message."""
    found = _refusal(tmp_path, "s.yaml", text)
    assert (found.line, found.pointer, found.code) == (line, "", "yaml-syntax")
    assert found.message.startswith("YAML syntax error, column ")
    assert "<unicode string>" not in found.message and "\n" not in found.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n "a": 1,\n "b": NaN}', 3, "JSON syntax error at line 3, column 7: NaN is not"),
        ('{\n "a": "NaN",\n "b": [-Infinity]}', 3, "line 3, column 8: -Infinity is not"),
    ],
    ids=["nan", "infinity-after-a-string"],
)
def test_json_constants_are_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    found = _refusal(tmp_path, "s.json", text)
    assert (found.line, found.code) == (line, "json-syntax")
    assert message in found.message


def test_json_string_refusals_are_located(tmp_path: Path) -> None:
    """A refused JSON string names the line of the value, or of the key that holds it."""
    found = _refusal(tmp_path, "s.json", '{\n "a": "x",\n "b": "x\\udcff"}')
    assert (found.code, found.pointer, found.line) == ("surrogate", "/b", 3)
    text = '{\n "a": "x",\n "c": {\n  "\\udcff": 1}}'
    found = _refusal(tmp_path, "s.json", text)
    assert (found.code, found.pointer, found.line) == ("surrogate", "/c", 4)
    found = _refusal(tmp_path, "s.json", '{\n "a": "x",\n "b": "xxxx"}', Limits(max_string_chars=3))
    assert (found.code, found.pointer, found.line) == ("string-too-long", "/b", 3)


def test_json_number_too_long_for_python_is_located(tmp_path: Path) -> None:
    """Python refuses to read an integer of over 4,300 digits; once an unlocated message
    that told the user to call `sys.set_int_max_str_digits()`."""
    text = '{\n "a": "' + "9" * 5000 + '",\n "b": ' + "9" * 5000 + "}"
    found = _refusal(tmp_path, "s.json", text)
    assert (found.code, found.line) == ("json-syntax", 3)
    assert "a number at line 3, column 7 has more than 4300 digits" in found.message
    assert "sys." not in found.message


def test_a_yaml_integer_too_long_for_int_is_a_located_error(tmp_path: Path) -> None:
    """int() refuses more than 4,300 digits; it once escaped as an internal error."""
    spec = tmp_path / "long.yaml"
    spec.write_text(
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\nx-n: ' + "9" * 5000 + "\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        load_api(spec, GeneratorConfig(validate=False))
    [found] = caught.value.diagnostics
    assert (found.code, found.pointer, found.line) == ("yaml-number", "/x-n", 4)


@pytest.mark.parametrize(
    ("number", "refused"),
    [("-" + "9" * 4300, False), ("0x" + "f" * 5000, False), ("+" + "9" * 4301, True)],
    ids=["signed-4300-digits", "long-hex", "4301-digits"],
)
def test_only_decimal_integers_int_refuses_are_errors(
    tmp_path: Path, number: str, refused: bool
) -> None:
    """Python's limit counts decimal digits, not the sign, and spares hex and octal."""
    spec = tmp_path / "n.yaml"
    spec.write_text(
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\nx-n: ' + number + "\n",
        encoding="utf-8",
    )
    if refused:
        with pytest.raises(SpecError):
            load_api(spec, GeneratorConfig(validate=False))
    else:
        assert load_api(spec, GeneratorConfig(validate=False)).api is not None
