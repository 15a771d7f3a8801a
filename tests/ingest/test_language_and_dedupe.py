from redline.ingest.dedupe import content_hash, signature, similarity, to_bytes
from redline.ingest.language import detect_language


def test_language_detection_is_offline_and_right():
    assert detect_language("Die ukrainische Delegation wurde von Andrij Jermak geleitet.")[0] == "de"
    assert detect_language("Секретарь СНБО Украины Рустем Умеров провел переговоры в Майами.")[0] == "ru"
    assert detect_language("Секретар РНБО Рустем Умєров провів переговори в Маямі з посланцем США.")[0] == "uk"
    assert detect_language("普京表示，美国的和平计划可以作为未来协议的基础。")[0] == "zh"


def test_content_hash_ignores_whitespace_only():
    assert content_hash("A  b\nc ") == content_hash("A b c")
    assert content_hash("A b c") != content_hash("A b d")


def test_near_duplicates_are_similar_and_others_are_not():
    base = ("US envoy Steve Witkoff and Jared Kushner met Russian President Vladimir Putin at the Kremlin on "
            "Tuesday for talks that lasted about five hours, and the Kremlin aide said no compromise was found.")
    edited = "MOSCOW (Wire) — " + base.replace("about five hours", "nearly five hours")
    other = "The European Commission proposed a reparations loan of 90 billion euros funded by frozen assets."
    assert similarity(signature(base), to_bytes(signature(edited))) > 0.6
    assert similarity(signature(base), to_bytes(signature(other))) < 0.2
