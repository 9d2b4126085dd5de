"""A hostile tester's attacks on every path by which words reach a parent.

The family here is invented for these tests and used nowhere else: the Thornburys. Kirsty
Thornbury and the children live in a refuge whose address is protected; Callum Reade, the
children's father, lives apart and must not learn it. Kirsty's new partner, Lennox Abara, is
withheld from Callum. Each attack reads the real files back with readers ChairDesk did not
write (every part of the Word file, its pictures included; pdftotext, pypdf's metadata and
the PDF's embedded images), or the real parents' screen. Each also proves the copy is not
empty: what the parent may see is still there.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from chairdesk.domain import (
    ActionOwner,
    AgendaKind,
    ConferenceKind,
    Heading,
    MeetingModel,
    ParticipantRole,
    PersonRole,
    Visibility,
)
from chairdesk.errors import ChairDeskError
from chairdesk.export import DocumentKind
from chairdesk.services.actions import ActionService
from chairdesk.services.agenda import AgendaService
from chairdesk.services.base import ServiceContext
from chairdesk.services.conduct import ConductService
from chairdesk.services.conferences import ConferenceService, NewConference, NewInvitee, NewPerson
from chairdesk.services.entries import EntryService
from chairdesk.services.issued import IssuedService
from chairdesk.services.protection import ProtectionService
from chairdesk.services.reviews import ReviewService
from chairdesk.services.sharing import SharingService
from chairdesk.storage import open_database
from tests.conftest import PASSPHRASE
from tests.hostile.harness import Clock, World, leaked, read_back

WHEN = datetime(2027, 2, 9, 10, 0)

POPPY = "Poppy Thornbury"
ALFIE = "Alfie Thornbury"
KIRSTY = "Kirsty Thornbury"
CALLUM = "Callum Reade"
LENNOX = "Lennox Abara"
REFUGE = "Flat 2, 17 Wrenfield Court, Eastleigh Vale, EV3 8QX"
CALLUM_HOME = "41 Gannet Street, Portmere, PM7 2AB"

_references = iter(range(1, 10_000))


class _Clock(Clock):
    """The harness's movable clock, on the Thornburys' conference day."""

    def set(self, hour: int, minute: int) -> datetime:
        self.at = WHEN.replace(hour=hour, minute=minute)
        return self.at


def _thornburys(folder: Path) -> World:
    database = open_database(str(folder / "cd.db"), PASSPHRASE, create=True)
    clock = _Clock(WHEN)
    context = ServiceContext(database, user="chair", clock=clock)
    people = (
        NewPerson(POPPY, PersonRole.CHILD, date_of_birth=date(2016, 5, 2)),
        NewPerson(ALFIE, PersonRole.CHILD, date_of_birth=date(2019, 11, 20)),
        NewPerson(
            KIRSTY,
            PersonRole.PARENT,
            parental_responsibility=True,
            address=REFUGE,
            address_protected=True,
        ),
        NewPerson(CALLUM, PersonRole.PARENT, parental_responsibility=True, address=CALLUM_HOME),
    )
    invitees = (
        NewInvitee(KIRSTY, ParticipantRole.PARENT, person_index=2),
        NewInvitee(CALLUM, ParticipantRole.PARENT, person_index=3),
        NewInvitee(
            "Hana Petrovic", ParticipantRole.PROFESSIONAL, "Children's Social Care", "Social worker"
        ),
        NewInvitee(
            "Gwen Talbot", ParticipantRole.PROFESSIONAL, "Health visiting", "Health visitor"
        ),
        NewInvitee(
            "Osei Danquah", ParticipantRole.PROFESSIONAL, "Millbrook Primary", "Safeguarding lead"
        ),
        NewInvitee("DC Aled Pritchard", ParticipantRole.PROFESSIONAL, "Police", "Detective"),
    )
    conference = ConferenceService(context).create(
        NewConference(
            case_reference=f"THB-{next(_references):05d}",
            family_name="Thornbury",
            kind=ConferenceKind.INITIAL,
            model=MeetingModel.SIGNS_OF_SAFETY,
            scheduled_at=WHEN,
            people=people,
            invitees=invitees,
            address=REFUGE,
            venue="Portmere Civic Centre",
            chair_name="Ruth Okonkwo",
            minute_taker_name="Ben Ashdown",
            strategy_discussion_on=date(2027, 1, 20),
            lead_social_worker="Hana Petrovic",
            social_worker_team="Portmere Child Protection Team",
        )
    )
    return World(folder, database, clock, context, conference)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = _thornburys(tmp_path)
    try:
        yield made
    finally:
        made.close()


def _lennox_withheld_from_callum(world: World) -> tuple[int, int]:
    callum = world.person(CALLUM)
    lennox = world.add_person(LENNOX, PersonRole.RELATIVE)
    ProtectionService(world.context).withhold_person(lennox, [callum])
    return callum, lennox


ALL_PARENT_KINDS = (
    DocumentKind.PLAN,
    DocumentKind.RECORD,
    DocumentKind.LETTER,
    DocumentKind.WHAT_I_NEED_TO_DO,
)


def _media(path: Path) -> list[bytes]:
    """Every picture inside a written file: the DOCX's media parts, the PDF's image streams."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            found.append(image.data)
    return found


