"""`diptych serve` without a browser: the request checks, saves merged with the file on disk,
conflicts shown, errors kept to their article (Starlette's test client on a copied project)."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path

import polib
import pytest
from fakes import FakeEngine

pytest.importorskip("starlette")
pytest.importorskip("httpx")

with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from translate.pipeline import translate_project  # noqa: E402
from translate.project import load_project  # noqa: E402
from translate.serve.app import Server, make_app  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SLUG = "000_da88f1f87eecb2fd"
PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture(scope="module")
def machine_project(tmp_path_factory) -> Path:
    """The seed articles, machine-translated by the fake engine (every entry fuzzy)."""
    root = tmp_path_factory.mktemp("serve") / "project"
    (root / "seeds").mkdir(parents=True)
    for article in (REPO / "seeds").iterdir():
        shutil.copy(article, root / "seeds" / article.name)
    translate_project(load_project(root), engine_factory=lambda *a, **k: FakeEngine())
    return root


@pytest.fixture
def served(machine_project: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(machine_project, root)
    server = Server(load_project(root), "secret-token", "127.0.0.1", PORT)
    client = TestClient(make_app(server), base_url=ORIGIN)
    client.cookies.set(f"diptych-token-{PORT}", "secret-token")
    return root, client


def page_data(client: TestClient, slug: str = SLUG) -> dict:
    response = client.get(f"/a/{slug}/en")
    assert response.status_code == 200, response.text
    found = re.search(r'<script type="application/json" id="data">(.*?)</script>', response.text)
    assert found
    return json.loads(found.group(1))


def entry_of(data: dict, segment: int) -> dict:
    return data["entries"][data["segments"][str(segment)]]


def save(client: TestClient, entry: dict, msgstr: str, fuzzy: bool = False, **headers):
    body = {
        "msgid": entry["msgid"],
        "base": entry["base"],
        "msgstr": msgstr,
        "fuzzy": fuzzy,
        "comment": entry["comment"],
    }
    return client.post(f"/a/{SLUG}/en/entry", json=body, headers={"origin": ORIGIN, **headers})


def po_path(root: Path) -> Path:
    return root / "locales" / "en" / f"{SLUG}.po"


def assert_only_changed(before: str, after: str, msgids: set[str]) -> None:
    """Every entry of `after` is byte for byte the one of `before`, except the entries of
    `msgids`, which differ only in their msgstr, fuzzy flag and `#|` previous source."""
    old, new = before.split("\n\n"), after.split("\n\n")
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == len(msgids)
    for a, b in changed:
        entry_a, entry_b = polib.pofile(a)[0], polib.pofile(b)[0]
        assert entry_a.msgid in msgids
        for entry in (entry_a, entry_b):
            entry.msgstr, entry.previous_msgid = "", None
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        assert str(entry_a) == str(entry_b)


def test_without_the_token_every_request_is_refused(served) -> None:
    _root, client = served
    client.cookies.clear()
    for path in ("/", f"/a/{SLUG}/en", "/static/serve.js", f"/a/{SLUG}/en/version"):
        assert client.get(path).status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    entry = {"msgid": "x", "base": "y", "comment": ""}
    assert save(client, entry, "text").status_code == 403


def test_the_token_in_the_url_becomes_a_same_site_cookie(served) -> None:
    _root, client = served
    client.cookies.clear()
    response = client.get("/?token=secret-token", follow_redirects=False)
    assert response.status_code == 303
    assert "token" not in response.headers["location"]
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    assert client.get("/").status_code == 200  # the cookie now does


def test_foreign_host_and_cross_site_posts_are_refused(served) -> None:
    root, client = served
    before = po_path(root).read_bytes()
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 403
    assert client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 403
    entry = entry_of(page_data(client), 2)
    assert save(client, entry, "X", origin="http://evil.example").status_code == 403
    assert save(client, entry, "X", **{"sec-fetch-site": "cross-site"}).status_code == 403
    form = client.post(f"/a/{SLUG}/en/entry", data={"msgid": entry["msgid"]})
    assert form.status_code == 415  # a cross-site form cannot send JSON without a preflight
    assert po_path(root).read_bytes() == before


def test_every_response_carries_the_security_headers(served) -> None:
    _root, client = served
    headers = client.get(f"/a/{SLUG}/en").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"


def test_approve_writes_only_that_entry(served) -> None:
    root, client = served
    before = po_path(root).read_text(encoding="utf-8")
    entry = entry_of(page_data(client), 2)
    response = save(client, entry, "A resounding departure shook Anthropic.")
    assert response.status_code == 200, response.text
    assert response.json()["entry"]["state"] == "reviewed"
    after = po_path(root).read_text(encoding="utf-8")
    changed = polib.pofile(after).find(entry["msgid"])
    assert changed.msgstr == "A resounding departure shook Anthropic."
    assert "fuzzy" not in changed.flags
    assert_only_changed(before, after, {entry["msgid"]})


def test_a_concurrent_save_of_another_entry_is_kept(served) -> None:
    """The page was loaded, then a PO editor saved another entry: the browser's save merges."""
    root, client = served
    data = page_data(client)
    catalog = polib.pofile(str(po_path(root)))
    other = catalog.find(entry_of(data, 3)["msgid"])
    other.msgstr = "Saved in Poedit meanwhile."
    other.flags.remove("fuzzy")
    catalog.save(str(po_path(root)))  # polib's own wrapping: another tool's bytes
    response = save(client, entry_of(data, 2), "Approved in the browser.")
    assert response.status_code == 200
    merged = polib.pofile(str(po_path(root)))
    assert merged.find(other.msgid).msgstr == "Saved in Poedit meanwhile."
    assert "fuzzy" not in merged.find(other.msgid).flags
    assert merged.find(entry_of(data, 2)["msgid"]).msgstr == "Approved in the browser."


