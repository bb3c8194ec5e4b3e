"""HTML bytes in odd encodings: the decoding rule of newsclean.extraction.html_decode."""

from __future__ import annotations

import pytest

from newsclean import BinaryInputError, EmptyDocumentError, clean_html
from newsclean.extraction.html_decode import decode_html, decode_html_page

RUSSIAN = (
    "Рыбаки в порту ждали прилива два года, и теперь власти обещают углубить канал до весны. "
    "Работы продлятся около четырнадцати недель, сообщил главный инженер порта во вторник. "
    "Стоимость проекта разделят между портом и областным советом, который уже одобрил свою часть."
)
JAPANESE = (
    "港の浚渫工事は四月に始まると港湾局が火曜日に発表した。大型の漁船は二年間、満潮を待って入港していた。"
    "工事は約十四週間かかる見込みで、航路は二メートル深くなる。費用は港湾局と地域の議会が分担する。"
)
FRENCH = "Le café du port rouvre après l'été : les pêcheurs s'y retrouvent à l'aube, déjà très nombreux."


def page(body: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(2))
    return f"<html><head>{head}<title>Port</title></head><body><article>{paragraphs}</article></body></html>"


def test_meta_charset_windows_1251() -> None:
    data = page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251")
    assert RUSSIAN in decode_html(data)
    assert clean_html(data).paragraphs[0] == RUSSIAN


def test_http_equiv_shift_jis() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    data = page(JAPANESE, head).encode("shift_jis")
    assert JAPANESE in decode_html(data)
    assert JAPANESE in clean_html(data).body


def test_xml_declaration_encoding() -> None:
    data = ('<?xml version="1.0" encoding="iso-8859-15"?>' + page(FRENCH + " 10 €")).encode("iso-8859-15")
    assert FRENCH + " 10 €" in decode_html(data)


def test_declared_charset_wins_over_the_page() -> None:
    data = page(FRENCH, '<meta charset="utf-8">').encode("latin-1")
    assert FRENCH in decode_html(data, declared="ISO-8859-1")


def test_latin1_declaration_is_read_as_windows_1252() -> None:
    data = page("Les “guillemets” de Word — et le tiret.", '<meta charset="iso-8859-1">').encode("cp1252")
    assert "“guillemets” de Word — et" in decode_html(data)


def test_wrong_declaration_falls_back_to_utf8() -> None:
    data = page(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8").replace(b"iso-8859-1", b"ascii")
    # declared ascii cannot decode the UTF-8 bytes; the page is valid UTF-8
    assert FRENCH in decode_html(data)


def test_unknown_declaration_is_ignored() -> None:
    data = page(FRENCH, '<meta charset="no-such-charset">').encode("utf-8")
    assert FRENCH in decode_html(data)


def test_undeclared_non_utf8_is_detected() -> None:
    data = page(RUSSIAN * 2).encode("cp1251")
    assert RUSSIAN in decode_html(data)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_byte_order_marks(encoding: str) -> None:
    data = page(FRENCH).encode(encoding)
    assert FRENCH in decode_html(data)
    assert clean_html(data).paragraphs[0] == FRENCH


def test_nul_bytes_without_bom_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="gzipped"):
        decode_html(b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + b"x" * 20)


def test_empty_bytes() -> None:
    with pytest.raises(EmptyDocumentError):
        decode_html(b" \n")


DETECTED = [
    # (language, encoding the bytes are in, text, why); no charset is declared: the rule guesses
    ("fr", "latin-1", "Le conseil municipal a approuvé le budget lundi après un long débat sur les écoles. Ça coûte cher à la ville.", "Windows-1252 wins a tie"),
    ("es", "latin-1", "El ayuntamiento aprobó el presupuesto el lunes. La niña comió piña en España, dijo el alcalde del pueblo.", "was cp1250: ń for ñ"),
    ("en", "latin-1", "The café opened on Monday, its owner said. The naïve résumé of the plans was criticised by everyone there.", "was cp775: ķ for é"),
    ("pl", "cp1250", "Rada miasta zatwierdziła w poniedziałek budżet po długiej debacie o szkołach. Źródła mówią, że żółw jest szczęśliwy.", ""),
    ("ru", "cp1251", "Городской совет в понедельник после долгих дебатов о школах утвердил бюджет, сообщил мэр города.", ""),
    ("ru", "koi8-r", "Городской совет в понедельник после долгих дебатов о школах утвердил бюджет, сообщил мэр города.", ""),
    ("el", "cp1253", "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα τον προϋπολογισμό μετά από μακρά συζήτηση για τα σχολεία.", ""),
    ("tr", "cp1254", "Belediye meclisi pazartesi günü okullar hakkında uzun bir tartışmanın ardından bütçeyi onayladı. Şişli'de ığdır.", ""),
    ("ja", "shift_jis", "市議会は月曜日、学校に関する長い議論の末に予算を承認したと市長が述べた。東京の天気は晴れです。", ""),
    ("zh", "gbk", "市议会周一在就学校问题进行长时间辩论后批准了预算，市长说。北京今天天气晴朗。", ""),
    ("ko", "euc-kr", "시의회는 월요일 학교에 관한 긴 토론 끝에 예산을 승인했다고 시장이 말했다. 서울의 날씨는 맑습니다.", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "encoding", "text", "why"), DETECTED, ids=[f"{d[0]}-{d[1]}" for d in DETECTED]
)
def test_undeclared_encodings_are_guessed_among_web_encodings(language, encoding, text, why) -> None:
    data = page(text * 2).encode(encoding)
    decoded = decode_html_page(data)
    assert text in decoded.text, why
    assert decoded.warning is not None and decoded.warning.endswith("(detected)")
