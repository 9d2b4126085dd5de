"""A chair's Accounts dialog: who can open this ChairDesk, adding a person and removing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import UserRole
from chairdesk.errors import ChairDeskError
from chairdesk.services.accounts import AccountService, same_account
from chairdesk.services.permissions import Permission, may
from chairdesk.ui.passphrase_dialog import strength_hint
from chairdesk.ui.style import GOOD_COLOUR, WARNING_COLOUR
from chairdesk.ui.widgets.document_view import show_in_colour
from chairdesk.views import AccountView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices


class AccountsDialog(QDialog):
    """Lists the accounts; a chair adds one (passphrase twice) or removes one after confirming."""

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = services.context
        self.accounts = AccountService(self.context)
        self.may_manage = may(self.context.role, Permission.MANAGE_ACCOUNTS)
        self.setWindowTitle(self.tr("Accounts"))
        self.setAccessibleName(self.tr("Accounts"))
        self.resize(620, 600)
        self.role_names = {
            UserRole.MINUTE_TAKER: self.tr("Minute-taker"),
            UserRole.MANAGER: self.tr("Manager"),
            UserRole.CHAIR: self.tr("Chair"),
        }
        self.role_hints = {
            UserRole.MINUTE_TAKER: self.tr(
                "Records notes and attendance; cannot decide, share with parents or save a "
                "parent's copy."
            ),
            UserRole.MANAGER: self.tr("Approves a parent's copy before it is saved."),
            UserRole.CHAIR: self.tr(
                "Runs conferences, decides, shares with parents, saves copies and manages accounts."
            ),
        }

        intro = QLabel(
            self.tr(
                "The people who can open this ChairDesk. Each opens it with their own name and "
                "passphrase, and what they do is recorded under their name."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("About accounts"))
        self.refusal = QLabel(self)
        self.refusal.setAccessibleName(self.tr("Why you cannot change accounts"))
        self.refusal.setWordWrap(True)
        show_in_colour(
            self.refusal,
            self.tr("Only a chair can add or remove accounts. You can see who has one."),
            WARNING_COLOUR,
        )
        self.refusal.setVisible(not self.may_manage)

        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName(self.tr("Accounts"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.remove_button = QPushButton(self.tr("&Remove account…"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the chosen account"))
        self.remove_button.clicked.connect(self.remove_chosen)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.adding = QGroupBox(self.tr("Add an account"), self)
        self.adding.setAccessibleName(self.tr("Add an account"))
        self.name = QLineEdit(self.adding)
        self.name.setAccessibleName(self.tr("New account's name"))
        self.name.setPlaceholderText(self.tr("The person's own name"))
        self.name.setMaxLength(80)
        self.role = QComboBox(self.adding)
        self.role.setAccessibleName(self.tr("New account's role"))
        for role, text in self.role_names.items():
            self.role.addItem(text, role)
        self.role_hint = QLabel(self.adding)
        self.role_hint.setAccessibleName(self.tr("What this role can do"))
        self.role_hint.setWordWrap(True)
        self.passphrase = QLineEdit(self.adding)
        self.passphrase.setAccessibleName(self.tr("New account's passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("At least 10 characters; a few words work well"))
        self.repeat = QLineEdit(self.adding)
        self.repeat.setAccessibleName(self.tr("The same passphrase again"))
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText(self.tr("The same passphrase again"))
        self.strength = QLabel(self.adding)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.strength.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add account"), self.adding)
        self.add_button.setAccessibleName(self.tr("Add account"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        form = QFormLayout(self.adding)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("R&ole:"), self.role)
        form.addRow("", self.role_hint)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("A&gain:"), self.repeat)
        form.addRow("", self.strength)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        form.addRow(add_row)
        self.adding.setEnabled(self.may_manage)

        self.message = QLabel(self)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        list_row = QHBoxLayout()
        list_row.addStretch(1)
        list_row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.refusal)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_row)
        layout.addWidget(self.adding)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for first, second in (
            (self.table, self.remove_button),
            (self.remove_button, self.name),
            (self.name, self.role),
            (self.role, self.passphrase),
            (self.passphrase, self.repeat),
            (self.repeat, self.add_button),
            (self.add_button, close),
        ):
            QWidget.setTabOrder(first, second)

        for field in (self.name, self.passphrase, self.repeat):
            field.textChanged.connect(self._update_buttons)
        self.role.currentIndexChanged.connect(self._update_buttons)
        self.repeat.returnPressed.connect(self.add)
        self.refresh()
        (self.name if self.may_manage else self.table).setFocus()

    # Showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reads the accounts again and shows them in the order they were added."""
        self.shown: tuple[AccountView, ...] = self.accounts.accounts()
        self.table.setRowCount(len(self.shown))
        for row, account in enumerate(self.shown):
            name = account.name
            if same_account(name, self.context.user):
                name = self.tr("{0} (you)").format(name)
            for column, text in enumerate((name, self.role_names[UserRole(account.role)])):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, column, cell)
        self._update_buttons()

    def chosen(self) -> AccountView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        role = UserRole(self.role.currentData())
        self.role_hint.setText(self.role_hints[role])
        good, hint = strength_hint(self.passphrase.text())
        matches = self.passphrase.text() == self.repeat.text()
        if self.passphrase.text() and self.repeat.text() and not matches:
            hint += " " + self.tr("The two passphrases are not the same yet.")
        self.strength.setText(hint if self.passphrase.text() else "")
        ready = good and matches and bool(self.name.text().strip())
        self.add_button.setEnabled(self.may_manage and ready)
        self.remove_button.setEnabled(self.may_manage and self.chosen() is not None)
        if not self.may_manage:
            self.remove_button.setToolTip(self.tr("Only a chair can remove accounts"))

    def _say(self, text: str, *, problem: bool = False) -> None:
        show_in_colour(self.message, text, WARNING_COLOUR if problem else GOOD_COLOUR)

    # Changing -----------------------------------------------------------------------------

    def add(self) -> AccountView | None:
        """Adds the account typed in; explains plainly when it is refused."""
        name = " ".join(self.name.text().split())
        role = UserRole(self.role.currentData())
        if self.passphrase.text() != self.repeat.text():
            self._say(self.tr("Not added: the two passphrases are not the same."), problem=True)
            return None
        try:
            account = self.accounts.create_account(name, role, self.passphrase.text())
        except ChairDeskError as error:
            self._say(self.tr("Not added: {0}.").format(str(error).rstrip(".")), problem=True)
            return None
        for field in (self.name, self.passphrase, self.repeat):
            field.clear()
        self.refresh()
        self._say(
            self.tr(
                "Added {0} as {1}. They open ChairDesk with their own name and passphrase."
            ).format(account.name, self._with_article(UserRole(account.role)))
        )
        self.name.setFocus()
        return account

    def remove_chosen(self) -> bool:
        """Removes the chosen account once the chair confirms; True if it was removed."""
        account = self.chosen()
        if account is None:
            return False
        if not self._confirm_removal(account.name):
            self._say(self.tr("Nothing was removed."))
            return False
        try:
            self.accounts.remove_account(account.id)
        except ChairDeskError as error:
            self._say(self.tr("Not removed: {0}.").format(str(error).rstrip(".")), problem=True)
            return False
        self.refresh()
        self._say(self.tr("Removed {0}'s account.").format(account.name))
        return True

    def _confirm_removal(self, name: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove an account"), "", parent=self)
        box.setAccessibleName(self.tr("Remove an account"))
        box.setText(
            self.tr(
                "Remove {0}'s account? {0} will no longer be able to open ChairDesk: the database "
                "gets a new key, so no older copy of its key file opens it either. What they "
                "recorded stays, under their name."
            ).format(name)
        )
        remove = box.addButton(self.tr("Remove the account"), QMessageBox.ButtonRole.AcceptRole)
        remove.setAccessibleName(self.tr("Remove the account"))
        keep = box.addButton(self.tr("Keep it"), QMessageBox.ButtonRole.RejectRole)
        keep.setAccessibleName(self.tr("Keep it"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        removed = box.clickedButton() is remove
        box.deleteLater()
        return removed

    def _with_article(self, role: UserRole) -> str:
        return {
            UserRole.MINUTE_TAKER: self.tr("a minute-taker"),
            UserRole.MANAGER: self.tr("a manager"),
            UserRole.CHAIR: self.tr("a chair"),
        }[role]

    @classmethod
    def open_for(cls, parent: QWidget | None, services: UiServices) -> None:
        """Shows the dialog over `parent` until it is closed (the Accounts… menu entry)."""
        dialog = cls(services, parent)
        dialog.exec()
        dialog.deleteLater()
