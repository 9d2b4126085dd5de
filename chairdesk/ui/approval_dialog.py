"""A second person reads a parent's copy and approves exactly that content with their passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import (
    ChairDeskError,
    IncorrectPassphraseError,
    PermissionDeniedError,
    RuleError,
    UnlockDelayedError,
)
from chairdesk.export import Document
from chairdesk.services.issuing import Approval
from chairdesk.ui.style import WARNING_COLOUR
from chairdesk.ui.widgets.document_view import document_html, show_in_colour

#: Called with the approver's name and passphrase; returns the approval or raises.
Approve = Callable[[str, str], Approval]


class ApprovalDialog(QDialog):
    """Shows the whole copy, read-only, and takes the approver's own name and passphrase."""

    def __init__(
        self,
        recipient: str,
        document_label: str,
        document: Document,
        approve: Approve,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._approve = approve
        self.approval: Approval | None = None
        self.setWindowTitle(self.tr("Approve {0}'s copy").format(recipient))
        self.setAccessibleName(self.tr("Approve a parent's copy"))
        self.resize(820, 680)

        self.intro = QLabel(
            self.tr(
                "<p>This is exactly what <b>{0}</b> will receive: the {1}. A second person, a "
                "manager or another chair, reads all of it and approves it with their own name "
                "and passphrase. If anything in it changes afterwards, it needs approving "
                "again.</p>"
            ).format(recipient, document_label.lower()),
            self,
        )
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setAccessibleName(self.tr("What approving means"))
        self.content = QTextBrowser(self)
        self.content.setAccessibleName(self.tr("The copy to approve, exactly as it will be saved"))
        self.content.setOpenLinks(False)
        self.content.setReadOnly(True)
        self.content.setHtml(document_html(document))

        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Approver's name"))
        self.name.setPlaceholderText(self.tr("Your own name, as on your account"))
        self.name.setMaxLength(80)
        self.passphrase = QLineEdit(self)
        self.passphrase.setAccessibleName(self.tr("Approver's passphrase"))
        self.passphrase.setPlaceholderText(self.tr("Your own passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Approver's &name:"), self.name)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)

        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.buttons = QDialogButtonBox(self)
        self.approve_button = QPushButton(self.tr("&Approve this copy"), self)
        self.approve_button.setAccessibleName(self.tr("Approve this copy"))
        self.cancel_button = QPushButton(self.tr("Cancel: do not approve"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel: do not approve"))
        self.buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.approve_button.clicked.connect(self.try_approve)
        self.buttons.rejected.connect(self.reject)
        # Enter in the passphrase field approves; nothing else does it by accident.
        self.approve_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.passphrase.returnPressed.connect(self.try_approve)
        self.name.textChanged.connect(self._update_button)
        self.passphrase.textChanged.connect(self._update_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.content, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for first, second in (
            (self.content, self.name),
            (self.name, self.passphrase),
            (self.passphrase, self.approve_button),
            (self.approve_button, self.cancel_button),
        ):
            QWidget.setTabOrder(first, second)
        self._update_button()
        self.content.setFocus()

    def _update_button(self) -> None:
        self.approve_button.setEnabled(
            bool(self.name.text().strip()) and bool(self.passphrase.text())
        )

    def _say(self, text: str) -> None:
        show_in_colour(self.message, text, WARNING_COLOUR)
        self.message.show()

    def try_approve(self) -> None:
        """Approve with what was typed; explain and stay open when it is refused."""
        name = " ".join(self.name.text().split())
        passphrase = self.passphrase.text()
        if not name or not passphrase:
            self._say(self.tr("Type the approver's own name and passphrase first."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.approval = self._approve(name, passphrase)
        except IncorrectPassphraseError:
            self._say(
                self.tr("That name or passphrase is not right. Nothing was approved: try again.")
            )
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except UnlockDelayedError as error:
            self._say(
                self.tr(
                    "Too many wrong passphrases for this account: wait {0} seconds, then try "
                    "again. Nothing was approved."
                ).format(error.seconds)
            )
            return
        except RuleError:
            self._say(
                self.tr(
                    "You are the person saving this copy, so you cannot approve it yourself: "
                    "ask a manager or another chair."
                )
            )
            self.name.selectAll()
            self.name.setFocus()
            return
        except PermissionDeniedError:
            self._say(
                self.tr(
                    "A minute-taker cannot approve a parent's copy: ask a manager or another "
                    "chair. Nothing was approved."
                )
            )
            self.name.selectAll()
            self.name.setFocus()
            return
        except ChairDeskError as error:
            self._say(self.tr("Not approved: {0}").format(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        recipient: str,
        document_label: str,
        document: Document,
        approve: Approve,
    ) -> Approval | None:
        """The approval once a second person has given it; None if the dialog was cancelled."""
        dialog = cls(recipient, document_label, document, approve, parent)
        dialog.exec()
        approval = dialog.approval
        dialog.deleteLater()
        return approval
