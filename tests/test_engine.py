"""The answer engine through its front door, `AnswerEngine.handle`: structured, sourced,
honest replies, and bad input that gets a short answer and never an exception."""

import pytest

from bot.messages import Message
from bot.replies import ReplyKind


@pytest.fixture
def ask(services):
    def run(text: str, **kw):
        return services.engine.handle(Message(text=text, **kw))

    return run


def test_stock_reply_is_structured_and_sourced(ask):
    reply = ask("/ai-stock MiniMax")
    assert reply.kind == ReplyKind.ANSWER and not reply.private
    assert {f.label: f.value for f in reply.fields}["Change"] == "+11%"
    assert reply.sources[0].publisher == "Archyworldys"
    assert reply.entities == ["MiniMax"]


@pytest.mark.parametrize("question, needle", [
    ("What happened to MiniMax shares?", "11%"),
    ("智谱的股价涨了多少？", "30%"),
    ("How much did Knowledge Atlas jump?", "30%"),
    ("stock ucloud", "20%"),
    ("Who makes Kimi?", "Moonshot AI"),
    ("Who is behind Qwen3-Coder?", "Alibaba"),
    ("What can Ming-Flash-Omni 2.0 generate?", "music"),
    ("Did Meta buy Manus?", "regulatory review"),
    ("Which Chinese AI firms went public in Hong Kong?", "MiniMax"),
    ("Was Zhipu's claim about GLM-5 verified?", "unverified"),
    ("How many downloads do Qwen models have?", "one billion"),
    ("Where does Justin Lin work?", "Alibaba"),
    ("What did Premier Li Qiang call for?", "comprehensive push"),
    ("Who provides computing power to Zhipu?", "UCloud"),
    ("What are the main bottlenecks for Chinese AI?", "export controls"),
    ("Why is China betting on open-source AI?", "cost"),
    ("Which AI stock rose the most?", "Zhipu AI, +30%"),
    ("Which stocks fell?", "Tencent"),
    ("What models has Alibaba released?", "Qwen3-Coder"),
    ("Which model is the most downloaded on Hugging Face?", "Qwen"),
    ("by how much did zhipu's stock climb", "30%"),
    ("Has anyone verified Zhipu's claims about GLM-5?", "could not verify"),
    ("tell me about mini max", "M2.5"),
    ("zhipuu", "GLM"),
    ("Which Chinese models beat Llama 4?", "Kimi K2"),
    ("What chance does a Chinese firm have of overtaking the US?", "20%"),
    ("Is Knowledge Atlas the same as Zhipu?", "same firm, Zhipu AI"),
    ("Which models did Chinese companies release recently?", "Ming-Flash-Omni 2.0"),
    ("what are the top gainers", "Zhipu AI, +30%"),
    ("What is OpenAI's relationship with OpenClaw?", "authentication"),
    ("How is multimodal AI different from LLMs?", "images, audio"),
    ("Why do Chinese companies aggressively price their offerings?", "price aggressively"),
    ("哪家公司股价涨得最多？", "Zhipu AI, +30%"),
    ("哪些股票跌了？", "Tencent"),
])
def test_paraphrased_questions_get_grounded_answers(ask, question, needle):
    reply = ask(question)
    assert reply.kind == ReplyKind.ANSWER, reply.plain_text()
    assert needle.lower() in reply.plain_text().lower()
    assert reply.sources, "an answer that states a fact names its source"


def test_compare_reports_both_moves_and_which_moved_more(ask):
    reply = ask("/ai-compare UCloud and SenseTime")
    text = reply.plain_text()
    assert "+20%" in text and "+5%" in text
    assert text.startswith("UCloud Tech shares moved more")


@pytest.mark.parametrize("question", [
    "/ai-stock Tesla", "How did Apple's stock do?", "/ai-firm Baidu", "/ai-compare Tesla and MiniMax",
])
def test_untracked_firms_get_no_invented_numbers(ask, question):
    reply = ask(question)
    assert reply.kind == ReplyKind.NOT_FOUND
    assert "%" not in reply.plain_text()
    assert "don't track" in reply.text
    assert reply.suggestions


@pytest.mark.parametrize("question", [
    "How many employees does MiniMax have?", "What is MiniMax's revenue?", "Who founded OpenAI?",
    "What is the weather in Paris?", "What is Baidu's latest model?",
])
def test_questions_the_sources_do_not_answer_get_i_dont_know(ask, question):
    reply = ask(question)
    assert reply.kind == ReplyKind.NOT_FOUND, reply.plain_text()
    assert "don't know" in reply.text