def _jpeg_with_metadata() -> bytes:
    """A child's drawing photographed on a phone: the EXIF says where and by whom."""
    from PIL import Image

    image = Image.new("RGB", (120, 80), "yellow")
    exif = Image.Exif()
    exif[0x010E] = f"Poppy's drawing, taken at {REFUGE}"  # ImageDescription
    exif[0x013B] = LENNOX  # Artist
    exif[0x8298] = "Refuge worker phone"  # Copyright
    gps = {1: "N", 2: (50.0, 54.0, 12.0), 3: "W", 4: (1.0, 24.0, 30.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"EV3 8QX refuge")
    return out.getvalue()


def _png_with_metadata() -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", LENNOX)
    info.add_text("Comment", f"scanned at {REFUGE}")
    out = io.BytesIO()
    Image.new("RGB", (90, 60), "blue").save(out, "PNG", pnginfo=info)
    return out.getvalue()


# --- Pictures: a child's drawing carries the refuge's address in its metadata -------------


def test_a_shared_drawings_photo_metadata_does_not_reach_the_fathers_files(world: World) -> None:
    """Poppy's drawing is shared with both parents. It was photographed on a phone at the
    refuge: the JPEG's EXIF holds the refuge's address, GPS position and Lennox as the artist,
    and a scanned letter's PNG holds them as text chunks. The picture may reach Callum's record;
    what the camera wrote about where it was taken must not (Word media part and PDF image)."""
    callum, _ = _lennox_withheld_from_callum(world)
    conduct = ConductService(world.context)
    conduct.attach_statement(
        world.conference.id,
        world.person(POPPY),
        "drawing.jpg",
        _jpeg_with_metadata(),
        description="My house MKDRAW",
        shared=True,
    )
    conduct.attach_statement(
        world.conference.id,
        world.person(POPPY),
        "letter.png",
        _png_with_metadata(),
        description="My letter MKLETTER",
        shared=True,
    )
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert "MKDRAW" in text and "MKLETTER" in text
    pictures = [m for path in world.written for m in _media(path)]
    assert len(pictures) >= 4  # both pictures, in both formats
    for picture in pictures:
        raw = picture.decode("latin-1")
        assert leaked(raw, "Wrenfield", "EV3 8QX", "EV38QX", "Abara", "Refuge worker") == []
        assert b"Exif" not in picture and b"GPS" not in picture


# --- A child's statement that must not reach one parent ------------------------------------


def test_a_statement_by_a_child_withheld_from_the_father_is_not_in_his_record(
    world: World,
) -> None:
    """Kirsty's baby Skye is withheld from Callum. Skye's shared statement (a hand print made
    at nursery) must not be listed in, nor shown by, Callum's record."""
    callum = world.person(CALLUM)
    skye = world.add_person("Skye Thornbury", PersonRole.CHILD, date_of_birth=date(2026, 3, 1))
    ProtectionService(world.context).withhold_person(skye, [callum])
    ConductService(world.context).attach_statement(
        world.conference.id,
        skye,
        "handprint.png",
        _png_with_metadata(),
        description="Hand print from nursery MKSKYE",
        shared=True,
    )
    ConductService(world.context).attach_statement(
        world.conference.id,
        world.person(ALFIE),
        "alfie.png",
        _png_with_metadata(),
        description="Alfie's rocket MKALFIE",
        shared=True,
    )
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert "MKALFIE" in text
    assert leaked(text, "MKSKYE", "Skye", "handprint") == []
    kirsty = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert "MKSKYE" in kirsty


def test_a_statement_naming_the_withheld_partner_is_not_in_the_fathers_record(
    world: World,
) -> None:
    callum, _ = _lennox_withheld_from_callum(world)
    ConductService(world.context).attach_statement(
        world.conference.id,
        world.person(POPPY),
        "me and lennox.png",
        _png_with_metadata(),
        description="Me and Lennox at the park MKLEN",
        shared=True,
    )
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert leaked(text, "MKLEN", "Lennox", "Abara") == []


def test_a_statement_added_while_the_father_was_out_is_not_in_his_record(world: World) -> None:
    callum = world.person(CALLUM)
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(CALLUM), "Poppy's wish")
    world.clock.set(10, 25)
    ConductService(world.context).attach_statement(
        world.conference.id,
        world.person(POPPY),
        "poppy.png",
        _png_with_metadata(),
        description="What I want to say MKOUTSTMT",
        shared=True,
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert "10:20" in text
    assert leaked(text, "MKOUTSTMT") == []


# --- Actions: the reason a review added an action -----------------------------------------


def test_the_reason_an_action_was_added_at_the_review_does_not_name_the_withheld_partner(
    world: World,
) -> None:
    """At the review the chair adds an action for Kirsty; the reason it was added names
    Lennox. The review plan's 'What has changed' section quotes the reason to each parent."""
    callum, _ = _lennox_withheld_from_callum(world)
    review_summary = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 5, 4, 10, 0)
    )
    review = World(world.folder, world.database, world.clock, world.context, review_summary)
    ActionService(world.context).add_action(
        review.conference.id,
        what="MKADDED go to the freedom programme",
        who="Kirsty",
        reason_added="Lennox Abara has moved in MKWHYADDED",
    )
    ActionService(world.context).add_action(
        review.conference.id,
        what="MKSTAYS keep the school appointments",
        who="Callum",
        reason_added="Poppy missed two MKREASON2",
    )
    text = review.copies(callum, (DocumentKind.PLAN, DocumentKind.WHAT_I_NEED_TO_DO))
    assert "MKSTAYS" in text and "MKREASON2" in text
    assert leaked(text, "Lennox", "Abara", "MKWHYADDED") == []


# --- Carried to the review: what was agreed while the father was out -----------------------


