"""Input clean-up shared by the parser modules: Unicode normalisation and character tests."""

import unicodedata

# Phones and PCs type the same thing in several encodings: fullwidth digits and signs from
# Korean IMEs, NBSP and other odd spaces from copy-paste, control characters from bots.
_TRANSLATE: dict[int, str | None] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_TRANSLATE.update({cp: " " for cp in range(0x00, 0x20)})
_TRANSLATE.update({cp: " " for cp in range(0x7F, 0xA1)})
_TRANSLATE.update({cp: " " for cp in range(0x2000, 0x200B)})
_TRANSLATE.update(
    {
        0x0A: "\n",
        0x0D: "\n",
        0x2028: "\n",
        0x2029: "\n",
        0x3000: " ",
        0x202F: " ",
        0x205F: " ",
        0xFFE6: "₩",
        0xFFE5: "¥",
        0xFFE1: "£",
        0xFFE0: "¢",
        0x20A9: "₩",
        0x301C: "~",
        0x3001: ",",
        0x2212: "-",
        0x2013: "-",
        0x2014: "-",
        # Zero-width characters would otherwise split a word in two where the eye sees one.
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x2060: None,
        0xFEFF: None,
        0x00AD: None,
    }
)


def clean(text: str) -> str:
    """Return `text` in NFC with odd spaces, fullwidth forms and control characters made plain."""
    if not unicodedata.is_normalized("NFC", text):
        # macOS and some Android keyboards send Hangul decomposed into jamo.
        text = unicodedata.normalize("NFC", text)
    return text.translate(_TRANSLATE)


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"