def test_an_ambiguous_name_offers_the_candidates(ask):
    reply = ask("/ai-model GLM")
    assert reply.kind == ReplyKind.NOT_FOUND
    assert {s.label for s in reply.suggestions} >= {"GLM-5", "GLM 4.5"}
    assert all(s.command.startswith("/ai-model ") for s in reply.suggestions)


def test_a_suggestion_answers_when_sent_back(ask):
    suggestion = ask("/ai-model GLM").suggestions[0]
    assert ask(suggestion.command).kind == ReplyKind.ANSWER


@pytest.mark.parametrize("text", [
    "", "   ", "???", "!!!...", "\x00\x01\x02\x7f", "🙂🙂🙂", "x" * 50_000, "<!channel>", "@everyone @here",
    "\ufffd\ufffd" * 100, "/ai-stock", "/ai-compare MiniMax", "/ai-nonsense", "/",
])
def test_bad_input_gets_a_short_clear_reply(ask, text):
    reply = ask(text)
    assert reply.text and len(reply.plain_text()) < 1500
    assert reply.kind in (ReplyKind.USAGE, ReplyKind.ERROR, ReplyKind.NOT_FOUND)


@pytest.mark.parametrize("text", [
    "@everyone what is GLM-5?", "<!channel> /ai-stock MiniMax", "/ai-stock @here", "/ai-firm <!everyone>",
    "What about @everyone's stock?", "/ai-compare @everyone and <@U123>", "/ai-help @here",
])
def test_no_reply_echoes_a_mass_mention(ask, text):
    out = ask(text).plain_text()
    for mention in ("@everyone", "@here", "@channel", "<!channel>", "<!here>", "<!everyone>", "<@U123>"):
        assert mention not in out


def test_usage_and_errors_are_private(ask):
    assert ask("/ai-stock").private
    assert ask("???").private
    assert not ask("/ai-stock MiniMax").private


def test_help_is_generated_from_the_registry(services, ask):
    reply = ask("/ai-help")
    listed = {f.label.split()[0] for f in reply.fields}
    assert listed == {f"/{c.name}" for c in services.registry}
    assert "ai-stock" in ask("help ai-stock").title


def test_typed_options_run_the_same_command(services):
    reply = services.engine.run_command("ai-stock", {"firm": "稀宇"}, Message(text="", platform="discord"))
    assert "+11%" in reply.plain_text()
    missing = services.engine.run_command("ai-compare", {"first": "MiniMax"}, Message(text=""))
    assert missing.kind == ReplyKind.USAGE


@pytest.mark.parametrize("question, name", [
    ("字节跳动的股价", "字节跳动"), ("How did Apple stock do?", "Apple"), ("how did bytedance shares move", "bytedance"),
    ("小米最近的股价怎么样", "小米"),  # 最近 is "recently", not a ranking's 最
])
def test_unknown_firms_in_free_questions_are_named_not_ranked(ask, question, name):
    reply = ask(question)
    assert reply.kind == ReplyKind.NOT_FOUND
    assert name in reply.text and "%" not in reply.plain_text()


def test_i_dont_know_names_the_missing_thing_not_the_firm(ask):
    reply = ask("How many employees does Zhipu have?")
    assert reply.kind == ReplyKind.NOT_FOUND
    assert "about employees" in reply.text
    assert "Zhipu AI" in [s.label for s in reply.suggestions]


def test_headings_are_never_quoted_as_answers(ask):
    reply = ask("What are the safety concerns with Chinese models?")
    assert "Performance and Safety" not in reply.plain_text()


def test_the_same_question_is_answered_once_per_snapshot(services):
    first = services.engine.handle(Message(text="/ai-stock MiniMax", platform="slack", user_id="U1"))
    # Another asker, another platform, the same words (spacing and a mention cleaned away).
    again = services.engine.handle(Message(text="<@U9>  /ai-stock   MiniMax", platform="discord", user_id="U2"))
    assert again is first
    question = services.engine.handle(Message(text="Who makes Kimi?"))
    assert services.engine.handle(Message(text="Who makes Kimi?", user_id="U3")) is question


def test_answers_are_computed_afresh_when_the_memo_is_off(make_settings):
    from bot.services import build_services

    services = build_services(make_settings(answer_memo_size=0))
    try:
        first, again = (services.engine.handle(Message(text="/ai-stock MiniMax")) for _ in range(2))
        assert first is not again and first == again
    finally:
        services.knowledge.engine.dispose()


@pytest.mark.parametrize("question", ["How did Zhipu AI (智谱) shares move?",
                                      "How did Zhipu AI and Knowledge Atlas shares move?"])
def test_one_firm_named_twice_is_not_a_question_about_names(ask, question):
    reply = ask(question)
    assert "30%" in reply.plain_text() and "same firm" not in reply.text