def test_an_action_agreed_while_the_father_was_out_stays_out_of_his_review_plan(
    world: World,
) -> None:
    """At the initial conference Callum was asked to leave while the police spoke; an action
    agreed then (the police's) is left out of his plan. The review carries every action
    forward: the carried copy must still be kept from him."""
    callum = world.person(CALLUM)
    world.clock.set(10, 5)
    ActionService(world.context).add_action(
        world.conference.id, what="MKIN attend the parenting course", who="Callum"
    )
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(CALLUM), "police update")
    world.clock.set(10, 25)
    ActionService(world.context).add_action(
        world.conference.id,
        what="MKOUTACT police to complete the harassment investigation",
        who="DC Aled Pritchard",
        owner=ActionOwner.PROFESSIONAL,
    )
    from chairdesk.services.analysis import AnalysisService

    AnalysisService(world.context).add_danger_statement(
        world.conference.id, "MKOUTDNG Callum may follow Kirsty home", "Kirsty is safe", None
    )
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    first = world.copies(callum, (DocumentKind.PLAN,), ("pdf",))
    assert "MKIN" in first and leaked(first, "MKOUTACT", "MKOUTDNG") == []
    world.clock.at = datetime(2027, 5, 4, 9, 0)
    review_summary = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 5, 4, 10, 0)
    )
    review = World(world.folder, world.database, world.clock, world.context, review_summary)
    text = review.copies(callum, (DocumentKind.PLAN, DocumentKind.WHAT_I_NEED_TO_DO))
    assert "MKIN" in text
    assert leaked(text, "MKOUTACT", "MKOUTDNG") == []
    # Kirsty was in the room: she still has them.
    kirstys = review.copies(world.person(KIRSTY), (DocumentKind.PLAN,), ("pdf",))
    assert "MKOUTACT" in kirstys and "MKOUTDNG" in kirstys


# --- A protected address typed into free text ---------------------------------------------


def test_the_refuges_address_typed_into_a_shared_entry_is_kept_from_the_father(
    world: World,
) -> None:
    """Kirsty's address is protected. The social worker's view, typed by the chair (shared by
    default), mentions the refuge's street and postcode in passing. Callum must not read it,
    on paper or on the screen; Kirsty (whose address it is) still may."""
    callum = world.person(CALLUM)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "Kirsty says the children are settled MKSETTLED")
    entries.add_entry(item, Heading.NOTE, "Visit at 17 Wrenfield Court went well MKSTREET")
    entries.add_entry(item, Heading.NOTE, "Poppy's new GP is near ev3 8qx MKPOSTCODE")
    ActionService(world.context).add_action(
        world.conference.id,
        what="MKACTADDR home visit at Flat 2, 17 Wrenfield Court",
        who="Hana Petrovic",
        owner=ActionOwner.PROFESSIONAL,
    )
    text = world.copies(callum, ALL_PARENT_KINDS)
    assert "MKSETTLED" in text
    assert leaked(text, "Wrenfield", "EV3 8QX", "MKSTREET", "MKPOSTCODE", "MKACTADDR") == []
    kirstys = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert "MKSTREET" in kirstys and "MKPOSTCODE" in kirstys
    # On the screen, with Callum in the room.
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService

    PrepareService(world.context).set_attendance(world.participant(CALLUM), Attendance.PRESENT)
    world.start(AgendaKind.PARENTS_VIEWS)
    screen = world.screen()
    assert "MKSETTLED" in screen
    assert leaked(screen, "Wrenfield", "EV3 8QX", "MKSTREET", "MKPOSTCODE") == []


# --- Amendments ----------------------------------------------------------------------------


def _conclude(world: World) -> None:
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService

    prepare = PrepareService(world.context)
    for participant in world.view.participants:
        prepare.set_attendance(participant.id, Attendance.PRESENT)
    world.clock.set(12, 0)
    AgendaService(world.context).conclude(world.conference.id)


def _issue(world: World, person: int, kind: DocumentKind, reason: str = "") -> tuple[Path, Path]:
    audience = SharingService(world.context).audience_for(world.conference.id, person)
    n = len(world.written)
    out = {fmt: world.folder / f"issued-{n}.{fmt}" for fmt in ("docx", "pdf")}
    IssuedService(world.context).issue(
        world.conference.id,
        kind,
        audience,
        out,
        "printed",
        gaps_reason="fictional test conference",
        amendment_reason=reason,
    )
    world.written.extend(out.values())
    return out["docx"], out["pdf"]


def test_an_amendment_reason_naming_the_withheld_partner_is_refused_for_the_fathers_copy(
    world: World,
) -> None:
    """The chair amends Callum's plan and writes the reason in her own words, naming Lennox.
    The reason is printed on the amendment's first page: it must not reach Callum."""
    callum, _ = _lennox_withheld_from_callum(world)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKFIRST Callum loves the children")
    _conclude(world)
    _issue(world, callum, DocumentKind.PLAN)
    ActionService(world.context).add_action(
        world.conference.id, what="MKNEW Callum to see the GP", who="Callum"
    )
    with pytest.raises(ChairDeskError, match="withheld from this parent"):
        _issue(world, callum, DocumentKind.PLAN, reason="Lennox Abara asked for a new action")
    assert [v.version for v in IssuedService(world.context).issued(world.conference.id)] == [1, 1]
    docx, pdf = _issue(world, callum, DocumentKind.PLAN, reason="a new action for Callum")
    text = read_back(docx) + read_back(pdf)
    assert "MKNEW" in text and "a new action for Callum" in text
    assert leaked(text, "Lennox", "Abara") == []


def test_an_amendment_after_an_entry_was_made_professionals_only_does_not_quote_it(
    world: World,
) -> None:
    """Version 1 of Callum's record held the school's worry. After issue the chair finds it is
    third-party information and makes it professionals-only. Version 2's first page says what
    changed: it may count the lines taken out, never quote them; and version 2's body, in both
    formats and in large print, holds no trace of it."""
    callum = world.person(CALLUM)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, "MKKEEPS Callum wants weekend contact")
    third = entries.add_entry(
        item, Heading.WORRY, "MKTHIRD a classmate's mother reported Poppy's bruise"
    )
    _conclude(world)
    _, pdf1 = _issue(world, callum, DocumentKind.RECORD)
    assert "MKTHIRD" in read_back(pdf1)
    entries.set_visibility(third.id, Visibility.PROFESSIONALS)
    docx2, pdf2 = _issue(world, callum, DocumentKind.RECORD, reason="a third party's report")
    text = read_back(docx2) + read_back(pdf2)
    assert "version 2" in text.casefold() and "MKKEEPS" in text
    assert leaked(text, "MKTHIRD", "classmate") == []
    # Version 1 is still retrievable byte for byte (it was issued).
    assert "MKTHIRD" in read_back(pdf1)


