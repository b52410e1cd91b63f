"""The post path of a visit: R2 (both parts by post), R4 (the same after a refusal) or R2b.

Where the municipality's standard order is ``counter_and_post`` (R2b), the post path prints the
configured counter part now and posts the other; a counter part that cannot be printed and
confirmed falls back to R2, both by post. After a printer fault earlier in the same visit the
kiosk does not try its printer again (R4, both by post). Every order ends with a printed receipt
(reference, delivery window, the address with its street masked). Returns the visit's outcome;
the session sends it into the machine.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kiosk.config import KioskConfig
from kiosk.devices.printouts import PostalReceipt
from kiosk.errors import DeviceError, KioskError
from kiosk.identity.addresses import mask_street
from kiosk.identity.cpr import mask_cpr
from kiosk.issuance.postal import PostalRequest
from kiosk.issuance.transaction import IssuanceRequest
from kiosk.journey.context import Outcome
from kiosk.journey.services import JourneyServices
from kiosk.rules.policy import counter_and_post

COUNTER_PART_FAILED = "journey.counter_part_failed"
RECEIPT_NOT_PRINTED = "journey.receipt_not_printed"


def order_by_post(
    services: JourneyServices,
    config: KioskConfig,
    citizen: PostalRequest,
    reason: str,
    *,
    issuance_failed: bool,
    today: date,
) -> Outcome:
    """The post path for ``citizen``; ``reason`` is why an immediate path failed, if one did.

    Raises KioskError when even the postal order cannot be placed (the outbox, the register).
    """
    outcome = _order(services, config, citizen, reason, issuance_failed)
    return replace(
        outcome,
        sent_to=mask_street(citizen.address),
        receipt=_receipt(services, citizen, outcome, today),
    )


def _order(
    services: JourneyServices,
    config: KioskConfig,
    citizen: PostalRequest,
    reason: str,
    issuance_failed: bool,
) -> Outcome:
    if counter_and_post(config) and not issuance_failed:
        request = IssuanceRequest(
            citizen.cpr, citizen.holder_name, citizen.address, citizen.language, "R2b"
        )
        try:
            result = services.issuance.counter_and_post(request)
        except DeviceError as exc:
            # R2b: the counter part was voided before any letter; both parts go by post (R2).
            services.audit.append(COUNTER_PART_FAILED, reason=exc.code, fallback="R2")
            return post_both(services, replace(citizen, rule="R2"), exc.code)
        return Outcome.counter_and_post(result, reason)
    return post_both(services, replace(citizen, rule="R4" if reason else "R2"), reason)


def _receipt(
    services: JourneyServices, citizen: PostalRequest, outcome: Outcome, today: date
) -> bool:
    """The printed receipt of the order: reference, delivery window, where it is sent. A
    printer that fails is audited; the order stands, and the screen shows the same facts."""
    printer = services.receipt_printer
    if printer is None or not outcome.order_reference or outcome.delivery is None:
        return False
    earliest, latest = outcome.delivery
    receipt = PostalReceipt(
        order_reference=outcome.order_reference,
        holder_name=citizen.holder_name,
        masked_cpr=mask_cpr(citizen.cpr),
        ordered_on=today,
        earliest=earliest,
        latest=latest,
        language=citizen.language,
        sent_to=mask_street(citizen.address),
        one_part=bool(outcome.handed_out),
    )
    try:
        printer.print_postal_receipt(receipt)
    except KioskError as exc:
        services.audit.append(
            RECEIPT_NOT_PRINTED, order_reference=outcome.order_reference, reason=exc.code
        )
        return False
    return True


def post_both(services: JourneyServices, citizen: PostalRequest, reason: str) -> Outcome:
    """R2/R4: both parts by post, in two letters."""
    order = services.postal.order(citizen)
    return Outcome.posted_order(order, citizen.rule, reason)
