"""Where a line may not break, per language: the words that bind to a neighbour.

Netflix General Requirements (line treatment) for every language: break after
punctuation, before conjunctions and prepositions; never separate an article,
a preposition or a conjunction from what follows it.  Each list below holds
the short, frequent function words of one language that open a phrase
(``FORWARD``: they stay with the word after them) and, where the language has
them as separate words, the particles, postpositions and clitics that close
one (``BACKWARD``: they stay with the word before them).

Lists are deliberately short and unambiguous: a word that as often ends a
phrase as it opens one (English "that", Czech "se", Greek "του") is left out,
because a wrong "never" here forces worse breaks elsewhere.  Sources: the
grammar of each language (articles, prepositions, conjunctions, clitics as any
grammar lists them); English and Ukrainian as the project has used them since
issue 1 (caption-rules.md).  Lower case; apostrophes as U+0027.
"""
from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English: the generator's full lists live in captions.layout (articles,
# prepositions, conjunctions, pronouns, auxiliaries); this is what the rules
# table exposes for English.
EN_FORWARD = _words(
    "a an the this these those my your his her its our their some any every each no "
    "of in on at to for with from by about into onto over under between among through "
    "during after before against without within across along around behind beyond upon "
    "toward towards until via per like than despite including "
    "and or but nor yet because although though if when while whereas unless whether")

FORWARD: dict[str, frozenset[str]] = {
    "en": EN_FORWARD,
    # Cyrillic
    "uk": _words("в у з із зі на до від за по о об і й та а але що як не ні"),
    "ru": _words("в во на с со к ко у о об обо от до по за из под над при про без для "
                 "через и а но или что чтобы как не ни"),
    "bg": _words("в във на с със към до от за по при през без под над и а но или че да "
                 "не ще"),
    "ky": _words("жана же бир"),
    # Greek
    "el": _words("ο η το οι τα των τον την ένας μια ένα σε στο στη στην στον στα στους "
                 "στις από με για προς χωρίς και ή αλλά ότι να θα δεν μην"),
    # Latin script, Romance
    "es": _words("el la los las un una unos unas lo al del de en a con por para sin sobre "
                 "entre hacia desde hasta y e o u ni pero que si como cuando no se me te "
                 "nos le les"),
    "pt": _words("o a os as um uma uns umas de do da dos das em no na nos nas ao à aos às "
                 "por pelo pela para com sem sobre entre e ou mas que se como quando não"),
    "fr": _words("le la les l' un une des du au aux de d' à en dans sur sous avec pour "
                 "par sans chez vers entre et ou mais que qu' si comme quand ne n' se s' "
                 "je j' il elle nous vous ils elles on"),
    "it": _words("il lo la i gli le un uno una l' di del dello della dei degli delle a al "
                 "allo alla ai agli alle da dal dalla in nel nello nella con su sul sulla "
                 "per tra fra e o ma che se come quando non"),
    "ca": _words("el la els les un una uns unes l' de del dels d' a al als en amb per "
                 "sense sobre entre i o però que si com quan no"),
    "gl": _words("o a os as un unha de do da dos das en no na nos nas ao á aos ás por "
                 "polo pola para con sen sobre entre e ou pero que se como cando non"),
    "ro": _words("un o niște al ai ale de la cu în pe din pentru fără despre prin și sau "
                 "dar că dacă când nu să"),
    # Latin script, Germanic
    "de": _words("der die das den dem des ein eine einen einem einer eines in im an am "
                 "auf aus bei beim mit nach von vom zu zum zur für über unter vor hinter "
                 "neben zwischen durch gegen ohne um und oder aber denn dass ob wenn weil "
                 "als wie"),
    "nl": _words("de het een van in op aan bij met naar voor uit over onder door tot om "
                 "en of maar dat als want omdat"),
    "sv": _words("en ett den det de i på av till för med från under över vid hos och "
                 "eller men att som när"),
    "da": _words("en et den det de i på af til for med fra under over ved hos og eller "
                 "men at som når"),
    "nb": _words("en ei et den det de i på av til for med fra under over ved hos og eller "
                 "men at som når"),
    # Latin script, West and South Slavic, Baltic
    "pl": _words("w we na z ze do od po za o u przy dla bez przez pod nad przed i a ale "
                 "lub czy że żeby jak nie"),
    "cs": _words("v ve na z ze k ke u o od do po za pro při pod nad před bez a i ale "
                 "nebo že aby jak ne"),
    "sk": _words("v vo na s so z zo k ku u o od do po za pre pri pod nad pred bez a i "
                 "ale alebo že aby ako nie"),
    "sl": _words("v na s z k h o od do po za pri pod nad pred brez in ali a pa da ki ne"),
    "lt": _words("ir ar bet kad kaip jog į iš su be apie per po prie nuo už dėl pas tarp "
                 "prieš ne"),
    "lv": _words("ar bez no uz par pie pēc līdz pret starp caur un vai bet ka lai ne"),
    # Latin script, others
    "et": _words("ja või aga et kui ning ega"),
    "fi": _words("ja tai mutta että kun jos sekä eli"),
    "hu": _words("a az egy és vagy de hogy ha mint nem"),
    "tr": _words("ve veya ama fakat ancak ile bir"),
    "az": _words("və amma ya yaxud ki bir"),
    "sq": _words("në me nga për pa mbi te tek dhe ose por që të"),
    "eu": _words("eta edo baina ez"),
    "ga": _words("an na ag ar as de do faoi go i le ó roimh trí um idir agus nó ach gur má "
                 "nuair ní níor"),
    "eo": _words("la de en al el kun por pri sur sub ĝis per sen tra kaj aŭ sed ke se ne"),
    "id": _words("dan atau tetapi tapi yang di ke dari untuk dengan pada dalam bahwa oleh "
                 "para sang si"),
    "ms": _words("dan atau tetapi yang di ke dari untuk dengan pada dalam bahawa oleh para "
                 "sang si"),
    "tl": _words("ang ng sa mga at si ni kay ay"),
    "vi": _words("và hoặc nhưng của trong với cho từ để các những một không"),
    # Right to left
    "ar": _words("في من إلى على عن مع أن إن لا لم لن ما أو ثم حتى لكن بل قد"),
    "fa": _words("از به با در برای تا که و یا اما نه"),
    "ur": _words("اور یا لیکن کہ نہ"),
    "he": _words("של את על עם אל מן כי אם או גם אבל לא"),
    # Indic
    "hi": _words("और या लेकिन कि न नहीं"),
    "bn": _words("এবং ও কিন্তু বা যে না"),
    # Thai (words found by the segmenter)
    "th": _words("และ หรือ แต่ ที่ ของ ใน กับ จาก เพื่อ โดย ว่า"),
    # Chinese (words found by the segmenter)
    "zh": _words("和 与 及 或 而 但 但是 并 并且 以及 因为 所以 如果 虽然 对 把 被 在 从 向 给 为 跟 于"),
    "zt": _words("和 與 及 或 而 但 但是 並 並且 以及 因為 所以 如果 雖然 對 把 被 在 從 向 給 為 跟 於"),
    # Korean: separate conjunction words; particles are suffixes
    "ko": _words("및 또는 그리고 그러나"),
}
FORWARD["pb"] = FORWARD["pt"]