# --- Every parent-facing document kind, large print, in other scripts ----------------------


@pytest.mark.parametrize("large_print", [False, True])
def test_the_childs_views_she_asked_to_keep_from_her_father_reach_none_of_his_copies(
    world: World, large_print: bool
) -> None:
    """Poppy asked that what she said about her dad's temper not be shared with him. The
    chair withholds that entry (and the child's 'how obtained' note that quotes her) from
    Callum. None of his documents (plan, record, letter, his own 'what I need to do' page),
    in either format and in large print, may hold it; Kirsty's may. Callum reads Polish and
    the withheld partner's name is written in Arabic script too."""
    callum = world.person(CALLUM)
    lennox = world.add_person(
        "Lennox Abara \u0644\u064a\u0646\u0648\u0643\u0633", PersonRole.RELATIVE
    )
    ProtectionService(world.context).withhold_person(lennox, [callum])
    from chairdesk.services.prepare import PrepareService

    PrepareService(world.context).update_person(callum, language="Polish")
    item = world.item(AgendaKind.CHILD_VIEWS)
    entries = EntryService(world.context)
    poppy = world.person(POPPY)
    entries.add_entry(item, Heading.VIEW, "MKPOPPYOK I like my new school", child_id=poppy)
    entries.add_entry(
        item,
        Heading.VIEW,
        "MKPOPPYSECRET Dad shouts and I hide under the bed",
        child_id=poppy,
        visibility=Visibility.WITHHELD,
        withheld_from=[callum],
    )
    entries.add_entry(
        item,
        Heading.HOW_OBTAINED,
        "MKHOW said to Gwen alone; she asked that dad is not told",
        visibility=Visibility.WITHHELD,
        withheld_from=[callum],
    )
    entries.add_entry(
        item, Heading.NOTE, "\u0644\u064a\u0646\u0648\u0643\u0633 reads to her MKARABIC"
    )
    ActionService(world.context).add_action(
        world.conference.id, what="MKCALLUMACT anger management course", who="Callum Reade"
    )
    audience = SharingService(world.context).audience_for(world.conference.id, callum)
    from chairdesk.services.issuing import IssueService

    texts = []
    for kind in ALL_PARENT_KINDS:
        for fmt in ("docx", "pdf"):
            out = world.folder / f"lp-{kind.value}-{large_print}.{fmt}"
            issued = IssueService(world.context).export(
                world.conference.id, kind, audience, fmt, out, large_print=large_print
            )
            texts.append(issued.path.name + "\n" + read_back(issued.path))
    text = "\n".join(texts)
    assert "MKCALLUMACT" in text and "MKPOPPYOK" in text
    assert leaked(text, "MKPOPPYSECRET", "MKHOW", "hide under the bed", "MKARABIC", "Lennox") == []
    assert "\u0644\u064a\u0646\u0648\u0643\u0633" not in text
    kirstys = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert "MKPOPPYSECRET" in kirstys


# --- Document metadata and attributes, not only text ---------------------------------------


def test_no_attribute_of_any_part_of_the_fathers_word_files_names_anyone_kept_from_him(
    world: World,
) -> None:
    """Existing readers strip tags; names can hide in attributes (a picture's alt text, a
    bookmark's name, a custom property). Every attribute value and every part (custom XML,
    comments, app properties) of every Word file for Callum is read."""
    callum, _ = _lennox_withheld_from_callum(world)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    EntryService(world.context).add_entry(item, Heading.WORRY, "Lennox Abara MKATTR1")
    EntryService(world.context).add_entry(item, Heading.VIEW, "MKVISIBLE ok")
    ConductService(world.context).attach_statement(
        world.conference.id,
        world.person(POPPY),
        "lennox.png",
        _png_with_metadata(),
        description="MKPIC",
        shared=True,
    )
    world.copies(callum, ALL_PARENT_KINDS, ("docx",))
    for path in world.written:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                assert "lennox" not in name.casefold()
                data = archive.read(name)
                raw = data.decode("utf-8", "replace")
                attributes = " ".join(re.findall(r'="([^"]*)"', raw))
                assert leaked(raw + attributes, "Lennox", "Abara", "Wrenfield", "EV3 8QX") == []
                if name.startswith("docProps/"):
                    assert leaked(raw, CALLUM, KIRSTY, "ChairDesk", "python-docx") == []
    from pypdf import PdfReader

    pdfs = world.copies(callum, ALL_PARENT_KINDS, ("pdf",))
    assert "MKVISIBLE" in pdfs
    for path in world.written:
        if path.suffix != ".pdf":
            continue
        reader = PdfReader(path)
        info = {k: str(v) for k, v in (reader.metadata or {}).items()}
        assert leaked(" ".join(info.values()), CALLUM, KIRSTY, "Lennox", "ChairDesk") == []
        assert not reader.outline or leaked(str(reader.outline), "Lennox", "Abara") == []


# --- Attendance notes are free text too -----------------------------------------------------


def test_attendance_notes_naming_the_partner_or_the_refuge_are_blanked_in_the_fathers_record(
    world: World,
) -> None:
    """The police officer was there only for the item about Lennox's bail; the health visitor
    came late and missed the update from the refuge's street. Both still attended, so both
    stay in Callum's 'who was there'; the words about Lennox and the refuge do not."""
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService

    callum, _ = _lennox_withheld_from_callum(world)
    PrepareService(world.context).set_attendance(
        world.participant("DC Aled Pritchard"),
        Attendance.PART,
        present_for="the item on Lennox Abara's bail MKPART",
    )
    ConductService(world.context).arrived_late(
        world.participant("Gwen Talbot"),
        world.clock.set(10, 30),
        "the update from Wrenfield Court MKMISSED",
    )
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert "DC Aled Pritchard" in text and "Gwen Talbot" in text
    assert leaked(text, "Lennox", "Abara", "Wrenfield", "MKPART", "MKMISSED") == []
    kirstys = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert "MKPART" in kirstys and "MKMISSED" in kirstys


