"""The generated runtime refuses what it cannot send faithfully, and sends the rest unchanged.

Two refusals, each checked before anything reaches the transport: a header (a header parameter,
a client default header, a credential placed in a header) holding CR, LF or NUL, and a bool
where the spec says integer or number (Python's bool is an int, so mypy lets it through). One
small spec, generated once for the module, exercises every place a value can go.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from generator import GeneratorConfig, generate_files, write_generated

PACKAGE = "runtime_checks"
BASE = "https://api.example.test"
SPEC = """\
swagger: '2.0'
info: {title: Runtime checks, version: '1.0.0'}
host: api.example.test
schemes: [https]
produces: [application/json]
securityDefinitions:
  headerKey: {type: apiKey, in: header, name: X-API-Key}
  queryKey: {type: apiKey, in: query, name: api_key}
  oauth:
    type: oauth2
    flow: implicit
    authorizationUrl: https://auth.example.test/authorize
    scopes: {}
paths:
  /items/{item_id}:
    get:
      operationId: getItem
      parameters:
        - {name: item_id, in: path, required: true, type: integer}
        - {name: limit, in: query, type: integer}
        - {name: ratio, in: query, type: number}
        - {name: flag, in: query, type: boolean}
        - {name: ids, in: query, type: array, items: {type: integer}}
        - {name: level, in: query, type: integer, enum: [1, 2]}
        - {name: X-Count, in: header, type: integer}
        - {name: X-Tenant, in: header, type: string}
      responses:
        '200': {description: ok}
  /forms:
    post:
      operationId: postForm
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: size, in: formData, type: integer}
        - {name: enabled, in: formData, type: boolean}
      responses:
        '200': {description: ok}
  /counts:
    post:
      operationId: postCount
      parameters:
        - {name: count, in: body, required: true, schema: {type: integer}}
      responses:
        '200': {description: ok}
  /things:
    post:
      operationId: postThing
      parameters:
        - {name: thing, in: body, required: true, schema: {$ref: '#/definitions/Thing'}}
      responses:
        '200': {description: ok}
  /secure/header:
    get:
      operationId: secureHeader
      security: [{headerKey: []}]
      responses:
        '200': {description: ok}
  /secure/query:
    get:
      operationId: secureQuery
      security: [{queryKey: []}]
      responses:
        '200': {description: ok}
  /switches:
    get:
      operationId: getSwitch
      parameters:
        - {name: only, in: query, type: boolean, enum: [true]}
      responses:
        '200': {description: ok}
  /secure/bearer:
    get:
      operationId: secureBearer
      security: [{oauth: []}]
      responses:
        '200': {description: ok}
  /pets/{petId}:
    delete:
      operationId: deletePet
      security: [{headerKey: []}, {queryKey: []}]
      parameters:
        - {name: X-API-Key, in: header, type: string}
        - {name: api_key, in: query, type: string}
        - {name: petId, in: path, required: true, type: integer}
      responses:
        '204': {description: deleted}
  /names/{name}:
    get:
      operationId: getName
      produces: [application/xml, text/plain, application/json]
      parameters:
        - {name: name, in: path, required: true, type: string}
        - {name: on, in: query, type: string, format: date}
        - {name: code, in: query, type: string, pattern: '^[0-9]+$'}
      responses:
        '200': {description: ok}
definitions:
  Thing:
    type: object
    properties:
      count: {type: integer}
      price: {type: number}
      active: {type: boolean}
      sizes: {type: array, items: {type: integer}}
      weights: {type: object, additionalProperties: {type: number}}
      part: {$ref: '#/definitions/Part'}
  Switch:
    type: object
    properties:
      state: {type: boolean, enum: [true, false]}
      always: {type: boolean, enum: [true]}
      level: {type: integer, enum: [1, 2]}
  Part:
    type: object
    required: [quantity]
    properties:
      quantity: {type: integer}
"""
SECRET = "s3cret-token"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("runtime")
    spec = root / "runtime.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = root / "out"
    write_generated(generate_files(spec, GeneratorConfig(), package=PACKAGE), out)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def api(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def model(name: str) -> Any:
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


class Server:
    """Records every request it gets and answers 200 with no body."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200)

    def client(self, pkg: ModuleType, **options: Any) -> Any:
        http = httpx.Client(transport=httpx.MockTransport(self._handle))
        return pkg.Client(BASE, httpx_client=http, **options)

    def run_async(self, pkg: ModuleType, call: Callable[..., Any], **options: Any) -> Any:
        async def main() -> Any:
            async with httpx.AsyncClient(transport=httpx.MockTransport(self._handle)) as http:
                client = pkg.AsyncClient(BASE, httpx_client=http, **options)
                return await call(client)

        return asyncio.run(main())

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


