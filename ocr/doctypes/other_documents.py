"""Documents clerks drop that are not expense documents: recognised so that they are never
taken for a receipt or a ticket, and the clerk is told what they are and what to do.

Data only: what the document is, the words that give it away (with weights, as for the
document types), and the message for the clerk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OtherDocument:
    what: str
    keywords: tuple[tuple[str, float], ...]
    message: str


OTHER_DOCUMENTS = (
    OtherDocument(
        "bank_receipt",
        (
            ("回单", 6),
            ("电子回单", 2),
            ("交易流水号", 3),
            ("付款人账号", 3),
            ("收款人账号", 3),
            ("付款人名称", 2),
            ("收款人名称", 2),
            ("业务类型", 1),
            ("记账日期", 2),
            ("网上银行", 2),
        ),
        "a bank receipt (银行回单): proof of payment, not an invoice; keep it with the "
        "payment and claim the invoice itself",
    ),
    OtherDocument(
        "hospital_receipt",
        (
            ("医疗门诊收费票据", 8),
            ("医疗收费票据", 6),
            ("门诊收费", 4),
            ("住院收费", 4),
            ("医保统筹", 3),
            ("个人自付", 2),
            ("医疗机构", 2),
            ("交款人", 3),  # 财政票据: government receipts for fees paid
            ("票据代码", 2),
            ("电子票据号码", 3),
        ),
        "a medical receipt (医疗收费票据): medical costs are claimed through the medical "
        "insurance process, not as an expense; enter it by hand if your company reimburses it",
    ),
    OtherDocument(
        "payment_voucher",
        (("收款凭证", 6), ("货票", 2), ("支付凭证", 5), ("付款凭证", 5)),
        "a payment voucher (收款凭证), not an invoice: ask the supplier for the 发票",
    ),
    OtherDocument(
        "certificate",
        (("参保证明", 8), ("证明", 2), ("社会保险", 3)),
        "a certificate, not an expense document",
    ),
)


def score_other(
    compact_text: str, match: Callable[[str, str], float] | None = None
) -> tuple[OtherDocument | None, float]:
    """The other document this text most looks like, with its keyword score. ``match``
    scores one keyword in the text (0–1): the document types' OCR-tolerant matcher."""
    match = match or (lambda text, kw: float(kw in text))
    best: tuple[OtherDocument | None, float] = (None, 0.0)
    for doc in OTHER_DOCUMENTS:
        score = sum(w * match(compact_text, kw) for kw, w in doc.keywords)
        if score > best[1]:
            best = (doc, score)
    return best
