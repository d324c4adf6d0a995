"""Dashboard: spending by category and by month, what waits for review, bot success."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.gui import labels
from app.gui.charts import BarList, Columns
from app.gui.context import AppContext
from app.ledger.insights import Insights, gather
from ocr.amounts import format_money


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.insights: Insights | None = None
        title = QLabel(self.tr("Dashboard"))
        title.setObjectName("title")
        self.cards: dict[str, QLabel] = {}
        cards = QHBoxLayout()
        for key in ("captured", "reviewed", "confirmed", "failed"):
            card = QLabel()
            card.setObjectName("card")
            cards.addWidget(card)
            self.cards[key] = card
        none = self.tr("Nothing approved yet")
        self.by_category = BarList(self.tr("Spending by category (approved)"), none)
        self.by_month = Columns(self.tr("Spending by month"), none)
        self.bots = Columns(
            self.tr("Bot runs per week, and % that passed"), self.tr("No bot runs yet")
        )
        self.bots.colour = self.bots.colour.lighter(160)
        grid = QGridLayout()
        grid.addWidget(self.by_category, 0, 0)
        grid.addWidget(self.by_month, 0, 1)
        grid.addWidget(self.bots, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(cards)
        layout.addLayout(grid, 1)
        ctx.recordsChanged.connect(self.reload)
        ctx.runsChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.ctx.run(lambda _c: gather(self.ctx.ledger), self.show_insights)

    def show_insights(self, insights: Insights) -> None:
        self.insights = insights
        for key, card in self.cards.items():
            count = insights.by_state.get(key, 0)
            card.setText(
                f"<div style='font-size:22px;font-weight:600'>{count}</div>{labels.state(key)}"
            )
        self.by_category.set_items(
            [
                (name, float(total), "¥" + format_money(total))
                for name, total in insights.by_category
            ]
        )
        self.by_month.set_data(
            [m[5:] for m, _ in insights.by_month], [float(v) for _, v in insights.by_month]
        )
        self.bots.set_data(
            [w.split("-")[1] for w, _, _ in insights.bot_success],
            [float(runs) for _, _, runs in insights.bot_success],
            [100 * ok / runs if runs else None for _, ok, runs in insights.bot_success],
        )