# -- headers: CR, LF and NUL -------------------------------------------------------------------
BAD = ["a\r\nInjected: 1", "a\rb", "a\nb", "a\x00b"]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("client", ["Client", "AsyncClient"])
def test_client_headers_are_refused_when_the_client_is_made(
    pkg: ModuleType, client: str, value: str
) -> None:
    with pytest.raises(pkg.InvalidArgument, match="the header 'X-A' cannot hold CR, LF or NUL"):
        getattr(pkg, client)(BASE, headers={"X-A": value})


@pytest.mark.parametrize("client", ["Client", "AsyncClient"])
def test_client_header_names_are_refused_too(pkg: ModuleType, client: str) -> None:
    with pytest.raises(pkg.InvalidArgument, match="cannot hold CR, LF or NUL"):
        getattr(pkg, client)(BASE, headers={"X-A\r\nInjected": "1"})


@pytest.mark.parametrize(
    ("operation", "credential", "header"),
    [
        ("secure_bearer", "access_token", "Authorization"),
        ("secure_header", "x_api_key", "X-API-Key"),
    ],
)
@pytest.mark.parametrize("bad", ["\r\nInjected: 1", "\n", "\x00"])
def test_credentials_in_headers_are_refused_before_sending(
    pkg: ModuleType, operation: str, credential: str, header: str, bad: str
) -> None:
    """The error names the header and never shows the secret; nothing reaches the transport."""
    secret = SECRET + bad
    server = Server()
    with pytest.raises(pkg.InvalidArgument) as caught:
        api(operation).sync(server.client(pkg, **{credential: secret}))
    message = str(caught.value)
    assert message == f"the header {header!r} cannot hold CR, LF or NUL characters"
    assert SECRET not in message and SECRET not in repr(caught.value)
    with pytest.raises(pkg.InvalidArgument, match=header):
        server.run_async(pkg, api(operation).asyncio, **{credential: secret})
    assert server.requests == []


def test_header_parameters_are_still_refused(pkg: ModuleType) -> None:
    server = Server()
    with pytest.raises(pkg.InvalidArgument, match="the header 'X-Tenant' cannot hold CR, LF"):
        api("get_item").sync(server.client(pkg), item_id=1, x_tenant="t\r\nInjected: 1")
    assert server.requests == []


def test_clean_headers_and_credentials_go_through_unchanged(pkg: ModuleType) -> None:
    server = Server()
    options = {"headers": {"X-A": "a: b; c=d"}, "access_token": SECRET, "x_api_key": "k-1"}
    api("secure_bearer").sync(server.client(pkg, **options))
    api("secure_header").sync(server.client(pkg, **options))
    bearer, keyed = server.requests
    assert bearer.headers["Authorization"] == f"Bearer {SECRET}"
    assert keyed.headers["X-API-Key"] == "k-1"
    assert bearer.headers["X-A"] == keyed.headers["X-A"] == "a: b; c=d"


def test_a_query_credential_is_not_a_header(pkg: ModuleType) -> None:
    """A query key is percent-encoded, so a newline in it is sent as %0A, not refused."""
    server = Server()
    api("secure_query").sync(server.client(pkg, api_key="k\n1"))
    assert server.request.url.query == b"api_key=k%0A1"