# --- The copy check: everything the copy holds is listed ------------------------------------


def test_the_copy_check_lists_a_childs_statement_recommendations_and_progress_notes(
    world: World,
) -> None:
    """The chair's last look before Callum's record leaves must list everything it holds: a
    shared drawing (a picture the chair may not remember sharing), each agency's
    recommendation and its reason, and the progress written against an action. The drawing
    can be kept for professionals from the check itself; then it leaves his record."""
    from chairdesk.domain import Category, Outcome
    from chairdesk.services.copy_check import withhold_item
    from chairdesk.services.decisions import DecisionService
    from chairdesk.services.issuing import IssueService

    callum = world.person(CALLUM)
    poppy = world.person(POPPY)
    ConductService(world.context).attach_statement(
        world.conference.id,
        poppy,
        "poppy.png",
        _png_with_metadata(),
        description="MKCHECKPIC my family",
        shared=True,
    )
    decisions = DecisionService(world.context)
    decisions.record_recommendation(
        world.conference.id, poppy, "Police", Outcome.PLAN, Category.EMOTIONAL_ABUSE, "MKRECREASON"
    )
    decisions.decide(
        world.conference.id,
        poppy,
        likely_significant_harm=True,
        outcome=Outcome.PLAN,
        category=Category.EMOTIONAL_ABUSE,
        reasons="MKDECIDED",
    )
    action = ActionService(world.context).add_action(
        world.conference.id, what="MKCHECKACT see the GP", who="Callum"
    )
    ActionService(world.context).add_progress(action.id, "MKPROGRESS booked for Monday")
    audience = SharingService(world.context).audience_for(world.conference.id, callum)
    record = world.copies(callum, (DocumentKind.RECORD,), ("pdf",))
    assert all(m in record for m in ("MKCHECKPIC", "MKRECREASON", "MKPROGRESS"))
    check = IssueService(world.context).check(world.conference.id, DocumentKind.RECORD, audience)
    listed = " ".join(item.excerpt for item in check.items)
    assert "MKCHECKPIC" in listed
    assert "MKRECREASON" in listed
    assert "MKPROGRESS" in listed
    statement = next(item for item in check.items if "MKCHECKPIC" in item.excerpt)
    withhold_item(world.context, statement, callum)
    assert "MKCHECKPIC" not in world.copies(callum, (DocumentKind.RECORD,), ("pdf",))


# --- As a real Word client reads the file -----------------------------------------------------


def test_the_fathers_word_files_read_by_libreoffice_hold_nothing_kept_from_him(
    world: World,
) -> None:
    """Callum's Word files opened by LibreOffice as a council's Word would be, and saved as PDF:
    what Word shows him (its text, its pictures' bytes, its document properties) holds neither
    Lennox, nor the refuge, nor Poppy's withheld words; his own things and her drawing stay."""
    from pypdf import PdfReader

    from tests.export.readers import libreoffice_to_pdf

    callum = _poppys_words(world, "MKLO", "I like drawing")
    ActionService(world.context).add_action(
        world.conference.id, what="MKLOACT Callum to attend contact on time", who="Callum"
    )
    ConductService(world.context).attach_statement(
        world.conference.id,
        world.person(POPPY),
        "drawing.jpg",
        _jpeg_with_metadata(),
        description="MKLODRAW my house",
        shared=True,
    )
    world.copies(callum, ALL_PARENT_KINDS, ("docx",))
    converted = libreoffice_to_pdf(list(world.written))
    seen = []
    for path, data in converted.items():
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        seen.append(text)
        info = " ".join(str(v) for v in (reader.metadata or {}).values())
        assert leaked(info, CALLUM, KIRSTY, LENNOX, "ChairDesk") == [], path.name
        for page in reader.pages:
            for image in page.images:
                assert b"Exif" not in image.data
                assert leaked(image.data.decode("latin-1"), "Wrenfield", "Abara") == []
    text = "\n".join(seen)
    assert "MKLOOK" in text and "MKLOACT" in text and "MKLODRAW" in text
    assert leaked(text, "Lennox", "Abara", "Wrenfield", "MKLOLEN", "MKLOADDR", "MKLOSECRET") == []


def _poppys_words(world: World, mark: str, shared: str) -> int:
    """Lennox withheld from Callum, and under the child's views: Poppy's own shared words
    (`mark`OK), a note naming Lennox (`mark`LEN), one giving the refuge's street (`mark`ADDR)
    and Poppy's words withheld from her father (`mark`SECRET). Callum's person id."""
    callum, _ = _lennox_withheld_from_callum(world)
    item = world.item(AgendaKind.CHILD_VIEWS)
    entries = EntryService(world.context)
    entries.add_entry(item, Heading.VIEW, f"{mark}OK {shared}", child_id=world.person(POPPY))
    entries.add_entry(item, Heading.NOTE, f"Lennox Abara is with her {mark}LEN")
    entries.add_entry(item, Heading.NOTE, f"Her room at 17 Wrenfield Court {mark}ADDR")
    entries.add_entry(
        item,
        Heading.VIEW,
        f"{mark}SECRET do not tell dad",
        visibility=Visibility.WITHHELD,
        withheld_from=[callum],
    )
    return callum


# --- The app's own preview on the Issue page --------------------------------------------------


