"""Issue 19: the parties, roles, metric and period of a figure read from the grammar of its
sentence. Each test quotes real sentences of ../shared/data (the file is named in the test):
TimeBank/wsj_* are Wall Street Journal stories of 1989 and AP900815-0044 an AP story of 1990 in
tempeval3/train/ (TimeBank and AQUAINT).
"""

from __future__ import annotations

from spacy.language import Language

from tests.figure_answers import figure_at, party_names, role_names, run

# --- "its" and "it": who the amount belongs to ---------------------------------------------


def test_its_is_the_subject_of_its_own_clause(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0786.tml (shortened: the article's first sentence)
    text = (
        "American Medical International Inc. said IMA Holdings Corp. lowered its offer for the "
        "company. Then, after extending its offer four times waiting for a congressional tax "
        "ruling, IMA early this month lowered its offer to $26.50 a share amid turbulence in "
        "the junk bond market."
    )
    result = run(text)
    figure = figure_at(result, "$26.50")
    assert figure.metric == "deal_value"
    assert [n for n, r in role_names(result, figure).items() if r == "buyer"] == ["IMA"]
    assert "American Medical International Inc." not in party_names(result, figure.parties)


def test_its_in_a_clause_with_a_named_subject(nlp: Language) -> None:
    # tempeval3/train/AP900815-0044.tml: the United Nations named before is no party
    text = (
        "On Tuesday, the United States and Soviet Union conferred in Washington on putting an "
        "anti-Iraq naval blockade under a United Nations umbrella. The United States has "
        "provided most of the naval vessels so far to block Iraqi trade, with Britain, West "
        "Germany and Australia among the other nations lending support at sea. The embargo is "
        "meant to cripple Iraq by cutting off its exports of oil and imports of food and "
        "military supplies.\n\nIraq imports about three-quarters of its foodstuffs."
    )
    result = run(text, "1990-08-15")
    figure = figure_at(result, "three-quarters")
    assert figure.metric == "imports"
    assert party_names(result, figure.parties) == {"Iraq"}


def test_its_continues_the_subject_of_the_sentence_before(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0791.tml
    text = (
        "Norwood Partners Limited Partnership of Boston said it may make a tender offer for "
        "some or all of Phoenix Technologies Ltd.'s common shares.\n\n"
        "Norwood, Mass.-based Phoenix, a once-high-flying maker of software for personal "
        "computers, has had substantial losses in the past two quarters. Its stock, which was "
        "as high as $18.75 a share, has been trading under $4 a share recently."
    )
    result = run(text)
    for written in ("$18.75", "$4 a share"):
        names = party_names(result, figure_at(result, written).parties)
        assert names and all(n.startswith("Phoenix") for n in names), names


def test_it_after_an_unnamed_unit_is_no_entity(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0670.tml: "it" is the extrusion unit, which has no name
    text = (
        "The agreement also provides for potential payments of additional proceeds to National "
        "Aluminum over the next two years, depending on the plant's shipping levels.\n\n"
        "The extrusion unit produces bare and painted custom extrusions for building products "
        "and construction industries. In fiscal 1989, it had sales of about $40 million and an "
        "operating loss of $1.5 million."
    )
    result = run(text)
    assert figure_at(result, "$40 million").parties == []
    assert figure_at(result, "$1.5 million").parties == []


def test_a_pronoun_is_no_party_of_an_amount_its_phrase_owns(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0745.tml: "It" is the government, BP's is the takeover
    text = (
        "Ford might succeed because many shareholders are speculators keen for a full bid or "
        "institutional investors unhappy over Jaguar management's handling of its current "
        "financial difficulties.\n\nThe government probably wouldn't give in readily to a "
        "hostile foray by Ford, however. It has relinquished a golden share only once before "
        "-- during British Petroleum Co.'s #2.5 billion ( $4 billion ) takeover of Britoil PLC "
        "in 1988."
    )
    result = run(text, "1989-11-01")
    figure = figure_at(result, "#2.5 billion")
    assert party_names(result, figure.parties) == {"British Petroleum Co.", "Britoil PLC"}
    assert role_names(result, figure) == {"British Petroleum Co.": "buyer", "Britoil PLC": "target"}


def test_a_clause_with_its_own_subject_is_not_the_sources_figure(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0346.tml: the revenue is the unnamed businesses', not Cilcorp's
    text = (
        "As part of the agreement, Cilcorp said it will pay Hunter $4 million in exchange for "
        "agreements not to compete.\n\nCilcorp said the businesses to be acquired had revenue "
        "of $76 million for the year ended March 31.\n\n"
    )
    result = run(text, "1989-10-27")
    figure = figure_at(result, "$76 million")
    assert figure.metric == "revenue" and figure.parties == []


# --- short names the entities section left unmarked ------------------------------------------


def test_a_short_name_after_the_full_name_is_the_company(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0811.tml (first and last sentences)
    text = (
        "BLOCKBUSTER ENTERTAINMENT CORP. said it raised $92 million from an offering of liquid "
        "yield option notes. In addition, each note can be converted into Blockbuster "
        "Entertainment common stock at a rate of 13.851 shares per note. Blockbuster shares "
        "closed yesterday at $18.75, down $1.125, in New York Stock Exchange trading.\n"
    )
    result = run(text, "1989-10-27")
    figure = figure_at(result, "$18.75")
    assert figure.metric == "price"
    assert party_names(result, figure.parties) == {"BLOCKBUSTER ENTERTAINMENT CORP"}


def test_a_short_name_followed_by_another_name_is_another_company(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_1033.tml: Esselte AB is the parent of Esselte Business Systems
    text = (
        "The unit said it can provide no assurance a transaction will occur.\n\nEsselte AB sold "
        "the minority stake five years ago in a $40 million international share offering."
    )
    lead = "Esselte Business Systems Inc. said its parent made a proposal.\n\n"
    result = run(lead + text, "1989-10-27")
    names = party_names(result, figure_at(result, "$40 million").parties)
    assert "Esselte Business Systems Inc." not in names


# --- roles: buyer and target, lender and borrower --------------------------------------------


def test_a_price_a_share_offered_by_a_buyer_names_the_other_company_target(
    nlp: Language,
) -> None:
    # tempeval3/train/TimeBank/wsj_0815.tml: seeking alternatives to an offer is no bidding
    text = (
        "Di Giorgio Corp. said it's continuing talks with potential buyers of certain units, "
        "but has reached no agreement on any deals.\n\nDi Giorgio, a food wholesaler and "
        "building products maker, is seeking alternatives to an unsolicited $32-a-share "
        "tender offer of DIG Acquisition Corp., a unit of Rose Partners Limited Partnership."
    )
    result = run(text)
    figure = figure_at(result, "$32")
    assert role_names(result, figure) == {
        "Di Giorgio Corp.": "target",
        "DIG Acquisition Corp.": "buyer",
    }


def test_the_holder_of_an_acquisition_by_another_is_the_target(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0006.tml: the parse hangs "by Royal Trustco" on "approved"
    text = (
        "Pacific First Financial Corp. said shareholders approved its acquisition by Royal "
        "Trustco Ltd. of Toronto for $27 a share, or $212 million.\n"
    )
    result = run(text, "1989-11-02")
    for written in ("$27", "$212 million"):
        roles = role_names(result, figure_at(result, written))
        assert roles == {"Pacific First Financial Corp.": "target", "Royal Trustco Ltd.": "buyer"}


def test_the_owner_of_a_program_to_pay_down_a_loan_is_its_borrower(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0557.tml
    text = (
        "The Nestle acquisition includes a candy plant in Franklin Park, Ill., which employs "
        "about 800 workers.\n\nThe sale, which had been expected, is part of KKR's program to "
        "pay down $5 billion of a $6 billion bridge loan by February."
    )
    result = run(text, "1989-11-01")
    figure = figure_at(result, "$6 billion")
    assert figure.metric == "loan"
    assert role_names(result, figure) == {"KKR": "borrower"}


def test_the_nationality_in_a_kind_of_security_is_no_party(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0158.tml
    text = (
        "In the U.S. over-the-counter market, American depositary shares for Reuters, each "
        "representing three shares in the London market, closed unchanged at $43.875.\n"
    )
    result = run(text, "1989-11-02")
    figure = figure_at(result, "$43.875")
    assert figure.metric == "price"
    assert party_names(result, figure.parties) == {"Reuters"}


# --- the metric from the word the amount belongs to ------------------------------------------


def test_an_amount_each_with_no_deal_between_parties_is_a_price(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0798.tml
    text = (
        "Gary Lukassen, chief financial officer, said redemption of the preferred shares, "
        "originally issued at C$25 each, will eliminate dividend payments of C$17.9 million "
        "annually.\n"
    )
    result = run(text, "1989-10-27")
    assert figure_at(result, "C$25").metric == "price"
    assert figure_at(result, "C$17.9 million").metric == "dividend"


def test_an_amount_each_paid_by_a_buyer_for_a_target_stays_a_deal(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0660.tml
    text = (
        "Montedison S.p.A. definitively agreed to buy all of the publicly held shares of "
        "Erbamont N.V. for $37 each.\n"
    )
    result = run(text, "1989-10-27")
    figure = figure_at(result, "$37")
    assert figure.metric == "deal_value"
    assert role_names(result, figure) == {"Montedison S.p.A.": "buyer", "Erbamont N.V.": "target"}


# --- periods ---------------------------------------------------------------------------------


def test_a_date_of_what_people_did_in_a_relative_clause_is_no_period(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0751.tml
    text = (
        "Dime Savings Bank of New York was cleared by the Federal Deposit Insurance Corp. to "
        "acquire Starpointe Savings Bank of Somerset, N.J., the banks said.\n\nStarpointe "
        "holders, who approved the plan last April, will receive $21 in cash a share, or a "
        "total $63 million."
    )
    result = run(text, "1989-10-27")
    assert figure_at(result, "$21").period is None
    assert figure_at(result, "$63 million").period is None


def test_a_sum_offered_for_information_leading_to_an_arrest_is_a_reward(nlp: Language) -> None:
    # tempeval3/train/AQUAINT/APW20000124.0182.tml
    text = (
        "A total of $650,000 is being offered in the United States for information leading to "
        "Kopp's arrest.\n"
    )
    result = run(text, "2000-01-24")
    figure = figure_at(result, "$650,000")
    assert figure.metric == "reward"
    assert figure.parties == []  # the United States is where it is offered, not who offers


def test_a_sum_shareholders_receive_is_paid_for_their_company(nlp: Language) -> None:
    # tempeval3/train/TimeBank/wsj_0751.tml
    text = (
        "Dime Savings Bank of New York was cleared by the Federal Deposit Insurance Corp. to "
        "acquire Starpointe Savings Bank of Somerset, N.J., the banks said.\n\nStarpointe "
        "holders, who approved the plan last April, will receive $21 in cash a share, or a "
        "total $63 million."
    )
    result = run(text, "1989-10-27")
    figure = figure_at(result, "$21")
    assert figure.metric == "deal_value"
    assert role_names(result, figure) == {"Starpointe Savings Bank": "target"}
