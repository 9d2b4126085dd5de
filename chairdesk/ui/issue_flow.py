"""Issuing the chosen copy from the Issue page: the gate, one check, how it goes, both formats.

One check and one approval cover the Word and PDF files issued together; the services store the
exact bytes and refuse what the rules refuse, so the page only asks and reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from chairdesk.errors import ChairDeskError
from chairdesk.services.copy_check import withhold_item
from chairdesk.services.issued import IssuedView
from chairdesk.services.permissions import Permission, may
from chairdesk.ui.approval_dialog import ApprovalDialog
from chairdesk.ui.issue_files import documents_folder, file_name
from chairdesk.ui.issue_writing import wait_for


def ask_folder(parent: QWidget, suggested: Path) -> Path | None:
    """The system's folder dialog; None when the chair cancels."""
    chosen = QFileDialog.getExistingDirectory(
        parent, parent.tr("Issue into which folder?"), str(suggested)
    )
    return Path(chosen) if chosen else None


def issue_chosen_copy(
    page: Any, *, how: Any = None, folder: Path | None = None
) -> tuple[IssuedView, ...] | None:
    """Runs the chair through issuing the page's chosen copy; None when it was not issued.

    `how` and `folder`, when given (several recipients at once), are asked only once; an
    amendment still asks for its own reason.
    """
    audience = page.audience()
    if page.conference_id is None or audience is None:
        return None
    conference_id, kind = page.conference_id, page.kind()
    label = page.kind_box.currentText()
    for_parent = not audience.is_professionals
    try:
        gaps_reason = ""

        def checks() -> tuple[Any, Any]:  # on a worker: each builds the copy's whole view
            found = page.issued.gaps(conference_id, kind, audience)
            return found, page.issuing.check(conference_id, kind, audience) if for_parent else None

        found, check = wait_for(page, checks, page.tr("Checking the copy…"))
        if found:
            answer = page.ask_gaps(page, audience.recipient_label, found)
            if answer.go_to:
                page.page_requested.emit(answer.go_to)
                page.say(page.tr("Not issued: fix the gaps, then issue it."))
                return None
            if not answer.issue:
                page.say(page.tr("Not issued: the gaps are still there."))
                return None
            gaps_reason = answer.reason
        if for_parent:
            person = audience.recipient_person_id

            def withhold(item: Any) -> str:
                return withhold_item(page.services.context, item, person)

            confirmed = page.confirm_copy(
                page,
                audience.recipient_label,
                label,
                check.items,
                check.withheld_count,
                withhold=withhold,
                action=page.tr("Issue this copy"),
            )
            page.refresh_preview()  # anything withheld in the check is gone from the preview
            if not confirmed:
                page.say(page.tr("Not issued: the copy was not confirmed as checked."))
                return None
        step = wait_for(
            page,
            lambda: page.issued.next_issue(conference_id, kind, audience),
            page.tr("Checking the copy…"),
        )
        if how is None or step.changed:
            how = page.ask_how(page, audience.recipient_label, label, step)
        if how is None:
            page.say(page.tr("Not issued: cancelled."))
            return None
        folder = folder or page.choose_folder(page, page.last_folder or _documents())
        if folder is None:
            page.say(page.tr("Not issued: no folder was chosen."))
            return None
        large_print = page.large_print.isChecked()
        recipient = None if audience.is_professionals else audience.recipient_name
        out = {
            fmt: Path(folder)
            / file_name(page, page.case_reference, kind, recipient, fmt, large_print=large_print)
            for fmt in how.formats
        }
        method, reason = how.method, how.amendment_reason
        rows: tuple[IssuedView, ...] = wait_for(
            page,
            lambda: page.issued.issue(
                conference_id,
                kind,
                audience,
                out,
                method,
                large_print=large_print,
                gaps_reason=gaps_reason,
                amendment_reason=reason,
            ),
            page.tr("Writing the Word and PDF files…"),
            writing=True,
        )
    except ChairDeskError as error:
        page.say(page.tr("Not issued: {0}").format(error), problem=True)
        return None
    page.last_folder = Path(folder)
    names = " and ".join(row.path.name for row in rows if row.path is not None)
    page.say(
        page.tr("Issued version {0}: {1} in {2}.").format(rows[0].version, names, folder),
        good=True,
    )
    page.conference_changed.emit(conference_id)  # Home's due items and the status moved
    return rows