# -- bool where the spec says integer or number -----------------------------------------------
@pytest.mark.parametrize(
    ("operation", "arguments", "message"),
    [
        ("get_item", {"item_id": True}, "item_id must be an integer, not a bool"),
        ("get_item", {"item_id": 1, "limit": True}, "limit must be an integer, not a bool"),
        ("get_item", {"item_id": 1, "limit": False}, "limit must be an integer, not a bool"),
        ("get_item", {"item_id": 1, "ratio": True}, "ratio must be a number, not a bool"),
        ("get_item", {"item_id": 1, "ids": [1, True]}, "ids must be an integer, not a bool"),
        ("get_item", {"item_id": 1, "level": True}, "level must be a GetItemLevel value"),
        ("get_item", {"item_id": 1, "x_count": True}, "X-Count must be an integer, not a bool"),
        ("post_form", {"size": True}, "size must be an integer, not a bool"),
        ("post_count", {"count": True}, "count must be an integer, not a bool"),
        ("get_item", {"item_id": 1, "ratio": float("nan")}, "ratio must be a finite number"),
        ("get_item", {"item_id": 1, "ratio": float("-inf")}, "ratio must be a finite number"),
    ],
)
def test_a_bool_for_an_integer_or_number_parameter_is_refused(
    pkg: ModuleType, operation: str, arguments: dict[str, Any], message: str
) -> None:
    server = Server()
    with pytest.raises(pkg.InvalidArgument) as caught:
        api(operation).sync(server.client(pkg), **arguments)
    assert str(caught.value).startswith(message)
    with pytest.raises(pkg.InvalidArgument, match=message):
        server.run_async(pkg, lambda client: api(operation).asyncio(client, **arguments))
    assert server.requests == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (lambda: {"count": True}, "Thing.count must be an integer, not a bool"),
        (lambda: {"price": False}, "Thing.price must be a number, not a bool"),
        (
            lambda: {"price": float("inf")},
            "Thing.price must be a finite number (JSON has no NaN or infinity)",
        ),
        (lambda: {"sizes": [0, True]}, "Thing.sizes must be an integer, not a bool"),
        (lambda: {"weights": {"w": True}}, "Thing.weights must be a number, not a bool"),
        (
            lambda: {"part": model("Part")(quantity=True)},
            "Part.quantity must be an integer, not a bool",
        ),
    ],
)
def test_a_bool_for_an_integer_or_number_field_is_refused(
    pkg: ModuleType, fields: Callable[[], dict[str, Any]], message: str
) -> None:
    """Encoding names the model and field, whether by `to_dict()` or as a request body."""
    thing = model("Thing")(**fields())
    with pytest.raises(pkg.InvalidArgument) as caught:
        thing.to_dict()
    assert str(caught.value) == message
    server = Server()
    with pytest.raises(pkg.InvalidArgument) as caught:
        api("post_thing").sync(server.client(pkg), thing=thing)
    assert str(caught.value) == message
    assert server.requests == []


def test_integers_numbers_and_booleans_go_through_unchanged(pkg: ModuleType) -> None:
    server = Server()
    client = server.client(pkg)
    level = model("GetItemLevel").V_2
    api("get_item").sync(
        client, item_id=0, limit=0, ratio=1.5, flag=False, ids=[1, 0], level=level, x_count=7
    )
    api("post_form").sync(client, size=0, enabled=True)
    api("post_count").sync(client, count=0)
    Thing, Part = model("Thing"), model("Part")
    thing = Thing(
        count=1, price=2, active=True, sizes=[0, 3], weights={"w": 0.5}, part=Part(quantity=0)
    )
    api("post_thing").sync(client, thing=thing)
    items, form, count, things = server.requests
    assert str(items.url) == (f"{BASE}/items/0?limit=0&ratio=1.5&flag=false&ids=1%2C0&level=2")
    assert items.headers["X-Count"] == "7"
    assert parse_qsl(form.content.decode()) == [("size", "0"), ("enabled", "true")]
    assert json.loads(count.content) == 0
    assert json.loads(things.content) == {
        "count": 1,
        "price": 2,
        "active": True,
        "sizes": [0, 3],
        "weights": {"w": 0.5},
        "part": {"quantity": 0},
    }
    assert thing.to_dict() == json.loads(things.content)


# -- enums of booleans, and enums that never take a bool for a number ----------------------------


def test_boolean_enums_are_enums_with_exact_values(pkg: ModuleType) -> None:
    state, always = model("SwitchState"), model("SwitchAlways")
    assert [(m.name, m.value) for m in state] == [("TRUE", True), ("FALSE", False)]
    decoded = model("Switch").from_dict({"state": False, "always": True, "level": 2})
    assert decoded.state is state.FALSE and decoded.always is always.TRUE
    assert decoded.to_dict() == {"state": False, "always": True, "level": 2}
    # Open: a value the spec does not list is kept, not an error.
    other = model("Switch").from_dict({"always": False}).always
    assert other.value is False and not other.is_known


@pytest.mark.parametrize(
    ("data", "field"),
    [({"state": 1}, "state"), ({"state": "true"}, "state"), ({"level": True}, "level")],
)
def test_enums_decode_only_their_json_type(
    pkg: ModuleType, data: dict[str, Any], field: str
) -> None:
    """True == 1 in Python; `true` is still not a valid integer enum value, nor 1 a boolean."""
    with pytest.raises(pkg.DecodeError, match=f"\\$.{field}: .* is not a valid Switch"):
        model("Switch").from_dict(data)


def test_a_boolean_enum_parameter_is_sent_as_json_text(pkg: ModuleType) -> None:
    server = Server()
    client = server.client(pkg)
    api("get_switch").sync(client, only=model("GetSwitchOnly").TRUE)
    api("get_switch").sync(client, only=True)
    assert [str(r.url) for r in server.requests] == [f"{BASE}/switches?only=true"] * 2
    with pytest.raises(pkg.InvalidArgument, match="only must be a GetSwitchOnly value"):
        api("get_switch").sync(client, only=1)
    assert len(server.requests) == 2


