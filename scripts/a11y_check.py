"""Reads the running Attest app as a screen reader does, over AT-SPI.

Finds the source view (a document named "Source text: ..."), reads its text
through the Text interface, finds SENTENCE in it, reads it by line and by
word, then sets the caret and a selection as a screen reader does and reads
them back. Exits 1 with a message on the first thing that does not hold.

    /usr/bin/python3 scripts/a11y_check.py SENTENCE
"""

import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

DOCUMENT_ROLES = {
    Atspi.Role.DOCUMENT_FRAME,
    Atspi.Role.DOCUMENT_TEXT,
    Atspi.Role.DOCUMENT_WEB,
}


def fail(message):
    print(f"a11y-check: {message}", file=sys.stderr)
    sys.exit(1)


def walk(node, depth=0):
    """Every node under `node`, depth first (bounded, as the tree is live)."""
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def find_document():
    """The source view's document node, once the app is on the bus."""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is None:
            continue
        for node in walk(app):
            name = node.get_name() or ""
            if node.get_role() in DOCUMENT_ROLES and name.startswith("Source text: "):
                return app, node
    return None, None


def main():
    sentence = sys.argv[1]
    app = doc = None
    deadline = time.monotonic() + 60
    while doc is None:
        app, doc = find_document()
        if doc is None:
            if time.monotonic() > deadline:
                fail("no source view document on the accessibility bus after 60 s")
            time.sleep(0.5)
    print(f"a11y-check: found {doc.get_role_name()} {doc.get_name()!r} in {app.get_name()!r}")

    if "Text" not in doc.get_interfaces():
        fail("the source view has no Text interface")
    count = Atspi.Text.get_character_count(doc)
    whole = Atspi.Text.get_text(doc, 0, count)
    if count < 500:
        fail(f"only {count} chars of the source are exposed")
    at = whole.find(sentence)
    if at < 0:
        fail(f"{sentence!r} is not in the text read ({whole[:200]!r}…)")
    offset = len(whole[:at])
    print(f"a11y-check: {count} chars read; the sentence is at {offset}")

    line = Atspi.Text.get_string_at_offset(doc, offset, Atspi.TextGranularity.LINE)
    if not line.content or line.content.strip() not in whole:
        fail(f"the line at {offset} reads {line.content!r}")
    if not sentence.startswith(line.content[offset - line.start_offset:].strip()[:10]):
        fail(f"the line at {offset} ({line.content!r}) does not hold the sentence's start")
    print(f"a11y-check: line at {offset}: {line.content!r}")

    first_word = sentence.split()[0]
    word = Atspi.Text.get_string_at_offset(doc, offset, Atspi.TextGranularity.WORD)
    if word.content.strip() != first_word:
        fail(f"the word at {offset} reads {word.content!r}, not {first_word!r}")
    second = Atspi.Text.get_string_at_offset(
        doc, word.end_offset, Atspi.TextGranularity.WORD
    )
    if second.content.strip() != sentence.split()[1]:
        fail(f"the next word reads {second.content!r}")
    print(f"a11y-check: words: {word.content!r}, {second.content!r}")

    # The caret and the selection, set as a screen reader sets them.
    if Atspi.Text.get_caret_offset(doc) < 0:
        fail("the document has no caret offset")
    end = offset + len(sentence)
    if not Atspi.Text.set_selection(doc, 0, offset, end):
        fail("setting a selection was refused")
    deadline = time.monotonic() + 10
    selected = None
    while True:
        # The view may scroll to the selection, which shifts the text read.
        count = Atspi.Text.get_character_count(doc)
        whole = Atspi.Text.get_text(doc, 0, count)
        if Atspi.Text.get_n_selections(doc) > 0:
            selection = Atspi.Text.get_selection(doc, 0)
            selected = whole[selection.start_offset:selection.end_offset]
            if selected == sentence:
                break
        if time.monotonic() > deadline:
            fail(f"the selection set reads back as {selected!r}, not the sentence")
        time.sleep(0.3)
    print(f"a11y-check: selected {selected!r}")
    print("a11y-check: the source reads by line and word, and selects, over AT-SPI")


if __name__ == "__main__":
    main()