def test_the_issue_pages_preview_of_the_fathers_copies_shows_nothing_kept_from_him(
    world: World, qtbot: object
) -> None:
    """The chair looks at the professionals' copy, then picks Callum's, in every kind and in
    large print, on the real Issue page: the preview and its outline hold none of what is kept
    from him (Lennox, the refuge, Poppy's withheld words, a statement about a withheld baby)."""
    from chairdesk.ui.issue_page import IssuePage
    from chairdesk.ui.services import UiServices

    callum = _poppys_words(world, "MKUI", "I like my school")
    ActionService(world.context).add_action(
        world.conference.id,
        what="MKUIACT Callum to attend contact",
        who="Callum",
        reason_added="",
        why="Lennox Abara is at contact MKUIWHY",
    )
    ActionService(world.context).add_action(
        world.conference.id, what="MKUIMINE Callum to see his GP", who="Callum"
    )
    services = UiServices.create(ServiceContext(world.database, user="chair", clock=world.clock))
    page = IssuePage(services)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.resize(1100, 760)
    page.show()
    page.load_conference(world.conference.id)
    kept = ("Lennox", "Abara", "Wrenfield", "MKUILEN", "MKUIADDR", "MKUISECRET", "MKUIACT")
    for kind in ALL_PARENT_KINDS:
        for large_print in (False, True):
            page.choose(kind, None)
            if kind == DocumentKind.RECORD:  # the professionals' copy holds it all
                assert "MKUISECRET" in page.preview.toPlainText()
            page.choose(kind, callum, large_print=large_print)
            shown = page.preview.toPlainText()
            outline = " ".join(page.outline.item(i).text() for i in range(page.outline.count()))
            assert leaked(shown + outline, *kept) == [], (kind, large_print)
            if kind in (DocumentKind.PLAN, DocumentKind.WHAT_I_NEED_TO_DO):
                assert "MKUIMINE" in shown


# --- Parents kept apart ---------------------------------------------------------------------


def test_with_the_parents_kept_apart_the_mothers_words_start_kept_from_the_father(
    world: World,
) -> None:
    """The chair records that Kirsty and Callum must not share information. What Kirsty says
    starts withheld from Callum however it is recorded: chosen from the list of who is there,
    typed by name ("Kirsty", "Kirsty Thornbury"), or as her 0-10 score's reason. What the
    social worker says stays shared."""
    from chairdesk.services.analysis import AnalysisService

    callum = world.person(CALLUM)
    ProtectionService(world.context).set_parents_kept_apart(world.view.family.id, True)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    entries = EntryService(world.context)
    kirsty_row = world.participant(KIRSTY)
    entries.add_entry(
        item, Heading.VIEW, "MKAPART1 I sleep badly", speaker_participant_id=kirsty_row
    )
    entries.add_entry(item, Heading.VIEW, "MKAPART2 the flat is warm", speaker_name="Kirsty")
    entries.add_entry(item, Heading.VIEW, "MKAPART3 my sister visits", speaker_name=KIRSTY)
    entries.add_entry(
        item,
        Heading.VIEW,
        "MKAPARTSW the children are settled",
        speaker_participant_id=world.participant("Hana Petrovic"),
    )
    AnalysisService(world.context).record_scaling(
        world.conference.id, KIRSTY, 7, "MKAPART4 we have a routine", participant_id=kirsty_row
    )
    text = world.copies(callum, (DocumentKind.RECORD,))
    assert "MKAPARTSW" in text
    assert leaked(text, "MKAPART1", "MKAPART2", "MKAPART3", "MKAPART4") == []
    kirstys = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert all(f"MKAPART{i}" in kirstys for i in range(1, 4))
    # A score cannot be withheld from one person: hers starts for professionals only, and the
    # chair can share it with both.
    score = next(s for s in world.view.scalings if "MKAPART4" in s.reason)
    assert score.visibility == Visibility.PROFESSIONALS
    AnalysisService(world.context).set_scaling_visibility(score.id, Visibility.SHARED)
    assert "MKAPART4" in world.copies(callum, (DocumentKind.RECORD,), ("pdf",))


# --- An action that concerns only a child withheld from the father --------------------------


def test_an_action_only_for_a_baby_withheld_from_the_father_is_not_in_his_plan(
    world: World,
) -> None:
    """Kirsty's baby Skye is withheld from Callum. An action that concerns Skye alone (the
    health visitor's weekly visit, the baby's clinic) does not name her, but tells Callum there
    is a baby: it is about someone withheld from him. An action for Skye and Poppy together
    stays (Poppy is his), and so do actions for the other children."""
    callum = world.person(CALLUM)
    skye = world.add_person("Skye Thornbury", PersonRole.CHILD, date_of_birth=date(2026, 11, 1))
    ProtectionService(world.context).withhold_person(skye, [callum])
    actions = ActionService(world.context)
    actions.add_action(
        world.conference.id,
        what="MKBABYONLY weekly visit with weighing",
        who="Gwen Talbot",
        owner=ActionOwner.PROFESSIONAL,
        child_ids=[skye],
    )
    actions.add_action(
        world.conference.id,
        what="MKBOTH family support sessions",
        who="Hana Petrovic",
        owner=ActionOwner.PROFESSIONAL,
        child_ids=[skye, world.person(POPPY)],
    )
    actions.add_action(
        world.conference.id,
        what="MKPOPPY school attendance plan",
        who="Osei Danquah",
        owner=ActionOwner.PROFESSIONAL,
        child_ids=[world.person(POPPY)],
    )
    text = world.copies(callum, (DocumentKind.PLAN, DocumentKind.RECORD, DocumentKind.LETTER))
    assert "MKBOTH" in text and "MKPOPPY" in text
    assert leaked(text, "MKBABYONLY", "Skye") == []
    # On the screen too, with Callum in the room.
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService

    PrepareService(world.context).set_attendance(world.participant(CALLUM), Attendance.PRESENT)
    world.start(AgendaKind.PLAN)
    screen = world.screen()
    assert "MKPOPPY" in screen
    assert leaked(screen, "MKBABYONLY", "Skye") == []