def test_a_conflicting_edit_of_the_same_entry_is_shown_not_resolved(served) -> None:
    root, client = served
    entry = entry_of(page_data(client), 2)
    catalog = polib.pofile(str(po_path(root)))
    catalog.find(entry["msgid"]).msgstr = "Their text, saved on disk."
    catalog.save(str(po_path(root)))
    on_disk = po_path(root).read_bytes()
    response = save(client, entry, "My text, from the browser.")
    assert response.status_code == 409
    body = response.json()
    assert body["theirs"]["msgstr"] == "Their text, saved on disk."
    assert body["yours"] == "My text, from the browser."
    assert po_path(root).read_bytes() == on_disk  # nothing written
    # keeping mine, knowingly: the page resends with the base of what is on disk
    kept = save(client, body["theirs"], "My text, from the browser.")
    assert kept.status_code == 200
    assert polib.pofile(str(po_path(root))).find(entry["msgid"]).msgstr.startswith("My text")


def test_send_back_and_undo(served) -> None:
    root, client = served
    entry = entry_of(page_data(client), 2)
    approved = save(client, entry, "Approved.").json()["entry"]
    back = save(client, approved, "Approved.", fuzzy=True).json()["entry"]
    assert back["state"] == "edited" and back["fuzzy"]
    undone = save(client, back, entry["msgstr"], fuzzy=True).json()["entry"]
    assert undone["state"] == "machine"
    assert polib.pofile(str(po_path(root))).find(entry["msgid"]).msgstr == entry["msgstr"]


def test_a_translator_comment_is_written_as_a_translator_comment(served) -> None:
    root, client = served
    entry = {**entry_of(page_data(client), 2), "comment": "Checked with the desk."}
    assert save(client, entry, "Checked.").status_code == 200
    assert "\n# Checked with the desk.\n" in po_path(root).read_text(encoding="utf-8")


def test_article_text_is_escaped(served) -> None:
    root, client = served
    entry = entry_of(page_data(client), 2)
    assert save(client, entry, "<script>alert(1)</script> & </script>").status_code == 200
    html = client.get(f"/a/{SLUG}/en").text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html  # the target span
    assert "<\\/script>" in html or "\\u003c/script\\u003e" in html  # the JSON data


def test_an_unreadable_po_is_an_error_on_its_own_page_only(served) -> None:
    root, client = served
    po_path(root).write_bytes(b'msgid "broken\n')
    response = client.get(f"/a/{SLUG}/en")
    assert response.status_code == 500
    assert "Error:" in response.text and f"{SLUG}.po" in response.text
    other = client.get("/a/002_e7fcacc06b89f122/en")
    assert other.status_code == 200
    index = client.get("/")
    assert (
        index.status_code == 200 and "Error:" in index.text and "002_e7fcacc06b89f122" in index.text
    )