def issue_to_several(page: Any) -> list[tuple[IssuedView, ...]]:
    """The chair ticks who gets a copy (parents with parental responsibility are proposed);
    each ticked person's copy then goes through its own gate and check, one after another."""
    if page.conference_id is None:
        return []
    chosen = page.ask_recipients(page, page.issued_recipients(page.conference_id))
    if not chosen:
        page.say(page.tr("Not issued: nobody was chosen."))
        return []
    how = page.ask_how(page, page.tr("each person chosen"), page.kind_box.currentText(), None)
    folder = page.choose_folder(page, page.last_folder or _documents()) if how else None
    if how is None or folder is None:
        page.say(page.tr("Not issued: cancelled."))
        return []
    issued = []
    for audience in chosen:
        page.select_audience(audience.recipient_person_id)
        rows = issue_chosen_copy(page, how=how, folder=folder)
        if rows is None:
            break  # the message says why; those issued so far stay issued
        issued.append(rows)
    if len(issued) > 1:
        names = ", ".join(rows[0].recipient for rows in issued)
        page.say(page.tr("Issued to {0} in {1}.").format(names, folder), good=True)
    return issued


def save_issued_again(page: Any, issued_id: int) -> Path | None:
    """Writes one issued file again, byte for byte, where the chair chooses."""
    try:
        view, _data = page.issued.content(issued_id)
        recipient = None if view.recipient_person_id is None else view.recipient.split(" (")[0]
        name = file_name(page, page.case_reference, view.document, recipient, view.format)
        name = f"{Path(name).stem} (version {view.version}).{view.format}"
        chosen = page.choose_path((page.last_folder or _documents()) / name, view.format)
        if chosen is None:
            page.say(page.tr("Not saved: no file was chosen."))
            return None
        # A parent's copy may hold what has since been kept from them: found before it is
        # written, so a copy never leaves without the caution.
        caution = wait_for(
            page, lambda: page.issued.caution(issued_id), page.tr("Checking the copy…")
        )
        written = page.issued.write_copy(issued_id, Path(chosen))
    except ChairDeskError as error:
        page.say(page.tr("Not saved: {0}").format(error), problem=True)
        return None
    saved = page.tr("Saved version {0} as issued: {1}.").format(written.version, written.path)
    if caution:
        page.say(page.tr("{0} Before sending it: {1}.").format(saved, caution), problem=True)
    else:
        page.say(saved, good=True)
    path: Path = written.path
    return path


def save_copy(page: Any, fmt: str) -> Path | None:
    """The Issue page's Save as Word/PDF: a checked working copy, written and audited."""
    audience = page.audience()
    if page.conference_id is None or audience is None:
        return None
    for_parent = not audience.is_professionals
    kind = page.kind()
    if not audience.is_professionals and not may(
        page.services.context.role, Permission.ISSUE_PARENT_COPY
    ):
        page.say(page.tr("Not saved: only a chair can save a parent's copy."), problem=True)
        return None
    if page.issuing.needs_second_approval(audience) and (
        page.issuing.approval(page.conference_id, kind, audience) is None
    ):
        page.say(
            page.tr(
                "Not saved: your council requires a second person to approve a parent's copy "
                "before it is saved. Choose Ask for approval… and let a manager or another "
                "chair read it and approve it."
            ),
            problem=True,
        )
        return None
    folder = page.last_folder or documents_folder()
    chosen = page.choose_path(folder / page.suggested_name(fmt), fmt)
    if chosen is None:
        page.say(page.tr("Not saved: no file was chosen."))
        return None
    path = Path(chosen)
    if path.suffix.lower() != f".{fmt}":
        path = path.with_name(f"{path.name}.{fmt}")
    try:
        conference_id = page.conference_id
        if for_parent:
            check = wait_for(
                page,
                lambda: page.issuing.check(conference_id, kind, audience),
                page.tr("Checking the copy…"),
            )
            label = page.kind_box.currentText()
            if not page.confirm_copy(
                page, audience.recipient_name, label, check.items, check.withheld_count
            ):
                page.say(page.tr("Not saved: the copy was not confirmed as checked."))
                return None
        large_print = page.large_print.isChecked()
        issued = wait_for(
            page,
            lambda: page.issuing.export(
                conference_id, kind, audience, fmt, path, large_print=large_print
            ),
            page.tr("Writing the file…"),
            writing=True,
        )
    except ChairDeskError as error:
        page.say(page.tr("Not saved: {0}").format(error), problem=True)
        return None
    page.last_folder = issued.path.parent
    page.say(page.tr("Saved {0} in {1}.").format(issued.path.name, issued.path.parent), good=True)
    page.document_issued.emit(issued.sha256)
    saved: Path = issued.path
    return saved


def ask_for_approval(page: Any) -> None:
    """A second person reads this copy and approves it in the approval dialog."""
    audience = page.audience()
    if page.conference_id is None or audience is None or page.document is None:
        return
    conference_id, kind = page.conference_id, page.kind()
    approval = ApprovalDialog.ask(
        page,
        audience.recipient_name,
        page.kind_box.currentText(),
        page.document,
        lambda name, passphrase: page.issuing.approve(
            conference_id, kind, audience, name, passphrase
        ),
    )
    if approval is None:
        page.say(page.tr("Not approved: the approval was cancelled."))
        return
    text = page.tr("Approved by {0}: the copy can now be saved.").format(approval.approver)
    page.say(text, good=True)
    page.refresh_preview()


def _documents() -> Path:
    return documents_folder()
