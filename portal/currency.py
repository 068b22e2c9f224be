"""Exchange rates: what a vendor's quote in its own currency is worth in the
engagement's. Administrators keep dated rates (``ExchangeRate``, in the admin); a
figure converts at the latest rate of the pair on or before the day it is priced,
and the rate of the opposite pair, inverted, serves when the pair itself has none.

Pages read every rate they need once (``rates_for``) and look pairs up in memory.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from portal.models import ExchangeRate

ONE = Decimal(1)


@dataclass(frozen=True)
class Conversion:
    """``rate`` of ``to_currency`` per unit of ``from_currency``, dated
    ``effective_date`` (None for the same currency); ``inverted`` when it is the
    stored opposite pair's rate turned round."""

    from_currency: str
    to_currency: str
    rate: Decimal
    effective_date: datetime.date | None = None
    inverted: bool = False

    @property
    def is_identity(self) -> bool:
        return self.from_currency == self.to_currency

    def convert(self, amount) -> Decimal:
        return Decimal(amount or 0) * self.rate

    def original(self, converted) -> Decimal:
        """``converted`` (in ``to_currency``) stated back in ``from_currency``."""
        return Decimal(converted) / self.rate

    @property
    def rate_display(self) -> str:
        """Four decimals (0.0400, 17.2500); four significant digits below 0.01."""
        if self.rate >= Decimal("0.01"):
            return f"{self.rate:.4f}"
        digits = -self.rate.adjusted() + 3
        return f"{self.rate:.{digits}f}"


class Rates:
    """The stored rates of some pairs, by pair, newest first."""

    def __init__(self, rows):
        self._by_pair: dict[tuple[str, str], list[tuple[datetime.date, Decimal]]] = defaultdict(
            list
        )
        for row in rows:
            self._by_pair[(row.from_currency, row.to_currency)].append(
                (row.effective_date, Decimal(row.rate))
            )
        for dated in self._by_pair.values():
            dated.sort(reverse=True)

    def _latest(self, pair, on_date):
        return next((d for d in self._by_pair.get(pair, ()) if d[0] <= on_date), None)

    def rate_for(
        self, from_currency: str, to_currency: str, on_date: datetime.date
    ) -> Conversion | None:
        """The conversion on ``on_date``, or None when no rate of the pair (either
        way round) is dated on or before it. The newer of the two ways wins; on the
        same day the pair as stored the right way round."""
        if from_currency == to_currency:
            return Conversion(from_currency, to_currency, ONE)
        direct = self._latest((from_currency, to_currency), on_date)
        opposite = self._latest((to_currency, from_currency), on_date)
        if direct and (opposite is None or direct[0] >= opposite[0]):
            return Conversion(from_currency, to_currency, direct[1], direct[0])
        if opposite:
            return Conversion(from_currency, to_currency, ONE / opposite[1], opposite[0], True)
        return None


def rates_for(currencies, to_currency: str) -> Rates:
    """Every stored rate between any of ``currencies`` and ``to_currency``, in one query."""
    codes = sorted({c for c in currencies if c and c != to_currency})
    if not codes:
        return Rates([])
    rows = ExchangeRate.objects.filter(
        Q(from_currency__in=codes, to_currency=to_currency)
        | Q(from_currency=to_currency, to_currency__in=codes)
    ).only("from_currency", "to_currency", "rate", "effective_date")
    return Rates(rows)


def rate_for(from_currency: str, to_currency: str, on_date: datetime.date) -> Conversion | None:
    """One pair's conversion on ``on_date`` (see ``Rates.rate_for``)."""
    return rates_for([from_currency], to_currency).rate_for(from_currency, to_currency, on_date)


def no_rate_reason(from_currency: str, to_currency: str) -> str:
    if not from_currency:
        return "the quote has no currency; choose one on the quote"
    return f"no {from_currency}→{to_currency} exchange rate; an administrator adds one in the admin"
