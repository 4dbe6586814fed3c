"""English word classes for line breaks: which words open a noun group, which verbs take objects.

The guides (Netflix General Requirements; BBC Subtitle Guidelines 3.4) keep an
adjective or a number with its noun, the words of a compound name or noun
group together, and a verb with a short object.  The layout knows function
words exactly (``captions.layout``); for content words it needs a guess at
the part of speech, and that guess is made here from the word alone, with no
tagger: closed lists for the frequent words, and the suffixes of English
derivation for the rest ("-ical", "-ous", "-ive" make adjectives; "-'s" a
possessive), each with its list of the common words that break the rule
("musical" is fine, "arrival" and "proposal" are nouns).

A guess only raises or lowers a cost: a word put in the wrong class makes a
break dearer or cheaper, never impossible.  The lists are short on purpose:
a word that is as often a noun or a verb as an adjective ("light", "present",
"close") is left out, because a wrong guess there costs balance for nothing.
Lower case; apostrophes as U+0027.
"""
from __future__ import annotations

from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Adjectives that do not carry an adjective suffix (or carry one that nouns
# share), and that are adjectives before a noun far more often than anything
# else.  Comparatives and superlatives of the short ones are included.
ADJECTIVES = _words("""
    able absolute actual afraid alive angry annual anxious apparent aware awful bad basic
    beautiful bitter black blind blue bold brave brief bright brilliant broad broken brown busy
    calm certain cheap chief civil clean clear clever cold common complete complex concrete
    constant cool correct costly crazy cruel current daily dangerous dark dead deadly dear
    decent deep dense different difficult direct dirty distant double dry due dull eager early
    easy elderly empty entire equal essential eternal even evil exact excellent extra extreme
    fair faithful false familiar famous fast fat favorite favourite fellow fierce fine firm fit
    flat fond foreign formal former frank free frequent fresh friendly front full funny further
    gentle genuine giant glad global golden good grand grateful grave gray great green grey
    gross guilty happy hard harsh healthy heavy high honest hot huge human humble hungry ideal
    ill illegal immediate immense important impossible innocent inner intense joint junior just
    keen key kind large last late lazy least legal legitimate less lesser likely little live
    lively local lone lonely long loose loud lovely low loyal lucky mad main major many mass
    mature mean mere middle mild minor modern modest moral more most much narrow nasty native
    near neat necessary new next nice noble normal novel odd old only open opposite ordinary
    other outer overall own pale particular past perfect permanent personal plain pleasant
    plenty polite poor popular positive possible potential precious precise pregnant present
    pretty previous primary prime prior private profound prompt proper proud pure quick quiet
    rapid rare raw ready real recent red regular remote rich right rigid rough round royal
    rude rural sad safe same scared secret secure senior separate serious severe shallow sharp
    sheer short sick significant silent silly similar simple single slight slow small smart
    smooth social soft solid sole sorry sound special specific square stable steady steep
    strange strict strong stupid subtle sudden sufficient super supreme sure sweet swift tall
    terrible thick thin tight tiny total tough tremendous true typical ugly ultimate unable
    unique unknown unusual upper urban urgent usual valid vast violent vital warm weak wealthy
    weird welcome wet white whole wide wild wise wonderful worse worst wrong young
    bigger biggest better best broader closer closest deeper deepest earlier earliest easier
    easiest fewer fewest finer finest greater greatest harder hardest healthier higher highest
    larger largest longer longest lower lowest newer newest older oldest poorer poorest richer
    richest safer safest simpler smaller smallest stronger strongest tougher toughest wealthiest
    wider younger youngest
    bipartisan fiscal federal nuclear military economic political international national
    additional further powerful imperial
    north south east west northern southern eastern western
    different important significant current recent efficient sufficient independent excellent
    permanent urgent constant distant relevant evident violent innocent decent frequent
    intelligent prominent silent consistent competent confident convenient dominant brilliant
    abundant arrogant ignorant pleasant reluctant resistant tolerant vibrant vigilant
    redundant apparent transparent equivalent imminent persistent prevalent prudent ancient
    working growing leading existing increasing rising developing emerging remaining
    continuing ongoing upcoming underlying outstanding booming founding ruling governing
    living missing changing competing aging ageing caring lasting promising amazing
    interesting exciting willing struggling sweeping compelling alarming devastating
    staggering thriving soaring
    armed balanced advanced skilled unskilled educated qualified limited unlimited detailed
    dedicated talented experienced renewed
    big future top standard average minimum maximum corporate partisan suburban lengthy bleak
    superb mighty runaway communist alien adult broad-based commonsense landmark worldwide
    nationwide statewide countrywide overseas domestic senior tiny vast prime basic mutual
    numerous various several few certain entire
    hardworking hard-working so-called long-term short-term full-time part-time well-known
    middle-class low-income high-tech""")

# Adjectives of nationality and region, written with a capital: "American /
# families" splits an adjective from its noun although only one word is capitalised.
NATIONALITIES = _words("""
    afghan african albanian algerian american arab arabic argentine argentinian armenian asian
    atlantic australian austrian baltic belgian bosnian brazilian british bulgarian canadian
    caribbean catholic chilean chinese christian colombian croatian cuban czech danish dutch
    egyptian english estonian ethiopian european filipino finnish french georgian german greek
    haitian hispanic hungarian indian indonesian iranian iraqi irish islamic israeli italian
    japanese jewish jordanian kenyan korean kurdish latin latvian lebanese libyan lithuanian
    mexican moldovan muslim nigerian nordic norwegian pacific pakistani palestinian persian
    polish portuguese romanian russian saudi scottish serbian slovak slovenian somali soviet
    spanish sudanese swedish swiss syrian taiwanese thai turkish ukrainian venezuelan
    vietnamese welsh yemeni""")

# Nouns that speech uses as the first word of a noun group far more often than
# as its last ("tax / cuts", "health / care", "school / programs").
NOUN_MODIFIERS = _words("""
    tax health security trade budget business school defense defence family income crime drug
    child energy oil gas water air job labor labour farm market consumer interest insurance
    pension retirement welfare housing college education student teacher police border
    immigration climate space science research technology community campaign war peace arms
    weapons missile terror terrorist safety transportation infrastructure stock trillion
    government state city county town village home sales price wage pay property payroll
    investment savings loan credit debt deficit spending export import manufacturing steel
    auto car coal power nuclear-weapons internet computer cyber data medicare medicaid
    veterans veteran senior citizen worker workers union court prison justice law safety
    food farmers hospital patient patients nursing disability poverty gun violence hate
    identity enforcement intelligence emergency disaster relief aid reform reforms tuition
    summit alliance region world""")

# Numbers written out; a number stays with what it counts ("29 / nations").
NUMBER_WORDS = _words("""
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen dozens hundreds thousands millions billions
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    twentieth hundredth thousandth half""")

# Object pronouns: they close the verb phrase before them ("to help / us").
OBJECT_PRONOUNS = _words("me us them him")

# Contractions ending in "'s" that are not possessives ("it's", "let's").
S_CONTRACTIONS = _words("""
    it's he's she's that's there's here's what's who's where's when's how's why's let's
    one's everyone's everybody's nobody's somebody's""")

# Adverbs that open a clause or qualify what follows ("and then / to", "only /
# to finance"): a line that ends on one after a comma leaves it dangling.
CLAUSE_ADVERBS = _words("""
    then also still even just only now so thus therefore instead perhaps maybe indeed
    again already always never often once together otherwise rather simply especially
    particularly largely mainly mostly partly""")

# Function words that open a multiword preposition with the word after them
# ("out / of", "because / of", "according / to").
COMPOUND_PREP = {
    "out": _words("of"), "because": _words("of"), "instead": _words("of"),
    "ahead": _words("of"), "regardless": _words("of"), "irrespective": _words("of"),
    "according": _words("to"), "due": _words("to"), "prior": _words("to"),
    "thanks": _words("to"), "up": _words("to"), "next": _words("to"),
    "such": _words("as"), "rather": _words("than"), "more": _words("than"),
    "less": _words("than"), "apart": _words("from"), "away": _words("from"),
}

# Verbs that are never adjectives or nouns before an object pronoun ("let /
# us"); "let" takes a subject of its own and is kept with it.
LET = _words("let")

_ADJ_SUFFIXES = ("ical", "ial", "ous", "ful", "less", "able", "ible", "ive", "ic", "ary",
                 "al", "ish", "ese")
# Common nouns (and a few verbs) that end like adjectives.
_NOT_ADJECTIVES = _words("""
    approval arrival deal festival goal interval journal manual material medal metal mineral
    pedal personnel proposal rascal referral removal renewal rental rival ritual scandal seal
    signal survival terminal trial appraisal betrayal burial denial dismissal disposal portal
    recital refusal reversal revival withdrawal arsenal canal carnival cathedral colonel dial
    heal meal steal reveal appeal crystal spiral sandal jackal offal
    cable table vegetable bible fable trouble bubble couple people syllable constable
    variable archive captive detective directive incentive initiative locomotive motive
    objective perspective representative adjective sedative narrative olive hive drive give
    live dive strive arrive derive deprive survive thrive believe receive achieve relieve
    grieve leave sleeve weave cleave
    ally anniversary boundary commentary diary dictionary dignitary emissary glossary
    itinerary january february library missionary salary secretary summary sanctuary
    adversary beneficiary luminary mercenary notary obituary rosary visionary vocabulary
    documentary burglary capillary estuary granary seminary infirmary apothecary
    clinic critic epidemic fabric logic magic mechanic music panic pandemic picnic republic
    rhetoric topic traffic arithmetic tactic relic tonic mosaic cleric heretic lunatic lyric
    mimic tunic attic comic metric ethic garlic colic frolic
    dish fish wish finish publish establish punish accomplish diminish cherish nourish
    abolish demolish relish vanquish banish tarnish embellish furnish famish replenish
    astonish blemish brandish languish perish radish rubbish skirmish
    cheese geese""")


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’«»„‚()[]{}").lower().replace("’", "'")


@lru_cache(maxsize=1 << 15)
def is_adjective(word: str) -> bool:
    """A word that, before another content word, is most likely an adjective."""
    w = _bare(word)
    if not w.isascii() or not w.replace("-", "").isalpha():
        return False
    if w in ADJECTIVES or w in NATIONALITIES:
        return True
    if w in _NOT_ADJECTIVES or len(w) < 5:
        return False
    if "-" in w.strip("-"):
        return True     # "air-defense", "hard-earned", "so-called": compound modifiers
    if w.startswith("un") and len(w) > 6 and not w.startswith(("under", "union", "unit", "univers")) \
            and (w.endswith(("ed", "ing")) or is_adjective(w[2:])):
        return True     # "unprecedented", "unfinished", "unfair"
    return w.endswith(_ADJ_SUFFIXES) and not w.endswith(("ents", "ants"))


@lru_cache(maxsize=1 << 15)
def is_number(word: str) -> bool:
    """Digits ("1949", "$47", "75th", "3.5%") or a number written out."""
    w = _bare(word).lstrip("$£€")
    return bool(w) and (w[0].isdigit() or w in NUMBER_WORDS)


def is_possessive(word: str) -> bool:
    """ "America's", "workers'": a possessive opens the noun group after it."""
    w = word.strip("\"“”«»()[]{}").lower().replace("’", "'").rstrip(",.;:!?")
    return (w.endswith("'s") and w not in S_CONTRACTIONS and len(w) > 3) or \
        (w.endswith("s'") and len(w) > 3)


def opens_noun_group(word: str) -> bool:
    """A word that is usually followed by the rest of its noun group."""
    w = _bare(word)
    return is_adjective(word) or is_number(word) or is_possessive(word) or w in NOUN_MODIFIERS


# Verbs that take an object, in their base form: the 300 or so that speech uses
# most.  Their inflected forms come from the spelling rules below (and the
# irregular pasts listed), so "gives", "giving", "gave" and "given" are known.
VERBS = _words("""
    accept achieve acquire add address admit adopt advance affect afford allow announce answer
    appoint approve arm arrest ask assure attack attract avoid back ban bear beat become begin
    believe bless blame block boost borrow break bring build burn buy call cancel carry catch
    cause celebrate change charge choose claim clean close combat commit complete confirm
    confront connect consider contain continue control convince cost count cover create cross
    cure cut deal debate decide declare defeat defend deliver demand deny deploy deserve design
    destroy determine develop direct discover discuss do double draw drive drop earn ease eliminate
    embrace employ enact encourage end endorse enforce enjoy ensure enter establish examine
    expand expect explain export extend face fight fill finance find finish fix follow forget
    form free freeze fulfill fulfil fund gain get give grant grow guarantee halt handle have
    hear help hire hit hold honor honour hope host hurt identify ignore implement import improve
    include increase inspire invest invite join justify keep kill know launch lead learn leave
    lend let lift limit lose love lower maintain make manage mark meet mobilize mobilise modernize
    modernise move need negotiate offer open oppose order overcome owe pass pay permit pick place
    plan plant play pledge prepare present preserve prevent produce promise promote propose
    protect prove provide pull punish purchase pursue push put raise reach read receive recognize
    recognise recover reduce reform reject release remember remind remove renew repair repeal
    replace report represent require rescue reserve resolve respect restore retain return reveal
    reward run save say secure see seek seize sell send serve set settle share show sign solve
    spend spread stand start stop strengthen strike study submit suffer support surround sustain
    take target teach tell thank threaten touch trade train transform treat triple trust try turn
    understand unite urge use value veto visit wage want waste watch welcome win withdraw work
    write""")

_IRREGULAR = _words("""
    ate beaten became begun bore born borne bought brought broke broken built burnt caught chose
    chosen came did done drew drawn drove driven ate fed felt fought found forgot forgotten froze
    frozen gave given got gotten grew grown had heard held hit hurt kept knew known laid led left
    lent lost made meant met overcame paid put ran read said saw seen sought sold sent set shown
    shut spent spread stood struck taken took taught told thought threw thrown understood won
    withdrew withdrawn wrote written""")


def _inflections(base: str) -> tuple[str, ...]:
    """The regular -s, -ed and -ing forms of a verb (spelling rules of English)."""
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        ed, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        ed, ing = base[:-1] + "ied", base + "ing"
    elif len(base) <= 4 and base[-1] not in "aeiouwxy" and base[-2:-1] in "aeiou" \
            and base[-3:-2] not in "aeiou":
        ed, ing = base + base[-1] + "ed", base + base[-1] + "ing"   # "cut", "stop", "plan"
    else:
        ed, ing = base + "ed", base + "ing"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        s = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        s = base[:-1] + "ies"
    else:
        s = base + "s"
    return base, s, ed, ing


VERB_FORMS = frozenset(f for v in VERBS for f in _inflections(v)) | _IRREGULAR

# Verbs that take a person as their object: "you" after them is the object
# ("thank / you", "ask / you to"), not the subject of what follows.
PERSON_VERBS = _words("""
    thank thanks thanked ask asks asked tell tells told urge urges urged give gives gave
    invite invited join joined challenge challenged remind reminded assure assured promise
    promised owe help helps helped let send sent bring brought offer offered show showed
    call called serve served""")

# Adverbs of degree: they stay with the adjective or number after them
# ("very / important", "nearly / 40 percent").
DEGREE_ADVERBS = _words("""
    very too quite extremely highly increasingly fully truly deeply nearly almost roughly
    approximately barely entirely completely equally especially particularly
    incredibly remarkably relatively fairly""")
