"""The neutral document model: what a document says, before DOCX or PDF decide how it looks."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from chairdesk.export.text import clean, clean_line, split_paragraphs


class DocumentKind(StrEnum):
    PLAN = "plan"
    RECORD = "record"
    LETTER = "letter"
    LEAFLET = "leaflet"
    WHAT_I_NEED_TO_DO = "todo"  # a parent's own page (the stored value stays "todo")

    @property
    def label(self) -> str:
        return {
            "plan": "Child protection plan",
            "record": "Conference record",
            "letter": "Outcome letter",
            "leaflet": "Your child protection conference",
            "todo": "What I need to do",
        }[self.value]


@dataclass(frozen=True)
class Heading:
    """A section heading. Level 0 is a part banner ("Part 1"), then 1 to 3."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of plain text (no newlines), optionally led by a bold label."""

    text: str
    lead: str = ""
    style: str = "body"  # body, intro, note, small


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """A boxed message the reader must not miss (the level of risk now, what is left out)."""

    text: str
    title: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # fractions of the text width; equal when empty


@dataclass(frozen=True)
class ActionCard:
    """One action of the plan, with every part labelled, and whether it has been achieved."""

    title: str
    status: str
    achieved: bool
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float | None
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class Chart:
    """A small bar chart of a 0 to `maximum` scale over time, with a description in words."""

    title: str
    points: tuple[ChartPoint, ...]
    description: str
    maximum: int = 10


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Picture:
    """A picture (PNG or JPEG bytes), such as a child's drawing, with words saying what it is."""

    caption: str
    data: bytes = field(repr=False)


Block = (
    Heading
    | Paragraph
    | BulletList
    | Notice
    | Table
    | ActionCard
    | Glossary
    | Chart
    | PageBreak
    | Picture
)


@dataclass(frozen=True)
class PageWords:
    """The fixed words every page carries, in the copy's language (placeholders in braces)."""

    reference: str = "Family reference: {reference}"
    recipient: str = "For: {recipient}"
    page: str = "Page {number} of {total}"


@dataclass(frozen=True)
class Document:
    """A document for one audience, with what every page must carry."""

    kind: DocumentKind
    title: str
    marking: str
    reference: str
    recipient: str
    blocks: tuple[Block, ...]
    for_parent: bool = False
    large_print: bool = False
    metadata_title: str = ""
    words: PageWords = PageWords()

    def reference_line(self) -> str:
        return self.words.reference.format(reference=self.reference)

    def recipient_line(self) -> str:
        return self.words.recipient.format(recipient=self.recipient)

    def page_line(self, number: int | str, total: int | str) -> str:
        return self.words.page.format(number=number, total=total)

    def outline(self) -> list[str]:
        """The section headings in order."""
        return [b.text for b in self.blocks if isinstance(b, Heading)]

    def page_header(self) -> str:
        return f"{self.marking}  ·  {self.reference_line()}  ·  {self.recipient_line()}"

    def plain_text(self) -> str:
        """The whole document as plain text, for previews and the check list before issuing."""
        lines = [self.page_header(), "", self.title, ""]
        for block in self.blocks:
            lines.extend(_block_lines(block))
        return "\n".join(lines)


def _block_lines(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [
            "",
            block.text,
            "=" * len(block.text) if block.level <= 1 else "-" * len(block.text),
        ]
    if isinstance(block, Paragraph):
        return [f"{block.lead} {block.text}".strip()]
    if isinstance(block, BulletList):
        return [f"  • {item}" for item in block.items]
    if isinstance(block, Notice):
        return [f"[{block.title}] {block.text}" if block.title else f"[{block.text}]"]
    if isinstance(block, Table):
        return [" | ".join(block.headers), *(" | ".join(row) for row in block.rows)]
    if isinstance(block, ActionCard):
        mark = "✓ " if block.achieved else ""
        return [
            mark + block.title + (f" ({block.status})" if block.status else ""),
            *(f"  {label}: {value}" for label, value in block.fields),
        ]
    if isinstance(block, Glossary):
        return [f"  {term}: {explanation}" for term, explanation in block.terms]
    if isinstance(block, Chart):
        return [block.title, block.description]
    if isinstance(block, Picture):
        return [f"[Picture: {block.caption}]"]
    return ["", "----- new page -----", ""]


@dataclass
class DocumentBuilder:
    """Collects blocks, cleaning every text on the way in so both renderers get the same."""

    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(clean_line(text), level))

    def paragraph(self, text: str, lead: str = "", style: str = "body") -> None:
        """Adds a passage as one paragraph per line; only the first carries the lead."""
        parts = split_paragraphs(text)
        if not parts and lead:
            parts = [""]
        for index, part in enumerate(parts):
            self.blocks.append(Paragraph(part, clean_line(lead) if index == 0 else "", style))

    def bullets(self, items: list[str]) -> None:
        cleaned = tuple(clean_line(i) for i in items if i.strip())
        if cleaned:
            self.blocks.append(BulletList(cleaned))

    def notice(self, text: str, title: str = "") -> None:
        self.blocks.append(Notice(clean(text).strip(), clean_line(title)))

    def table(
        self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...] = ()
    ) -> None:
        self.blocks.append(
            Table(
                tuple(clean_line(h) for h in headers),
                tuple(tuple(clean(c).strip() for c in row) for row in rows),
                widths,
            )
        )

    def action(
        self, title: str, status: str, achieved: bool, fields: list[tuple[str, str]]
    ) -> None:
        kept = tuple(
            (clean_line(label), clean(value).strip()) for label, value in fields if value.strip()
        )
        self.blocks.append(ActionCard(clean_line(title), clean_line(status), achieved, kept))

    def glossary(self, terms: list[tuple[str, str]]) -> None:
        self.blocks.append(
            Glossary(tuple((clean_line(t), clean(e).strip()) for t, e in terms if t.strip()))
        )

    def chart(self, chart: Chart) -> None:
        self.blocks.append(chart)

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def picture(self, caption: str, data: bytes) -> None:
        from chairdesk.export.pictures import bare_picture

        self.blocks.append(Picture(clean_line(caption), bare_picture(data)))