# -- values that would send another request than the one meant ---------------------------------
def test_an_empty_path_parameter_is_an_empty_segment(pkg: ModuleType) -> None:
    """Sent as asked: AutoRest's url.json tests expect `/paths/string/empty/` (a reviewer's
    refusal of empty values failed four of its skeletons)."""
    server = Server()
    api("get_name").sync(server.client(pkg), name="")
    api("get_name").sync(server.client(pkg), name=" ")
    assert [r.url.raw_path for r in server.requests] == [b"/names/", b"/names/%20"]


def test_a_datetime_where_a_date_belongs_is_refused(pkg: ModuleType) -> None:
    """A datetime is a date to mypy; its isoformat() once went out as a date parameter."""
    server = Server()
    with pytest.raises(pkg.InvalidArgument, match="on must be a date, not a datetime"):
        api("get_name").sync(server.client(pkg), name="n", on=datetime.datetime(2024, 1, 2, 3))
    assert server.requests == []
    api("get_name").sync(server.client(pkg), name="n", on=datetime.date(2024, 1, 2))
    assert server.request.url.query == b"on=2024-01-02"


@pytest.mark.parametrize(
    ("credential", "label"),
    [("access_token", "the bearer token"), ("x_api_key", "'X-API-Key'"), ("api_key", "'api_key'")],
)
def test_an_empty_credential_is_refused_when_the_client_is_made(
    pkg: ModuleType, credential: str, label: str
) -> None:
    """An empty token once went out as `Authorization: Bearer `."""
    for client in (pkg.Client, pkg.AsyncClient):
        with pytest.raises(pkg.InvalidArgument, match=f"the credential {label} is empty"):
            client(BASE, **{credential: ""})


def test_json_is_asked_for_first(pkg: ModuleType) -> None:
    """The petstore lists XML first; a server that honours the order answered in XML.
    (A binary or text response keeps the spec's order: tests/test_cases.py, case 10.)"""
    server = Server()
    api("get_name").sync(server.client(pkg), name="n")
    assert server.request.headers["Accept"] == (
        "application/json, application/xml;q=0.5, text/plain;q=0.5"
    )


def test_an_argument_wins_over_a_credential_of_the_same_name(pkg: ModuleType) -> None:
    """Petstore's deletePet has an `api_key` header parameter beside its `api_key` scheme:
    the credential once overwrote the argument, and the generated test asserted both."""
    server = Server()
    client = server.client(pkg, x_api_key="from-client", headers={"x-api-key": "default"})
    api("delete_pet").sync(client, pet_id=1, x_api_key="from-argument")
    api("delete_pet").sync(client, pet_id=1)
    given, left_out = server.requests
    assert given.headers.get_list("X-API-Key") == ["from-argument"]
    assert left_out.headers.get_list("X-API-Key") == ["from-client"]

    server = Server()
    client = server.client(pkg, api_key="from-client")
    api("delete_pet").sync(client, pet_id=1, api_key="from-argument")
    api("delete_pet").sync(client, pet_id=1)
    assert [r.url.query for r in server.requests] == [
        b"api_key=from-argument",
        b"api_key=from-client",
    ]


def test_the_generated_skeletons_pass(pkg: ModuleType) -> None:
    """Including deletePet's, which sets the header both ways."""
    package = Path(pkg.__file__).parent
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        cwd=package.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.parametrize("bad", ["S3CRET ", "S3CRET\t", "S3\x0bCRET", "S3\x7fCRET"])
def test_header_values_http_forbids_are_refused_without_showing_them(
    pkg: ModuleType, bad: str
) -> None:
    """h11 refuses these too, but its error and httpcore's debug log print the value."""
    server = Server()
    with pytest.raises(pkg.InvalidArgument) as caught:
        api("secure_bearer").sync(server.client(pkg, access_token=bad))
    assert str(caught.value) == (
        "the header 'Authorization' cannot hold control characters or begin or end with "
        "a space or tab"
    )
    assert "S3" not in str(caught.value) and server.requests == []
    with pytest.raises(pkg.InvalidArgument, match="X-A"):
        pkg.Client(BASE, headers={"X-A": bad})


def test_a_pattern_end_anchor_means_the_end_as_in_ecma(pkg: ModuleType) -> None:
    """Python's `$` also matches before a final newline: `123\\n` once passed `^[0-9]+$`."""
    server = Server()
    with pytest.raises(pkg.InvalidArgument, match="code must match the pattern"):
        api("get_name").sync(server.client(pkg), name="n", code="123\n")
    api("get_name").sync(server.client(pkg), name="n", code="123")
    assert server.request.url.query == b"code=123"
