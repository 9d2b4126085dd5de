"""One entry of the record on screen: its text saving itself, and who will see it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from chairdesk.domain import Heading, Origin, Visibility
from chairdesk.errors import ChairDeskError, PermissionDeniedError
from chairdesk.services.base import ServiceContext
from chairdesk.services.permissions import Permission, require
from chairdesk.services.visibility import default_visibility
from chairdesk.ui.widgets.autosave import SAVED, SAVING, AutosaveField, not_saved
from chairdesk.ui.widgets.share_choice import cannot_share, share_refusal
from chairdesk.ui.widgets.visibility import VisibilityBadge
from chairdesk.views import EntryView

if TYPE_CHECKING:
    from chairdesk.services.entries import EntryService

VISIBILITY_SHORTCUT = "Ctrl+Shift+V"


class EntryEditor(QFrame):
    """Edits one entry, creating it through EntryService on the first words typed or pasted.

    Typed words are shared by default; pasted words are professionals-only until the chair
    marks them shared. Every change is one committed service call.
    """

    save_state_changed = Signal(str)
    entry_changed = Signal(object)  # EntryView, after it was committed
    refused = Signal(str)  # a visibility change was refused: the plain reason

    def __init__(
        self,
        entries: EntryService,
        *,
        agenda_item_id: int,
        heading: Heading,
        entry: EntryView | None = None,
        speaker_name: str = "",
        speaker_participant_id: int | None = None,
        child_id: int | None = None,
        people: Sequence[tuple[int, str]] = (),
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entries = entries
        self._agenda_item_id = agenda_item_id
        self._heading = heading
        self._entry = entry
        self._speaker_name = entry.speaker_name if entry else speaker_name
        self._speaker_participant_id = (
            entry.speaker_participant_id if entry else speaker_participant_id
        )
        self._child_id = entry.child_id if entry else child_id
        self._origin = entry.origin if entry else Origin.TYPED
        self._pending_visibility: tuple[Visibility, tuple[int, ...]] | None = None
        self._label = label
        self.setFrameShape(QFrame.Shape.NoFrame)

        self.meta = QLabel(self._meta_text(label))
        self.meta.setStyleSheet("color: #555;")
        self.badge = VisibilityBadge(people, self)
        self.field = AutosaveField(self._save_text, entry.text if entry else "", self)
        # The service's context; None for one handed in without it (nothing to refuse then).
        context: ServiceContext | None = getattr(entries, "context", None)
        self._context = context
        if cannot_share(context):
            self.badge.refuse_sharing(cannot_share(context))
        if context is not None:
            # Terms from the glossary underlined, unexplained acronyms marked, as the chair types.
            from chairdesk.ui.plain_language_panel import GlossaryHighlighter

            self.highlighter = GlossaryHighlighter(self.field.document(), _Services(context))
            self.highlighter.attach(self.field)
        name = label or heading.label
        self.field.setAccessibleName(self.tr("%1: entry text").replace("%1", name))
        self.badge.setAccessibleDescription(name)
        self.field.save_state_changed.connect(self.save_state_changed)
        self.field.pasted.connect(self._on_pasted)
        self.badge.visibility_requested.connect(self.change_visibility)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.meta, 1)
        top.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.field)
        shortcut = QShortcut(QKeySequence(VISIBILITY_SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.badge.toggle)
        self._show_badge()

    @property
    def entry(self) -> EntryView | None:
        return self._entry

    def flush(self) -> None:
        self.field.flush()

    def change_visibility(
        self, visibility: Visibility, withheld_from: tuple[int, ...] = ()
    ) -> None:
        """Apply the chair's choice; before the entry exists it is kept for its creation."""
        self.field.flush()
        refusal = self._sharing_refusal(visibility)
        if refusal:
            self.save_state_changed.emit(not_saved(refusal))
            self.refused.emit(refusal)
            return
        if self._entry is None:
            self._pending_visibility = (visibility, tuple(withheld_from))
            self._show_badge()
            return
        self.save_state_changed.emit(SAVING)
        try:
            updated = self._entries.set_visibility(self._entry.id, visibility, tuple(withheld_from))
        except ChairDeskError as error:
            self.save_state_changed.emit(not_saved(str(error)))
            self.refused.emit(str(error))
            return
        self._entry = updated
        self._show_badge()
        self.save_state_changed.emit(SAVED)
        self.entry_changed.emit(updated)

    def _sharing_refusal(self, wanted: Visibility) -> str:
        """The service's words when this person may not make this entry shared, else ""."""
        # Before the entry exists it is created with its origin's default, which typed words
        # may return to.
        current = self._entry.visibility if self._entry is not None else None
        default = default_visibility(self._origin, getattr(self._context, "role", None))
        if (
            self._context is None
            or wanted != Visibility.SHARED
            or not share_refusal(self._context, default=default, current=current)
        ):
            return ""
        try:
            require(self._context, Permission.SHARE)
        except PermissionDeniedError as error:
            return str(error)
        return ""

    def _save_text(self, text: str) -> None:
        if self._entry is None:
            if not text.strip():
                return
            visibility, withheld = self._pending_visibility or (None, ())
            created = self._entries.add_entry(
                self._agenda_item_id,
                self._heading,
                text,
                origin=self._origin,
                speaker_participant_id=self._speaker_participant_id,
                speaker_name=self._speaker_name,
                child_id=self._child_id,
                visibility=visibility,
                withheld_from=withheld,
            )
            self._entry = created
            self._pending_visibility = None
            self._show_badge()
            self.meta.setText(self._meta_text(self._label))
            self.entry_changed.emit(created)
            return
        if not text.strip():
            self._entries.delete_entry(self._entry.id)
            self._entry = None
            self._show_badge()
            self.entry_changed.emit(None)
            return
        self._entry = self._entries.update_text(self._entry.id, text)
        self.entry_changed.emit(self._entry)

    def _on_pasted(self) -> None:
        if self._entry is None:
            self._origin = Origin.PASTED
            if self._pending_visibility is None:
                self._pending_visibility = (Visibility.PROFESSIONALS, ())
            self._show_badge()
        elif self._entry.visibility == Visibility.SHARED:
            self._origin = Origin.PASTED
            self.change_visibility(Visibility.PROFESSIONALS)

    def _show_badge(self) -> None:
        if self._entry is not None:
            visibility, withheld = self._entry.visibility, self._entry.withheld_from
        elif self._pending_visibility is not None:
            visibility, withheld = self._pending_visibility
        else:
            visibility, withheld = Visibility.SHARED, ()
        self.badge.show_visibility(visibility, withheld, pasted=self._origin == Origin.PASTED)

    def _meta_text(self, label: str) -> str:
        # The section's title already names the heading: say who and when only.
        parts: list[str] = []
        if self._speaker_name:
            parts.append(self._speaker_name)
        if self._entry is not None and self._entry.created_at is not None:
            parts.append(self._entry.created_at.strftime("%H:%M"))
        # Never empty: the line is kept even before the first save, so saving (which adds the
        # time) never pushes the boxes below down under the chair's pointer.
        return " · ".join(parts) or "\u00a0"


class _Services:
    """The one attribute the glossary highlighter reads from the services bundle."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
