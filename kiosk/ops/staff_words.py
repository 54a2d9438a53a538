"""Every sentence staff read on the keypad, the panel and the corner notice, in one table.

A :class:`~kiosk.common.message.Message` is a kind and its arguments; :func:`word` puts it in
words. The log and the command line word it in English (``word(message)``); the panel words it
in the language on screen through Qt's translator (:mod:`kiosk.ui.staff_words`), so the two
cannot say different things, and nothing on the panel is left in English on a Spanish screen.

The templates are English with ``{name}`` placeholders. Each is marked with
``QT_TRANSLATE_NOOP("StaffWords", …)``, which ``pyside6-lupdate`` reads (``make i18n`` passes it
this file beside the QML): their translations are in ``kiosk/ui/i18n/kiosk_*.ts`` under the
context ``StaffWords``, held complete by a test.

Arguments that are texts come from outside more often than not (a file's name, a key's, a pack's
title): each is cleaned to one bounded line (:func:`~kiosk.content.words.clean_name`) and, when
it holds right-to-left letters, set in an isolate so it cannot reorder the sentence around it.
Refusals point at the panel's own controls ("use Trust… below"); the commands that do the same
from a shell are in the log and the command line's own words, never here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.common.message import Message
from kiosk.content.words import clean_name

CONTEXT = "StaffWords"
ARG_LIMIT = 160  # characters of one text argument: room for a name, never a screenful
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end
_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_PLACEHOLDER = re.compile(r"\{([a-zA-Z]\w*)\}")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate reads
    """Marks ``text`` for ``pyside6-lupdate``; returns it unchanged."""
    return text


WORDS: dict[str, str] = {
    # -- the keypad ------------------------------------------------------------------------
    "pinNone": QT_TRANSLATE_NOOP(
        "StaffWords",
        "No staff PIN is set on this kiosk, so the staff panel cannot open. On the kiosk's "
        "computer, as the kiosk's user, run:\nkiosk staff set-pin",
    ),
    "pinWrong": QT_TRANSLATE_NOOP("StaffWords", "Wrong PIN."),
    "pinWrongWait": QT_TRANSLATE_NOOP("StaffWords", "Wrong PIN. Try again in {wait}."),
    "pinLocked": QT_TRANSLATE_NOOP("StaffWords", "Too many wrong PINs. Try again in {wait}."),
    "pinAgain": QT_TRANSLATE_NOOP("StaffWords", "You can try again now."),
    "pinLength": QT_TRANSLATE_NOOP("StaffWords", "A PIN has {min} to {max} digits."),
    "waitSeconds": QT_TRANSLATE_NOOP("StaffWords", "{seconds} s"),
    "waitMinutes": QT_TRANSLATE_NOOP("StaffWords", "{minutes} min {seconds} s"),
    # -- an action on the panel: running, then its outcome ---------------------------------
    "installing": QT_TRANSLATE_NOOP("StaffWords", "Installing {file}…"),
    "rollingBack": QT_TRANSLATE_NOOP("StaffWords", "Rolling back…"),
    "activating": QT_TRANSLATE_NOOP("StaffWords", "Switching to {pack}…"),
    "trusting": QT_TRANSLATE_NOOP("StaffWords", "Trusting {name}…"),
    "untrusting": QT_TRANSLATE_NOOP("StaffWords", "Untrusting {keyId}…"),
    "installed": QT_TRANSLATE_NOOP("StaffWords", "Installed {pack}: it shows from the next slide."),
    "already": QT_TRANSLATE_NOOP("StaffWords", "{pack} is already installed."),
    "refused": QT_TRANSLATE_NOOP("StaffWords", "{pack} was not installed: {reason}"),
    "rolledBack": QT_TRANSLATE_NOOP("StaffWords", "Rolled back: {pack} shows from the next slide."),
    "rolledBackBundled": QT_TRANSLATE_NOOP(
        "StaffWords", "Rolled back: the bundled pack {pack} shows from the next slide."
    ),
    "live": QT_TRANSLATE_NOOP("StaffWords", "{pack} shows from the next slide."),
    "bundledLive": QT_TRANSLATE_NOOP(
        "StaffWords", "The bundled pack {pack} shows from the next slide."
    ),
    "trustChanged": QT_TRANSLATE_NOOP(
        "StaffWords", "Not trusted: {file} changed since its fingerprint was shown."
    ),
    "trusted": QT_TRANSLATE_NOOP("StaffWords", "Key {name} ({keyId}) is now trusted."),
    "untrusted": QT_TRANSLATE_NOOP("StaffWords", "Key {name} ({keyId}) is no longer trusted."),
    "failed": QT_TRANSLATE_NOOP("StaffWords", "That did not work: {reason}"),
    # -- why: an installer's refusal, a failed action (after a colon, so lower case) --------
    "untrustedKey": QT_TRANSLATE_NOOP(
        "StaffWords",
        "it is signed by key {keyId}, which this kiosk does not trust. If its publisher gave "
        "you that key, use Trust… on its .pub file below.",
    ),
    "notSigned": QT_TRANSLATE_NOOP("StaffWords", "it is not signed by its publisher"),
    "badSignature": QT_TRANSLATE_NOOP(
        "StaffWords",
        "its signature does not match: it was changed after signing, or the signature is forged",
    ),
    "changedAfterSigning": QT_TRANSLATE_NOOP(
        "StaffWords", "files in it were changed, added or removed after it was signed"
    ),
    "notAPack": QT_TRANSLATE_NOOP("StaffWords", "it is not a content pack"),
    "damaged": QT_TRANSLATE_NOOP("StaffWords", "the file is damaged"),
    "tooLarge": QT_TRANSLATE_NOOP("StaffWords", "it is larger than a content pack may be"),
    "contentProblem": QT_TRANSLATE_NOOP(
        "StaffWords", "its content did not pass the kiosk's checks (a problem in {where})"
    ),
    "contentProblems": QT_TRANSLATE_NOOP(
        "StaffWords",
        "its content did not pass the kiosk's checks ({count} problems, the first in {where})",
    ),
    "changedContent": QT_TRANSLATE_NOOP(
        "StaffWords",
        "{pack} is already installed with other content; a changed pack needs a new version number",
    ),
    "otherKey": QT_TRANSLATE_NOOP(
        "StaffWords",
        "{pack} was first installed here signed by key {key}; this one is signed by another key",
    ),
    "rolledBackFrom": QT_TRANSLATE_NOOP(
        "StaffWords",
        "staff rolled back from {pack}, so it is not taken from a stick or the drop folder "
        "again; to show it anyway, use Install here",
    ),
    "olderVersion": QT_TRANSLATE_NOOP(
        "StaffWords",
        "{pack} is older than {highest}, which this kiosk has shown; to go back, use Roll back "
        "or Show this above",
    ),
    "sourceGone": QT_TRANSLATE_NOOP(
        "StaffWords",
        "the USB stick was removed or the file went away during the copy; it is tried again "
        "when it is back",
    ),
    "busy": QT_TRANSLATE_NOOP("StaffWords", "another install was running; it is tried again"),
    "diskFull": QT_TRANSLATE_NOOP("StaffWords", "the kiosk's disk is full"),
    "diskError": QT_TRANSLATE_NOOP("StaffWords", "the kiosk's disk could not be read or written"),
    "changedWhileRead": QT_TRANSLATE_NOOP(
        "StaffWords", "the file changed while it was being read; try again"
    ),
    "noEarlierPack": QT_TRANSLATE_NOOP("StaffWords", "there is no earlier pack to go back to"),
    "notInstalled": QT_TRANSLATE_NOOP("StaffWords", "{pack} is not installed on this kiosk"),
    "signerNotTrusted": QT_TRANSLATE_NOOP(
        "StaffWords", "{pack} is signed by a key this kiosk does not trust"
    ),
    "noSuchKey": QT_TRANSLATE_NOOP("StaffWords", "no trusted key has the id {keyId}"),
    "notAKey": QT_TRANSLATE_NOOP("StaffWords", "the file is not a publisher's public key"),
    "seeLog": QT_TRANSLATE_NOOP(
        "StaffWords", "the reason is in the kiosk's log (logs/kiosk.log on its disk)"
    ),
    # -- health ----------------------------------------------------------------------------
    "uptime": QT_TRANSLATE_NOOP("StaffWords", "Running for: {days} d {hours} h {minutes} min"),
    "memory": QT_TRANSLATE_NOOP("StaffWords", "Memory: {mb} MB"),
    "memoryUnknown": QT_TRANSLATE_NOOP("StaffWords", "Memory: unknown"),
    "disk": QT_TRANSLATE_NOOP("StaffWords", "Disk free: {gb} GB"),
    "diskUnknown": QT_TRANSLATE_NOOP("StaffWords", "Disk free: unknown"),
    "lastError": QT_TRANSLATE_NOOP("StaffWords", "Last error: {reason}"),
    "lastErrorNone": QT_TRANSLATE_NOOP("StaffWords", "Last error: none"),
    "memoryCeiling": QT_TRANSLATE_NOOP(
        "StaffWords", "memory {mb} MB was over the limit of {limit} MB, so the kiosk restarted"
    ),
    "loopFrozen": QT_TRANSLATE_NOOP(
        "StaffWords", "the picture stood still for {seconds} s, so the kiosk restarted"
    ),
    "selfCheckNotYet": QT_TRANSLATE_NOOP("StaffWords", "Last self-check: not yet"),
    "selfCheckOk": QT_TRANSLATE_NOOP(
        "StaffWords", "Last self-check: {at}: ok, the QR on screen reads {expected}"
    ),
    "selfCheckNoQr": QT_TRANSLATE_NOOP(
        "StaffWords", "Last self-check: {at}: failed, no QR found on screen (expected {expected})"
    ),
    "selfCheckWrongQr": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Last self-check: {at}: failed, the QR on screen reads {found}, not {expected}",
    ),
    "guard": QT_TRANSLATE_NOOP("StaffWords", "Crash-loop guard: {reason}"),
    "guardShowing": QT_TRANSLATE_NOOP("StaffWords", "showing {pack} because {why}"),
    "guardFailed": QT_TRANSLATE_NOOP("StaffWords", "{pack} failed to start {times} times in a row"),
    "guardFailedOnce": QT_TRANSLATE_NOOP("StaffWords", "{pack} failed to start once"),
    "guardBoth": QT_TRANSLATE_NOOP("StaffWords", "{first} and {second}"),
    "guardCannotLoad": QT_TRANSLATE_NOOP("StaffWords", "{reason}; {pack} cannot be loaded either"),
    "builtInPack": QT_TRANSLATE_NOOP("StaffWords", "the built-in pack"),
    "sync": QT_TRANSLATE_NOOP("StaffWords", "Fleet sync: {result} at {at}: {reason}"),
    "syncExpired": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Fleet sync: {result} at {at}: {reason} (the repository's timestamp has expired: no "
        "updates until it is re-signed)",
    ),
    "syncUpToDate": QT_TRANSLATE_NOOP("StaffWords", "up to date"),
    "syncInstalled": QT_TRANSLATE_NOOP("StaffWords", "a pack was installed"),
    "syncRefused": QT_TRANSLATE_NOOP("StaffWords", "refused"),
    "syncError": QT_TRANSLATE_NOOP("StaffWords", "could not be completed"),
    "syncNothingNew": QT_TRANSLATE_NOOP("StaffWords", "nothing new"),
    "syncGotPack": QT_TRANSLATE_NOOP("StaffWords", "{pack} was installed"),
    "syncMetadataExpired": QT_TRANSLATE_NOOP(
        "StaffWords",
        "the repository's signed metadata has expired (its publisher must renew it); the live "
        "pack stays",
    ),
    "syncHashMismatch": QT_TRANSLATE_NOOP(
        "StaffWords", "a file does not match its signed length or hash"
    ),
    "syncOlderMetadata": QT_TRANSLATE_NOOP(
        "StaffWords", "the repository went back to older metadata, which is refused"
    ),
    "syncUnsigned": QT_TRANSLATE_NOOP(
        "StaffWords", "the repository's metadata is not signed by the keys this kiosk trusts"
    ),
    "syncChecksFailed": QT_TRANSLATE_NOOP(
        "StaffWords", "the repository failed its signature checks"
    ),
    "syncStalled": QT_TRANSLATE_NOOP(
        "StaffWords", "the server stalled; it is tried again at the next sync"
    ),
    "syncHttp": QT_TRANSLATE_NOOP(
        "StaffWords", "the server answered HTTP {status}; it is tried again at the next sync"
    ),
    "syncNoNetwork": QT_TRANSLATE_NOOP(
        "StaffWords",
        "the server cannot be reached (no network?); it is tried again at the next sync",
    ),
    "syncDownloadFailed": QT_TRANSLATE_NOOP(
        "StaffWords", "the download failed; it is tried again at the next sync"
    ),
    "syncCannotWrite": QT_TRANSLATE_NOOP("StaffWords", "the kiosk's files cannot be written"),
    "syncSeveralPacks": QT_TRANSLATE_NOOP(
        "StaffWords",
        "the repository offers several packs for this kiosk ({names}) and its settings name none",
    ),
    "syncPackRefused": QT_TRANSLATE_NOOP("StaffWords", "{pack} was not installed: {reason}"),
    "syncPackRetry": QT_TRANSLATE_NOOP("StaffWords", "{pack} was not installed yet: {reason}"),
    # -- what is on screen ----------------------------------------------------------------
    "liveTitle": QT_TRANSLATE_NOOP("StaffWords", "{title} — {pack}"),
    "liveNext": QT_TRANSLATE_NOOP("StaffWords", "{pack} shows from the next slide"),
    "livePublisher": QT_TRANSLATE_NOOP("StaffWords", "Publisher: {publisher}"),
    "liveSigner": QT_TRANSLATE_NOOP("StaffWords", "Signed by: {signer}"),
    "liveSignerKey": QT_TRANSLATE_NOOP("StaffWords", "Signed by: {name}\n{fingerprint}"),
    "liveReview": QT_TRANSLATE_NOOP("StaffWords", "Review: {review}"),
    "signerBundled": QT_TRANSLATE_NOOP("StaffWords", "the app itself (bundled, not signed)"),
    "signerUntrusted": QT_TRANSLATE_NOOP("StaffWords", "key {keyId} (no longer trusted)"),
    "signerUnknown": QT_TRANSLATE_NOOP("StaffWords", "unknown"),
    "reviewDraft": QT_TRANSLATE_NOOP("StaffWords", "draft (not reviewed)"),
    "reviewAwaiting": QT_TRANSLATE_NOOP("StaffWords", "text awaiting review"),
    "reviewApproved": QT_TRANSLATE_NOOP("StaffWords", "approved"),
    "revoked": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Warning: the live pack {pack} is signed by key {keyId}, which this kiosk no longer "
        "trusts, so it is not shown.",
    ),
    "revokedUnreadable": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Warning: the live pack {pack} has a signature that is missing or cannot be read, so it "
        "is not shown.",
    ),
    "playing": QT_TRANSLATE_NOOP("StaffWords", "Playing: {venue}, slide {slide}"),
    "venueAll": QT_TRANSLATE_NOOP("StaffWords", "all venues"),
    "venueAny": QT_TRANSLATE_NOOP("StaffWords", "any venue"),
    "venueTransit": QT_TRANSLATE_NOOP("StaffWords", "transit"),
    "venueHotel": QT_TRANSLATE_NOOP("StaffWords", "hotel"),
    "venueRestStop": QT_TRANSLATE_NOOP("StaffWords", "rest stop"),
    "venueRetail": QT_TRANSLATE_NOOP("StaffWords", "retail"),
    # -- the panel's rows -------------------------------------------------------------------
    "packRow": QT_TRANSLATE_NOOP("StaffWords", "{pack}"),
    "packRowLive": QT_TRANSLATE_NOOP("StaffWords", "{pack}  (live)"),
    "packRowBundled": QT_TRANSLATE_NOOP("StaffWords", "{pack} (bundled)"),
    "packRowBundledLive": QT_TRANSLATE_NOOP("StaffWords", "{pack} (bundled)  (live)"),
    "found": QT_TRANSLATE_NOOP("StaffWords", "{name} ({where})\n{state}"),
    "whereStick": QT_TRANSLATE_NOOP("StaffWords", "USB stick"),
    "whereInbox": QT_TRANSLATE_NOOP("StaffWords", "drop folder"),
    "foundInstalled": QT_TRANSLATE_NOOP("StaffWords", "installed"),
    "foundUnchanged": QT_TRANSLATE_NOOP("StaffWords", "already here"),
    "foundRefused": QT_TRANSLATE_NOOP("StaffWords", "not installed: {reason}"),
    "foundRetrying": QT_TRANSLATE_NOOP("StaffWords", "could not be read yet; trying again"),
    "foundNew": QT_TRANSLATE_NOOP("StaffWords", "not checked yet"),
    "stickKey": QT_TRANSLATE_NOOP("StaffWords", "Key {name} ({where})"),
    "stickKeyTrusted": QT_TRANSLATE_NOOP("StaffWords", "Key {name} ({where}): trusted"),
    "trustedKey": QT_TRANSLATE_NOOP("StaffWords", "{name}, added {added}\n{fingerprint}"),
    "trustFileName": QT_TRANSLATE_NOOP("StaffWords", "File name (not a fingerprint): {name}"),
    "impactDay": QT_TRANSLATE_NOOP(
        "StaffWords", "{day}: touch sessions {sessions}, slides shown {slides}"
    ),
    # -- the corner notice (on the public screen: no file name ever) -----------------------
    "noticeInstalled": QT_TRANSLATE_NOOP("StaffWords", "New content installed: {title} {version}"),
    "noticeInstalledUntitled": QT_TRANSLATE_NOOP("StaffWords", "A new content pack is now showing"),
    "noticeAlready": QT_TRANSLATE_NOOP("StaffWords", "Already installed: {title} {version}"),
    "noticeAlreadyUntitled": QT_TRANSLATE_NOOP(
        "StaffWords", "This content pack is already installed"
    ),
    "noticePulled": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Not installed: the USB stick was removed during the copy; plug it in again",
    ),
    "noticeCopyAgain": QT_TRANSLATE_NOOP(
        "StaffWords",
        "Not installed: the file went away during the copy; copy it to the drop folder again",
    ),
    "noticeRefusedStick": QT_TRANSLATE_NOOP(
        "StaffWords", "A pack on the USB stick was refused; the staff panel says why"
    ),
    "noticeRefusedInbox": QT_TRANSLATE_NOOP(
        "StaffWords", "A pack in the drop folder was refused; the staff panel says why"
    ),
    # -- a kind this table does not know (a record written by a newer kiosk) ---------------
    "unknown": QT_TRANSLATE_NOOP(
        "StaffWords", "Something happened that this panel cannot put in words; the log has it."
    ),
}


def _english_number(value: int | float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds Hebrew, Arabic or other right-to-left letters."""
    return _RTL.search(text) is not None