BACKWARD: dict[str, frozenset[str]] = {
    "uk": _words("ж же б би"),
    "ru": _words("же ж ли бы б"),
    "bg": _words("ли"),
    "ky": _words("үчүн менен"),
    "tr": _words("için gibi kadar göre mi mı mu mü de da"),
    "az": _words("üçün ilə kimi qədər mi mı mu mü da də"),
    "hu": _words("után előtt alatt között mellett szerint számára"),
    "et": _words("järel kohta poolt jaoks"),
    "fa": _words("را"),
    "ur": _words("کا کی کے کو نے میں سے پر تک"),
    "hi": _words("का की के को ने में से पर तक ही भी"),
    "bn": _words("থেকে জন্য সাথে দিয়ে"),
    "th": _words("ครับ ค่ะ คะ นะ จ้ะ"),
    "zh": _words("的 了 吗 呢 吧 啊 着 过 地 得 们 等"),
    "zt": _words("的 了 嗎 呢 吧 啊 著 過 地 得 們 等"),
    "ko": _words("수 것 때 등 중"),
}

# Characters that Chinese uses to transliterate foreign names (the Xinhua
# transliteration tables use a few hundred; these are the most frequent).  A
# segmenter often cuts an unknown name such as 斯托尔滕贝格 into 斯托尔 / 滕 / 贝格:
# two neighbouring pieces made only of these characters are kept together,
# as a first name and a last name are in English.
ZH_NAME_CHARS = frozenset(
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕波伯博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法凡范菲费芬"
    "丰弗福盖甘冈戈格贡古瓜圭哈海汉豪赫亨洪胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎昆拉莱赖兰"
    "朗劳勒雷蕾里利莉连林琳隆娄卢鲁伦罗洛马迈麦曼芒梅门蒙米敏明姆莫穆纳奈南内尼宁纽努诺欧帕潘佩"
    "彭皮珀普齐奇恰乔切琴丘萨塞森沙莎尚舍什施舒斯松苏索塔泰坦汤唐特滕提廷图托瓦万威韦维温沃乌伍"
    "西希锡谢辛休修雅亚延扬耶伊因英尤于约扎詹泽兹佐")
ZT_NAME_CHARS = frozenset(
    "阿埃艾愛安昂奧巴拜班邦保鮑貝本比彼畢波伯博布查達戴丹道德登迪蒂丁東杜敦多厄恩爾法凡範菲費芬"
    "豐弗福蓋甘岡戈格貢古瓜圭哈海漢豪赫亨洪胡華霍基吉加賈傑金卡凱坎康考柯科克肯庫誇奎昆拉萊賴蘭"
    "朗勞勒雷蕾里利莉連林琳隆婁盧魯倫羅洛馬邁麥曼芒梅門蒙米敏明姆莫穆納奈南內尼寧紐努諾歐帕潘佩"
    "彭皮珀普齊奇恰喬切琴丘薩塞森沙莎尚舍什施舒斯松蘇索塔泰坦湯唐特滕提廷圖托瓦萬威韋維溫沃烏伍"
    "西希錫謝辛休修雅亞延揚耶伊因英尤于約扎詹澤茲佐")
