"""Ordinary words that must never be fuzzy-matched to a name ("model" is not a model's name).

Built from bm25s's English stop words (a maintained list) plus the words people use when asking
about firms, models and markets.
"""

from bm25s.stopwords import STOPWORDS_EN

DOMAIN_WORDS = """
has have had having anyone anybody someone somebody everyone everybody
relationship relationships relation relations connection connections link links ties tie involvement between
each other others another
ai artificial intelligence chinese china china's us u.s american america global world
company companies firm firms startup startups lab labs business industry sector market markets
stock stocks share shares price prices rise rose risen fall fell fallen drop dropped gain gained
gains jump jumped surge surged slump slumped rally up down move moved moves percent percentage
model models release released releases launch launched open source weights weight llm llms
what which who whom whose where when why how many much does did do is are was were will can
could should would tell about info information compare versus against than think thinks say
says said believe believes view views opinion chance chances overtake overtaking lead leading
maker makes made make build built develop developed developer developers team teams created
create owner owns owned acquire acquired acquisition bought buy purchase ipo listing listed
public policy government plan plans strategy strategies challenge challenges problem problems
chip chips capital talent latest recent news new week today year years month months
specialised specialized specialise specialize special good best better worse worst top
generate generates generating capable capability capabilities able support supports
people person ceo founder scientist chief head work works working job role employer
me my i we our you your they them their it its please tell give show explain describe know
anything something everything overview summary profile details detail info about thing things
likely likelihood probability odds chance
happen happened happening going doing done perform performed performance performing change changed
changes status update updates current currently now lately recently since after before yesterday
amount exactly far lot lots big small large huge actually also still already ever every get got
been being go went look looking looks seem seems kind sort type main key major
""".split()

COMMON_WORDS = frozenset(w.casefold() for w in STOPWORDS_EN) | frozenset(DOMAIN_WORDS)
