"""A safeguarding disclosure in any message the resident types, not only the one the triage reads.

The triage checks the message it triages (triage/flags.py::has_safeguarding). A resident may say it
later, as an answer inside a form ("and to be moved, my partner hits me" as the outcome they want) or
when adding to a record: `check_answer` runs the same check on that answer and, when it fires, does
what the triage does for a flagged message: the safety reply (safety_reply), a handoff with the
flag recorded at once (the backend alerts the duty inbox on it: casework.referrals.alert_handoff),
and when a person will look at it (utter_safeguarding_pickup). The flag is added to triage_flags, so a
record the conversation opens afterwards carries it too (the backend does not alert twice for one
conversation: referrals.alert_case), and that record is linked to the handoff (LINKED_HANDOFFS), so
staff see one picture. The answer is still the form's answer: the form goes on.

SafeguardingFormValidation is the forms' shared base: every typed answer to a form's question is
checked once, whatever the slot's own validation says of it."""
from __future__ import annotations

import datetime as dt
from abc import abstractmethod
import logging
from typing import Any, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_client import Created, get_client
from actions.context import MessageContext, message_context
from actions.dates import LONDON, format_date
from actions.ombudsman import asks_ombudsman
from actions.settings import OfficeHours
from actions.triage.flags import domestic_abuse, has_safeguarding, self_harm

logger = logging.getLogger(__name__)

FLAG = "safeguarding"
# the handoffs raised here (slot): the record the conversation opens next is linked to them too
# (record_fields.triaged_fields sends them as linked_handoff_ids, then handoffs_sent empties it)
LINKED_HANDOFFS = "linked_handoff_ids"
EXPLANATION = ("Safeguarding: the resident said this {where}, after the message the triage read{first}. "
               "It is recorded here so a person sees it today; the conversation's own record keeps its answer.")


def safety_reply(text: str) -> str:
    """The safety reply for these words: 999 always; the National Domestic Abuse Helpline for abuse
    by a partner, an ex-partner or a family member (flags.domestic_abuse reads who did it: a partner
    harmed by a neighbour is not domestic abuse), with the Samaritans too when the resident's own life
    is at risk; otherwise the Samaritans (utter_safeguarding), and for a risk to the resident's own life
    NHS 111 option 2 (urgent mental health help) as well (hg-12)."""
    if domestic_abuse(text):
        return "utter_safeguarding_domestic_abuse_self_harm" if self_harm(text) else "utter_safeguarding_domestic_abuse"
    return "utter_safeguarding_self_harm" if self_harm(text) else "utter_safeguarding"


SAFETY_REPLIES = ("utter_safeguarding", "utter_safeguarding_self_harm", "utter_safeguarding_domestic_abuse",
                  "utter_safeguarding_domestic_abuse_self_harm")
# what each reply says; a reply is not said again when one given already says all of it (hg-11)
_COVERS = {"utter_safeguarding": {"999", "samaritans"},
           "utter_safeguarding_self_harm": {"999", "samaritans", "nhs"},
           "utter_safeguarding_domestic_abuse": {"999", "helpline"},
           "utter_safeguarding_domestic_abuse_self_harm": {"999", "helpline", "samaritans", "nhs"}}


def safety_given(tracker: Any, dispatcher: Optional[CollectingDispatcher] = None) -> set[str]:
    """The safety replies this conversation (and this turn, dispatcher) has given already."""
    said = {(e.get("metadata") or {}).get("utter_action") for e in (getattr(tracker, "events", None) or [])
            if e.get("event") == "bot"}
    if dispatcher is not None:
        said |= {m.get("response") for m in dispatcher.messages}
    return said & set(SAFETY_REPLIES)


def say_safety(dispatcher: CollectingDispatcher, tracker: Any, text: str) -> bool:
    """The safety reply for these words, once per conversation: not said again when a reply given
    already holds everything it would say (hg-11: it was repeated after the contact answer). True
    when it was said now."""
    reply = safety_reply(text)
    given = safety_given(tracker, dispatcher)
    if any(_COVERS[reply] <= _COVERS[g] for g in given):
        return False
    dispatcher.utter_message(response=reply)
    return True


def pickup_when(due_at: Any, now: Optional[dt.datetime] = None) -> Optional[str]:
    """The backend's pick-up deadline in words: '5pm today', '5:30pm on Monday 7 December 2026'."""
    try:
        due = dt.datetime.fromisoformat(str(due_at).replace("Z", "+00:00"))
    except ValueError:
        return None
    if due.tzinfo is None:
        due = due.replace(tzinfo=dt.timezone.utc)
    local = due.astimezone(LONDON)
    hour = local.strftime("%I:%M%p").lstrip("0").lower().replace(":00", "")
    today = (now or dt.datetime.now(dt.timezone.utc)).astimezone(LONDON).date()
    return f"{hour} today" if local.date() == today else f"{hour} on {format_date(local)}"


def _local(value: Any) -> Optional[dt.datetime]:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).astimezone(LONDON)


def _now() -> dt.datetime:
    """The server's clock (tests fix it here, or pass `now`)."""
    return dt.datetime.now(dt.timezone.utc)


