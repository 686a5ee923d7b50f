"""Name resolution over the seeded aliases: typos, spacing, case, aliases, Chinese names."""

import pytest


@pytest.fixture
def resolver(services):
    return services.knowledge.snapshot().resolver


@pytest.mark.parametrize("name, expected", [
    ("MiniMax", "MiniMax"), ("minimaxx", "MiniMax"), ("mini max", "MiniMax"), ("MINIMAX", "MiniMax"),
    ("zhipuu", "Zhipu AI"), ("Knowledge Atlas", "Zhipu AI"), ("Z.ai", "Zhipu AI"), ("智谱", "Zhipu AI"),
    ("稀宇科技", "MiniMax"), ("月之暗面", "Moonshot AI"), ("深度求索", "DeepSeek"), ("商汤", "SenseTime"),
    ("阿里巴巴", "Alibaba"), ("腾讯", "Tencent"), ("sensetme", "SenseTime"), ("glm5", "GLM-5"),
    ("GLM 5", "GLM-5"), ("ming flash omni 2.0", "Ming-Flash-Omni 2.0"), ("kimi k2", "Kimi K2"),
])
def test_names_resolve(resolver, name, expected):
    resolution = resolver.resolve(name)
    assert resolution.entity is not None, resolution.candidates
    assert resolution.entity.name == expected


@pytest.mark.parametrize("text, expected", [
    ("智谱的股价涨了多少？", ["Zhipu AI"]),
    ("How did Zhipu AI's stock do?", ["Zhipu AI"]),
    ("compare Knowledge Atlas vs minimaxx", ["Zhipu AI", "MiniMax"]),
    ("who built glm5", ["GLM-5"]),
    ("月之暗面和稀宇科技", ["Moonshot AI", "MiniMax"]),
])
def test_names_are_found_inside_sentences(resolver, text, expected):
    assert [f.entity.name for f in resolver.find_in_text(text)] == expected


@pytest.mark.parametrize("text", [
    "metal prices are falling", "which model is open source", "the market rallied", "tell me more about chips",
])
def test_ordinary_words_are_not_taken_for_names(resolver, text):
    assert resolver.find_in_text(text) == []


def test_close_names_are_offered_not_guessed(resolver):
    resolution = resolver.resolve("GLM", ["model"])
    assert resolution.entity is None and resolution.ambiguous
    assert {c.name for c, _ in resolution.candidates} >= {"GLM-5", "GLM 4.5"}


def test_unknown_names_resolve_to_nothing(resolver):
    assert resolver.resolve("Tesla", ["firm"]).entity is None
    assert resolver.resolve("Apple", ["firm"]).entity is None


@pytest.mark.parametrize("prefix, expected", [("zhi", "Zhipu AI"), ("稀宇", "MiniMax"), ("sense", "SenseTime")])
def test_autocomplete_offers_the_firm_first(services, prefix, expected):
    names = [e.name for e in services.engine.complete(("firm", "org"), prefix)]
    assert names and names[0] == expected


@pytest.mark.parametrize("text, surface", [
    ("After a long year… MiniMax shares fell 7%.", "MiniMax"),  # "…" grows under NFKC
    ("ＭｉｎｉＭａｘ shares rose", "ＭｉｎｉＭａｘ"),  # full-width letters shrink to ASCII
    ("Meta's Llama 4 and Google's Gemma 3", "Llama 4"),
])
def test_found_names_point_into_the_text_as_given(resolver, text, surface):
    found = resolver.find_in_text(text)
    assert surface in [text[f.start:f.end] for f in found]


def test_share_moves_are_read_after_characters_that_normalise_longer(resolver):
    from knowledge.ingest.facts import extract_facts

    [fact] = extract_facts("After a long year… MiniMax shares fell 7% on Monday.", resolver)
    assert (fact.subject_name, fact.number) == ("MiniMax", -7.0)