def _isolate(text: str) -> str:
    """A text with right-to-left letters in a first-strong isolate; others as they are."""
    return f"{FSI}{text}{PDI}" if has_right_to_left(text) else text


@dataclass(frozen=True)
class Wording:
    """How :func:`word` puts a message in a language.

    Attributes:
        translate: a template in the language (the English template as it is, by default).
        number: a number as the language writes it (one decimal for a float).
        isolate: a cleaned text argument as it sits in the sentence (bidi isolates).
    """

    translate: Callable[[str], str] = str
    number: Callable[[int | float], str] = _english_number
    isolate: Callable[[str], str] = _isolate


ENGLISH = Wording()


def word(message: Message, wording: Wording = ENGLISH) -> str:
    """``message`` in words: English by default (the log, the command line).

    A kind the table does not know is worded as "unknown"; a placeholder without its argument
    is left empty. Never raises.
    """
    template = WORDS.get(message.kind, WORDS["unknown"])
    args = dict(message.args)

    def fill(match: re.Match[str]) -> str:
        value = args.get(match.group(1))
        if value is None:
            return ""
        if isinstance(value, Message):
            return word(value, wording)
        if isinstance(value, bool):  # never made so; a number by Python's rules otherwise
            return str(value)
        if isinstance(value, int | float):
            return wording.number(value)
        return wording.isolate(clean_name(value, ARG_LIMIT)) if value.strip() else ""

    # One pass: a name that holds "{pack}" is text, never a place for another argument.
    return _PLACEHOLDER.sub(fill, wording.translate(template)).strip()


def wait(seconds: float) -> Message:
    """A wait as people read it: "4 min 47 s", or "30 s" under a minute (rounded up)."""
    whole = max(0, int(seconds + 0.999))
    minutes, rest = divmod(whole, 60)
    if minutes:
        return Message.of("waitMinutes", minutes=minutes, seconds=rest)
    return Message.of("waitSeconds", seconds=rest)