def office_closed(due_at: Any, now: Optional[dt.datetime] = None, hours: Optional[OfficeHours] = None) -> bool:
    """The office is closed now by the landlord's office hours (settings.OfficeHours: the profile's
    opening and closing time) on its working days: the backend's pick-up deadline, the closing time of
    the working day the message counts as received on (its nation's bank holidays), names that day; a
    deadline on a later day means a weekend, a bank holiday or after closing, and on the day itself
    before opening (3am, 8:59) is closed too. A deadline some hours after arrival (STAFF_PICKUP_HOURS)
    names no working day: Monday to Friday and the hours are judged alone."""
    due = _local(due_at)
    if due is None:
        return False
    hours, now = hours or OfficeHours(), now or _now()
    if due.date() < hours.local(now).date():
        return False  # a deadline already past is not this rule's to judge
    return not hours.is_open(now, hours.working_day_of(due))


def opens_when(due_at: Any, now: Optional[dt.datetime] = None, hours: Optional[OfficeHours] = None) -> Optional[str]:
    """When the office opens next, in words: '9am today', '9am on Monday 14 December 2026'."""
    due = _local(due_at)
    if due is None:
        return None
    hours = hours or OfficeHours()
    now = now or _now()
    opens = hours.next_opening(now, hours.working_day_of(due))
    return pickup_when(opens.isoformat(), now)


def tell_pickup(dispatcher: CollectingDispatcher, outcome: Any, now: Optional[dt.datetime] = None,
                profile: Optional[dict] = None) -> None:
    """After an urgent handoff: when a person will look at it, as the backend set it (never a guess).
    When the office is closed now (office_closed, the landlord's OfficeHours), said plainly first with
    when it opens: use the numbers just given tonight (today, at a weekend daytime or early morning),
    do not wait for us (hg-12). `profile`: the landlord's, for its office hours (defaults otherwise)."""
    now, hours = now or _now(), OfficeHours.from_profile(profile)
    due = outcome.data.get("pick_up_by") if isinstance(outcome, Created) else None
    when = pickup_when(due, now) if due else None
    if when and office_closed(due, now, hours):
        hour = now.astimezone(LONDON).hour
        dispatcher.utter_message(response="utter_safeguarding_office_closed", when=when,
                                 opens=opens_when(due, now, hours),
                                 now_words="tonight" if hour >= 17 or hour < 6 else "today")
    elif when:
        dispatcher.utter_message(response="utter_safeguarding_pickup", when=when)
    else:
        dispatcher.utter_message(response="utter_safeguarding_saved")


def _typed_answer(tracker: Tracker, ctx: MessageContext) -> bool:
    """Words the resident typed (not a button's payload) that the triage has not already read."""
    text = (ctx.text or "").strip()
    return bool(text) and not text.startswith("/") and ctx.idempotency_key != tracker.get_slot("triage_key")


async def check_answer(dispatcher: CollectingDispatcher, tracker: Tracker, where: str,
                       ctx: Optional[MessageContext] = None) -> list[dict[str, Any]]:
    """Events (triage_flags with the flag) after a disclosure in the resident's answer, else []."""
    ctx = ctx or message_context(tracker)
    if not _typed_answer(tracker, ctx) or not has_safeguarding(ctx.text):
        return []
    said = say_safety(dispatcher, tracker, ctx.text)  # once per conversation (hg-11)
    first = tracker.get_slot("handoff_id")
    body = {
        "idempotency_key": f"{ctx.idempotency_key}:{FLAG}", "conversation_id": ctx.sender_id,
        "message_id": ctx.message_id, "text": ctx.text, "received_at": ctx.received_at,
        "channel": ctx.channel, "profile": ctx.profile_id, "category": "unclear", "reason": None,
        "confidence": 1.0, "intent": ctx.intent, "entities": [], "flags": [FLAG],
        "explanation": EXPLANATION.format(where=where, first=f" (handoff {first})" if first is not None else ""),
    }
    outcome = await get_client().create_handoff(body)
    if said:  # the urgent-pickup words go with the safety reply, not again on their own
        tell_pickup(dispatcher, outcome)
    else:
        dispatcher.utter_message(response="utter_safeguarding_added")
    logger.info("safeguarding in an answer conversation=%s where=%s handoff=%s", ctx.sender_id, where,
                outcome.id if isinstance(outcome, Created) else None)
    flags = list(tracker.get_slot("triage_flags") or [])
    raised = [SlotSet(LINKED_HANDOFFS, list(tracker.get_slot(LINKED_HANDOFFS) or []) + [outcome.id])] \
        if isinstance(outcome, Created) and outcome.id is not None else []
    return ([SlotSet("triage_flags", flags + [FLAG])] if FLAG not in flags else []) + raised


def answer_where(asked: str) -> str:
    """Where in a form the resident said it, for the handoff's explanation."""
    return f"as their answer to the chat's question for {asked}"


class SafeguardingFormValidation(FormValidationAction):
    """A form's validation that first checks the typed answer to the question it asked (slot
    requested_slot) for a safeguarding disclosure; the slot's own validation then runs as before.
    Abstract (each form's validation names itself), so the action server does not register it."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form>"""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        asked = tracker.get_slot("requested_slot")
        events = await check_answer(dispatcher, tracker, answer_where(asked)) if asked else []
        if asked and asks_ombudsman((tracker.latest_message or {}).get("text")):
            # "i just want the ombudsman phone number": answered, and the question is asked again
            # (no answer to it; what the resident said before stays)
            dispatcher.utter_message(response="utter_ombudsman_details")
            return events + [SlotSet(asked, None)]
        return events + list(await super().run(dispatcher, tracker, domain))