# --- How a protected address is found in a text ----------------------------------------------

_ADDRESSES = [
    # (protected address, typed in a text and must be caught, typed and must NOT be caught)
    ("Flat 2, 17 Wrenfield Court, Eastleigh Vale, EV3 8QX", "at Wrenfield-COURT", "Eastleigh"),
    ("2nd Floor, 5 Mill Lane, Hove, BN3 1AA", "near bn31aa", "on the 2nd floor"),
    ("Rose Cottage, Lower Lane, Hambridge, HB1 2CD", "Rose Cottage", "Hambridge school"),
    ("Room 4, The Haven, 22 Kings Road, Selby", "Kings Road", "room 4"),
    ("The Old Mill, 3 Weir Lane, Ashby", "the OLD mill", "Ashby"),
]


@pytest.mark.parametrize(("address", "caught", "free"), _ADDRESSES)
def test_a_protected_address_is_found_by_its_street_or_postcode_not_its_town(
    address: str, caught: str, free: str
) -> None:
    """The rule that keeps a protected address from the other parent: the street (after any
    house name) and the postcode, however spaced or cased; the town and the flat are too common
    to count. The person whose address it is reads it; the professionals read everything."""
    from types import SimpleNamespace

    from chairdesk.services.redaction import KeptFrom
    from chairdesk.views import Audience

    owner = SimpleNamespace(id=1, name="Ada Vance", address=address, address_protected=True)
    other = SimpleNamespace(id=2, name="Rob Vance", address="", address_protected=False)
    for person in (owner, other):
        person.withheld_from = []
    people = [owner, other]
    others_copy = KeptFrom(people, [], Audience(recipient_person_id=2, recipient_name="Rob"))  # type: ignore[arg-type]
    assert others_copy.named_in(f"We met {caught} on Monday")
    assert not others_copy.named_in(f"We met {free} on Monday")
    own_copy = KeptFrom(people, [], Audience(recipient_person_id=1, recipient_name="Ada"))  # type: ignore[arg-type]
    assert not own_copy.named_in(f"We met {caught} on Monday")
    assert not KeptFrom(people, [], Audience.professionals()).named_in(caught)  # type: ignore[arg-type]


def test_progress_noted_while_the_father_was_out_stays_out_of_his_review_plan(
    world: World,
) -> None:
    """At the initial conference, while Callum was out, the police noted progress against his
    own action (what a witness said). His plan then leaves the note out but keeps his action.
    The review carries the action and its notes: the note must still be kept from him, and
    his action must still be in his plan."""
    callum = world.person(CALLUM)
    world.clock.set(10, 5)
    action = ActionService(world.context).add_action(
        world.conference.id, what="MKHISACT attend the perpetrator programme", who="Callum"
    )
    ActionService(world.context).add_progress(action.id, "MKSEENNOTE referral made")
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(CALLUM), "police update")
    world.clock.set(10, 25)
    ActionService(world.context).add_progress(action.id, "MKOUTNOTE a neighbour saw him there")
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    first = world.copies(callum, (DocumentKind.PLAN,), ("pdf",))
    assert "MKHISACT" in first and "MKSEENNOTE" in first and "MKOUTNOTE" not in first
    world.clock.at = datetime(2027, 5, 4, 9, 0)
    review_summary = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 5, 4, 10, 0)
    )
    review = World(world.folder, world.database, world.clock, world.context, review_summary)
    text = review.copies(callum, (DocumentKind.PLAN, DocumentKind.RECORD))
    assert "MKHISACT" in text and "MKSEENNOTE" in text
    assert leaked(text, "MKOUTNOTE", "neighbour") == []
    kirstys = review.copies(world.person(KIRSTY), (DocumentKind.PLAN,), ("pdf",))
    assert "MKOUTNOTE" in kirstys


# --- Invisible characters inside a name --------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Len\u00adnox",  # a soft hyphen, as text copied from a web page carries
        "Len\u200bnox",  # a zero-width space, as some e-mail programs insert
        "A\u200dbara",  # a zero-width joiner
        "\u2066Lennox\u2069",  # bidirectional isolates around a name in mixed scripts
        "Lennox\u00a0Abara",  # a no-break space
    ],
)
def test_a_withheld_name_with_invisible_characters_inside_is_still_kept_from_the_father(
    world: World, typed: str
) -> None:
    """Invisible characters do not show in the copy, so the father would read the name: the
    rule must see through them as his reader does."""
    callum, _ = _lennox_withheld_from_callum(world)
    item = world.item(AgendaKind.PARENTS_VIEWS)
    EntryService(world.context).add_entry(item, Heading.NOTE, f"{typed} was there MKINVIS")
    EntryService(world.context).add_entry(item, Heading.NOTE, "MKPLAIN a quiet week")
    text = world.copies(callum, (DocumentKind.RECORD,), ("pdf",))
    assert "MKPLAIN" in text
    assert leaked(text, "MKINVIS") == []


def test_every_character_that_prints_as_nothing_is_seen_through() -> None:
    """The table of invisible characters the rule drops holds every format character (Cf) of
    this Python's Unicode, so a newer Unicode cannot bring one the rule does not know."""
    import sys
    import unicodedata

    from chairdesk.services.redaction import _INVISIBLE

    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and code not in _INVISIBLE
    ]
    assert missing == []