def test_no_request_path_reaches_the_file_system(served) -> None:
    root, client = served
    (root / "secret.txt").write_text("Le secret.\n", encoding="utf-8")
    for path in ("/a/..%2Fsecret/en", "/a/secret/en", f"/a/{SLUG}/..", "/static/..%2F..%2Fcli.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "secret." not in response.text.lower().replace("secret.txt", "")
    assert client.get(f"/a/{SLUG}/de").status_code == 404  # not one of the project's targets


def test_the_version_changes_when_the_po_changes_on_disk(served) -> None:
    root, client = served
    first = client.get(f"/a/{SLUG}/en/version").json()["version"]
    assert client.get(f"/a/{SLUG}/en/version").json()["version"] == first
    catalog = polib.pofile(str(po_path(root)))
    catalog[0].msgstr = "Changed on disk."
    catalog.save(str(po_path(root)))
    assert client.get(f"/a/{SLUG}/en/version").json()["version"] != first
    assert client.get("/version").status_code == 200


def test_the_review_order_puts_low_confidence_machine_output_first(served) -> None:
    root, client = served
    catalog = polib.pofile(str(po_path(root)))
    entries = [e for e in catalog if e.msgid]
    entries[3].comment += "\nmt-confidence: 12"
    entries[1].comment += "\nmt-confidence: 80"
    entries[2].msgstr = "Edited by hand."
    entries[0].flags.remove("fuzzy")  # reviewed, with QA findings (French left in)
    catalog.save(str(po_path(root)))
    data = page_data(client)
    ranks = {e["msgid"]: e["rank"] for e in data["entries"].values()}
    assert ranks[entries[3].msgid] == [0, 12]
    assert ranks[entries[1].msgid] == [0, 80]
    assert ranks[entries[2].msgid][0] == 1
    assert ranks[entries[0].msgid][0] == 3
    assert sorted(ranks.values(), key=lambda r: r or [9])[0] == [0, 12]


def test_serve_without_starlette_is_one_error_line(monkeypatch, cli_run) -> None:
    import builtins

    real_import = builtins.__import__

    def no_uvicorn(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    result = cli_run("serve")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: diptych serve needs Starlette and uvicorn: pip install 'diptych[serve]'"
    ]


def test_many_quick_saves_at_once_all_land(served) -> None:
    """Eight saves of different sentences sent at the same moment (quick clicks, two tabs):
    every one of them is in the file at the end, none written over another."""
    import threading

    root, client = served
    data = page_data(client)
    entries = [entry_of(data, n) for n in range(2, 10)]
    results: list[int] = []
    start = threading.Barrier(len(entries))

    def approve(entry: dict) -> None:
        start.wait()
        results.append(save(client, entry, f"Approved: {entry['msgid'][:20]}").status_code)

    threads = [threading.Thread(target=approve, args=(e,)) for e in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [200] * len(entries)
    final = polib.pofile(str(po_path(root)))
    for entry in entries:
        saved = final.find(entry["msgid"])
        assert saved.msgstr.startswith("Approved: ") and "fuzzy" not in saved.flags


def test_a_port_in_use_is_one_error_line(cli_run) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli_run("serve", "--port", str(port))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another --port"
    ]


def test_saving_a_sentence_that_left_the_catalog_writes_nothing(served) -> None:
    root, client = served
    entry = entry_of(page_data(client), 2)
    catalog = polib.pofile(str(po_path(root)))
    catalog.find(entry["msgid"]).obsolete = True  # `translate` after the article changed
    catalog.save(str(po_path(root)))
    on_disk = po_path(root).read_bytes()
    response = save(client, entry, "Too late.")
    assert response.status_code == 409 and response.json()["theirs"] is None
    assert po_path(root).read_bytes() == on_disk


def test_the_host_check_accepts_the_served_address_and_local_names_only(project) -> None:
    server = Server(load_project(project), "t", "192.168.1.5", 9000)
    assert server.hosts == {
        "192.168.1.5:9000",
        "127.0.0.1:9000",
        "localhost:9000",
        "[::1]:9000",
    }
    assert "[::1]:9000" in Server(load_project(project), "t", "::1", 9000).hosts
