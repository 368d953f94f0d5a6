"""Invariant: whatever edits an article goes through, no reviewed translation and no
translator comment ever leaves its PO file (active, carried over as fuzzy, or obsolete)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
from fakes import FakeEngine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.catalog import load_catalog
from translate.pipeline import translate_project
from translate.project import load_project
from translate.states import is_owned

POOL = [
    "Le conseil municipal a voté le budget mardi soir.",
    "Les travaux commenceront en septembre.",
    "La grève des dockers est terminée.",
    "Le trafic reprend normalement au port.",
    "Il pleuvra demain sur toute la région.",
    "Les températures resteront douces pour la saison.",
    "Le maire a répondu aux questions des habitants.",
    "Une enquête publique sera ouverte en janvier.",
    "Les écoles resteront ouvertes lundi.",
    "La préfecture appelle à la prudence sur les routes.",
    "Le festival accueillera trente mille visiteurs.",
    "Les commerçants se disent satisfaits de la saison.",
]
WORDS = ["demain", "hier", "vraiment", "près", "encore", "aussi", "déjà", "enfin"]

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("insert"), st.integers(0, 50), st.sampled_from(POOL)),
    st.tuples(st.just("reword"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("merge"), st.integers(0, 50)),
    st.tuples(st.just("split"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("paragraph"), st.integers(0, 50)),
)


def apply(sentences: list[str], operation: tuple) -> list[str]:
    """One edit a journalist might make; sentences stay non-empty and end with a period."""
    result = list(sentences)
    kind, where = operation[0], operation[1] % max(len(result), 1)
    if kind == "delete" and len(result) > 1:
        del result[where]
    elif kind == "insert":
        result.insert(where, operation[2])
    elif kind == "reword" and result and result[where] != "\n":
        words = result[where].rstrip(".").split(" ")
        words.insert(len(words) // 2, operation[2])
        result[where] = " ".join(words) + "."
    elif kind == "merge" and where + 1 < len(result) and result[where] != "\n":
        second = result[where + 1]
        if second != "\n":
            result[where : where + 2] = [
                result[where].rstrip(".") + " et " + second[0].lower() + second[1:]
            ]
    elif kind == "split" and result and result[where] != "\n":
        words = result[where].rstrip(".").split(" ")
        if len(words) >= 4:
            half = len(words) // 2
            first, second = " ".join(words[:half]), " ".join(words[half:])
            result[where : where + 1] = [first + ".", second[0].upper() + second[1:] + "."]
    elif kind == "move" and result:
        item = result.pop(where)
        result.insert(operation[2] % (len(result) + 1), item)
    elif kind == "paragraph":
        result.insert(where, "\n")
    return result


def render(sentences: list[str]) -> str:
    paragraphs, current = [], []
    for sentence in sentences:
        if sentence == "\n":
            if current:
                paragraphs.append(" ".join(current))
            current = []
        else:
            current.append(sentence)
    if current:
        paragraphs.append(" ".join(current))
    return "Le journal du jour\n\n" + "\n\n".join(paragraphs or ["Rien."]) + "\n"


def translate(root: Path) -> None:
    engine = FakeEngine()
    translate_project(load_project(root), engine_factory=lambda _, e=engine: e)


UNOWNED = [
    polib.POEntry(msgctxt="menu", msgid="Accueil", msgstr="Home"),
    polib.POEntry(
        msgid="un article",
        msgid_plural="%d articles",
        msgstr_plural={0: "one article", 1: "%d articles"},
        tcomment="added by hand",
    ),
]
SHARED = POOL[2]  # also in the Markdown article, whose catalog is written first


def approved(catalog) -> dict[str, str]:
    return {
        e.msgid: e.msgstr
        for e in catalog
        if is_owned(e) and not e.obsolete and e.msgstr and "fuzzy" not in e.flags
    }


def check_invariant(catalog, before: dict[str, str], ever: set, comments: list, present: set):
    """Per msgid: approved and still in the source -> still approved, same msgstr; approved
    and gone -> its msgstr kept verbatim (obsolete, or carried over fuzzy with `#|`);
    nothing approved that never was; every translator comment and unowned entry kept."""
    entries = [e for e in catalog if is_owned(e)]
    active = {e.msgid: e for e in entries if not e.obsolete}
    for msgid, msgstr in before.items():
        if msgid in present:
            entry = active[msgid]
            assert (entry.msgstr, "fuzzy" in entry.flags) == (msgstr, False), msgid
        else:
            assert any(
                e.msgstr == msgstr and (e.obsolete or (e.previous_msgid and "fuzzy" in e.flags))
                for e in entries
            ), (msgid, msgstr)
    for msgid, msgstr in approved(catalog).items():
        assert (msgid, msgstr) in ever, f"{msgid!r} became approved"
    for tcomment in comments:
        assert any(tcomment in e.tcomment for e in catalog), tcomment
    for unowned in UNOWNED:
        kept = [e for e in catalog if (e.msgctxt, e.msgid) == (unowned.msgctxt, unowned.msgid)]
        assert len(kept) == 1 and kept[0].msgstr_plural == unowned.msgstr_plural
        assert kept[0].msgstr == unowned.msgstr and kept[0].tcomment == unowned.tcomment


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scripts=st.lists(st.lists(edit, min_size=1, max_size=4), min_size=1, max_size=3),
    reviewed=st.sets(st.integers(0, 7), min_size=1, max_size=6),
    commented=st.sets(st.integers(0, 7)),
)
def test_update_invariant_per_msgid(scripts, reviewed, commented):
    sentences = POOL[:8]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seeds").mkdir()
        article = root / "seeds" / "article.txt"
        article.write_text(render(sentences), encoding="utf-8")
        other = root / "seeds" / "a-other.md"
        other.write_text(f"# Autre\n\n{SHARED} Un **autre** texte.\n", encoding="utf-8")
        translate(root)
        po = root / "locales" / "en" / "article.po"
        shared = load_catalog(root / "locales" / "en" / "a-other.po").find(SHARED)
        shared.msgstr, shared.flags = "The dockers' strike is over.", []
        catalog = load_catalog(po)
        comments: list[str] = []
        for index in sorted(reviewed):
            entry = catalog.find(POOL[index])
            # two-sentence translations, and approvals with and without a comment
            entry.msgstr = f"Reviewed number {index}." + (" Second part." if index % 2 else "")
            entry.flags = []
            if index in commented:
                entry.tcomment = f"Note number {index}"
                comments.append(entry.tcomment)
        for unowned in UNOWNED:
            catalog.insert(2, unowned)
        catalog.save(str(po))
        ever = set(approved(catalog).items())
        for script in scripts:
            before = approved(load_catalog(po))
            for operation in script:
                sentences = apply(sentences, operation)
            article.write_text(render(sentences), encoding="utf-8")
            translate(root)
            after = load_catalog(po)
            present = {s for s in sentences if s != "\n"} | {"Le journal du jour"}
            check_invariant(after, before, ever, comments, present)
            ever |= set(approved(after).items())


# What a reviewer does in a PO editor while `translate` runs: approve a draft by clearing
# its fuzzy flag alone, rewrite and approve a translation, or comment an entry (which
# becomes a comment-only obsolete entry when its sentence leaves).
save_action = st.tuples(st.sampled_from(["clear-fuzzy", "rewrite", "comment"]), st.integers(0, 50))
# When the save lands: while the model runs (before diptych writes anything), from an
# editor buffer opened before the run's first checkpoint and saved after it (overwriting
# it), or right before diptych replaces the file (after it merged).
WHEN = ["model", "stale-buffer", "write"]


class Reviewer:
    """Saves the catalog once during a run, at the moment `when` says."""

    def __init__(self, po: Path, actions: list, when: str, step: int) -> None:
        self.po, self.actions, self.when, self.step = po, actions, when, step
        self.buffer = None
        self.saved = None  # the catalog as the reviewer saved it
        self.comments: list[str] = []

    def edit(self, catalog) -> None:
        owned = [e for e in catalog if is_owned(e) and not e.obsolete]
        for n, (kind, where) in enumerate(self.actions):
            entry = owned[where % len(owned)]
            if kind == "clear-fuzzy" and entry.msgstr and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            elif kind == "rewrite":
                entry.msgstr = f"Saved meanwhile {self.step}.{n}."
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            elif kind == "comment":
                note = f"Concurrent note {self.step}.{n}"
                entry.tcomment = "\n".join(filter(None, [entry.tcomment, note]))
                self.comments.append(note)

    def save(self, catalog=None) -> None:
        if self.saved is not None:
            return
        catalog = catalog or polib.pofile(str(self.po))
        self.edit(catalog)
        catalog.save(str(self.po))
        self.saved = catalog

    def engine(self):
        reviewer = self

        class EngineMeanwhile(FakeEngine):
            def translate(self, sources):
                if reviewer.when == "model":
                    reviewer.save()
                elif reviewer.when == "stale-buffer":
                    if reviewer.buffer is None:
                        reviewer.buffer = polib.pofile(str(reviewer.po))
                    elif self.calls:
                        reviewer.save(reviewer.buffer)
                return super().translate(sources)

        return EngineMeanwhile()

    def current_bytes(self, real):
        def look(path):
            if self.when == "write" and path == self.po:
                self.save()
            return real(path)

        return look


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scripts=st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=3),
    saves=st.lists(st.lists(save_action, min_size=1, max_size=3), min_size=3, max_size=3),
    when=st.lists(st.sampled_from(WHEN), min_size=3, max_size=3),
    reviewed=st.sets(st.integers(0, 7), max_size=4),
    untranslated=st.sets(st.integers(0, 7), max_size=4),
)
def test_update_invariant_with_saves_during_the_run(scripts, saves, when, reviewed, untranslated):
    """The invariant above, with a reviewer saving the catalog during every run, at any
    moment of it, while the author edits the article between runs."""
    from unittest import mock

    from translate import files, pipeline

    sentences = POOL[:8]
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(pipeline, "CHECKPOINT_SEGMENTS", 2),
    ):
        root = Path(folder)
        (root / "seeds").mkdir()
        article = root / "seeds" / "article.txt"
        article.write_text(render(sentences), encoding="utf-8")
        translate(root)
        po = root / "locales" / "en" / "article.po"
        catalog = load_catalog(po)
        for index in sorted(reviewed | untranslated):
            entry = catalog.find(POOL[index])
            if index in untranslated:  # left for later: what a comment alone can hold
                entry.msgstr, entry.flags = "", []
            else:
                entry.msgstr, entry.flags = f"Reviewed number {index}.", []
        for unowned in UNOWNED:
            catalog.insert(2, unowned)
        catalog.save(str(po))
        ever = set(approved(catalog).items())
        comments: list[str] = []
        for step, script in enumerate(scripts):
            for operation in script:
                sentences = apply(sentences, operation)
            article.write_text(render(sentences), encoding="utf-8")
            reviewer = Reviewer(po, saves[step], when[step], step)
            before = approved(load_catalog(po))
            real = files.current_bytes
            engine = reviewer.engine()
            with mock.patch.object(files, "current_bytes", reviewer.current_bytes(real)):
                translate_project(load_project(root), engine_factory=lambda _, e=engine: e)
            after = load_catalog(po)
            if reviewer.saved is not None:  # saved during the run: what the run started from
                before = approved(reviewer.saved)
                ever |= set(before.items())
                comments += reviewer.comments
            present = {s for s in sentences if s != "\n"} | {"Le journal du jour"}
            check_invariant(after, before, ever, comments, present)
            ever |= set(approved(after).items())
            if reviewer.saved is None:  # the run wrote nothing: the reviewer saves after it
                reviewer.save()
                ever |= set(approved(reviewer.saved).items())
                comments += reviewer.comments