def test_progress_noted_while_the_father_was_out_stays_out_after_a_package_round_trip(
    world: World,
) -> None:
    """The conference moves to another laptop by package, its sharing kept (--keep-sharing).
    A progress note typed while Callum was out must stay out of his plan there too: the
    package must carry when it was typed."""
    from chairdesk.services.package import PackageService

    callum = world.person(CALLUM)
    world.clock.set(10, 5)
    action = ActionService(world.context).add_action(
        world.conference.id, what="MKPKGACT attend the programme", who="Callum"
    )
    world.clock.set(10, 20)
    out = AgendaService(world.context).exclude(world.participant(CALLUM), "police update")
    world.clock.set(10, 25)
    ActionService(world.context).add_progress(action.id, "MKPKGNOTE a witness statement")
    world.clock.set(10, 40)
    AgendaService(world.context).end_exclusion(out.id)
    assert "MKPKGNOTE" not in world.copies(callum, (DocumentKind.PLAN,), ("pdf",))
    path = PackageService(world.context).write_package(
        world.conference.id, world.folder / "thornbury.json", plain_reason="a test round trip"
    )
    other_db = open_database(str(world.folder / "other.db"), PASSPHRASE, create=True)
    try:
        context = ServiceContext(other_db, user="chair", clock=world.clock)
        summary = PackageService(context).import_package(path, keep_sharing=True)
        other = World(world.folder, other_db, world.clock, context, summary)
        text = other.copies(other.person(CALLUM), (DocumentKind.PLAN,), ("pdf",))
        assert "MKPKGACT" in text
        assert leaked(text, "MKPKGNOTE", "witness") == []
    finally:
        other_db.close()


def test_a_score_whose_reason_gives_the_refuge_away_does_not_move_the_fathers_risk_summary(
    world: World,
) -> None:
    """The police score's reason names the refuge's street, so the scores table leaves it out
    of Callum's plan; the plan's 'how safe' sentence must not count it either (a summary of a
    score he may not see would tell him it)."""
    from chairdesk.services.analysis import AnalysisService

    callum = world.person(CALLUM)
    analysis = AnalysisService(world.context)
    analysis.record_scaling(world.conference.id, "Hana Petrovic", 7, "Routines are good.")
    analysis.record_scaling(
        world.conference.id, "DC Aled Pritchard", 1, "He was seen on Wrenfield Court MKSCADDR"
    )
    plan = " ".join(world.copies(callum, (DocumentKind.PLAN,), ("pdf",)).split())
    assert leaked(plan, "MKSCADDR", "Wrenfield") == []
    assert "scaled at 7 out of 10" in plan
    assert leaked(plan, "from 1 to 7", "4 out of 10", "1 out of 10") == []


def test_the_refuges_keyworker_and_report_do_not_give_its_street_away_to_the_father(
    world: World,
) -> None:
    """The refuge's keyworker is invited under her agency 'Wrenfield Court Refuge' and sends a
    shareable report. Callum's copies and the screen (with him in the room) must not carry the
    refuge's street through the agency's name, its agenda item or its report; the other
    agencies, and Kirsty's copies, keep theirs."""
    from chairdesk.domain import Attendance
    from chairdesk.services.prepare import PrepareService

    callum = world.person(CALLUM)
    prepare = PrepareService(world.context)
    prepare.add_participant(
        world.conference.id,
        "Mel Hartley",
        ParticipantRole.PROFESSIONAL,
        agency="Wrenfield Court Refuge",
        job_title="Keyworker",
    )
    prepare.add_report(
        world.conference.id,
        "Wrenfield Court Refuge",
        author="Mel Hartley",
        title="MKREFUGEREP keywork summary",
        visibility=Visibility.SHARED,
    )
    prepare.add_report(
        world.conference.id, "Police", title="MKPOLICEREP summary", visibility=Visibility.SHARED
    )
    text = world.copies(callum, (DocumentKind.RECORD, DocumentKind.PLAN, DocumentKind.LETTER))
    assert "MKPOLICEREP" in text and "DC Aled Pritchard" in text
    assert leaked(text, "Wrenfield", "MKREFUGEREP") == []
    kirstys = world.copies(world.person(KIRSTY), (DocumentKind.RECORD,), ("pdf",))
    assert "MKREFUGEREP" in kirstys and "Wrenfield Court Refuge" in kirstys
    prepare.set_attendance(world.participant(CALLUM), Attendance.PRESENT)
    world.start(AgendaKind.PARENTS_VIEWS)
    assert leaked(world.screen(), "Wrenfield") == []


def test_an_action_agreed_in_the_mothers_sitting_stays_out_of_the_fathers_review_plan(
    world: World,
) -> None:
    """Split sittings: Kirsty and Callum attend separately. An action agreed in Kirsty's
    sitting is left out of Callum's first plan; carried to the review it must stay out of his
    plan there too, and stay in hers."""
    from chairdesk.services.sittings import SittingService

    callum = world.person(CALLUM)
    sittings = SittingService(world.context)
    world.clock.set(10, 0)
    sittings.start(world.conference.id, [world.person(KIRSTY)], "Kirsty's sitting")
    world.clock.set(10, 10)
    ActionService(world.context).add_action(
        world.conference.id, what="MKSITACT keep the new door code private", who="Kirsty"
    )
    world.clock.set(10, 30)
    sittings.end(world.conference.id)
    world.clock.set(10, 45)
    ActionService(world.context).add_action(
        world.conference.id, what="MKBOTHACT both parents attend the course", who="the parents"
    )
    first = world.copies(callum, (DocumentKind.PLAN,), ("pdf",))
    assert "MKBOTHACT" in first and "MKSITACT" not in first
    world.clock.at = datetime(2027, 5, 4, 9, 0)
    review_summary = ReviewService(world.context).start_review(
        world.conference.id, datetime(2027, 5, 4, 10, 0)
    )
    review = World(world.folder, world.database, world.clock, world.context, review_summary)
    text = review.copies(callum, (DocumentKind.PLAN, DocumentKind.WHAT_I_NEED_TO_DO))
    assert "MKBOTHACT" in text
    assert leaked(text, "MKSITACT", "door code") == []
    assert "MKSITACT" in review.copies(world.person(KIRSTY), (DocumentKind.PLAN,), ("pdf",))
