"""Named line patterns, one tuple per boilerplate family: the data behind the pattern filters.

Each :class:`~newsclean.filters.base.LinePattern` matches a whole stripped line.
Patterns are written for the ``regex`` module with possessive quantifiers and
atomic groups where a run could otherwise backtrack, so that each runs in time
linear in its line. The building blocks they share (numbers, dates, agencies, names)
are in :mod:`newsclean.filters.pattern_parts`.
"""

from __future__ import annotations

from newsclean.filters.base import LinePattern
from newsclean.filters.pattern_parts import (
    AGENCY,
    ARROW,
    DATETIME,
    MOVE,
    NUMBER,
    PERCENT,
    PERSON,
    QUOTE_ITEM,
    SYMBOL,
    TIME,
)
from newsclean.reasons import Reason


def _words(text: str) -> tuple[str, ...]:
    """A pattern's keywords written as one string, space-separated (a long tuple of words is a column of lines)."""
    return tuple(text.split())


# --- families --------------------------------------------------------------

TICKER = (
    LinePattern(
        "quote_row",
        Reason.TICKER,
        # SYMBOL [SYMBOL...] then two or more quote items (price, change, percent, arrow, move word)
        # of which at least one is a percent, an arrow or a move word.
        rf"(?={SYMBOL}(?:\h++{SYMBOL}){{0,4}}+\h++(?:\S++\h++)*?(?:{PERCENT}|{ARROW}|{MOVE})(?:\h|$))"
        rf"{SYMBOL}(?:\h++{SYMBOL}){{0,4}}+(?:\h++{QUOTE_ITEM}){{2,8}}+",
        # a percent, an arrow or a move word ("no change", "unchanged": "change"; "pts": "pt")
        keywords=(
            "%",
            *ARROW[1:-1],
            "increased",
            "decreased",
            "up",
            "down",
            "rose",
            "fell",
            "change",
            "pt",
            "point",
        ),
    ),
    LinePattern(
        "price_row",
        Reason.TICKER,
        # EUR/USD 1.0856 / USD/PKR 278.50 / Gold $1,950.30
        rf"(?:[A-Z]{{3}}/[A-Z]{{3}}|(?i:gold|silver|brent|wti|crude|oil|bitcoin|btc|eth))\h++{NUMBER}"
        rf"(?:\h++{QUOTE_ITEM}){{0,4}}+",
        keywords=("/", "gold", "silver", "brent", "wti", "crude", "oil", "bitcoin", "btc", "eth"),
    ),
    LinePattern(
        "currency_pair",
        Reason.TICKER,
        r"(?i:(?:us\h)?dollar|euro|pound|yen|riyal|dirham|rupee)\h++to\h++[A-Z]{3}(?:\h++" + NUMBER + ")?",
        keywords=("dollar", "euro", "pound", "yen", "riyal", "dirham", "rupee"),
    ),
    LinePattern(
        "market_label",
        Reason.TICKER,
        r"(?i:markets?(?:\h++data)?|stocks?|indices|currenc(?:y|ies)|commodities|market\h++(?:watch|summary|movers)"
        r"|top\h++(?:gainers|losers)|gainers|losers|most\h++active|live\h++quotes?|stock\h++quotes?)",
        keywords=_words("market stock indices currenc commodities gainers losers active quote"),
    ),
)

NAVIGATION = (
    LinePattern(
        "separated_menu",
        Reason.NAVIGATION,
        # three or more short items between ► | » › • · > / separators, or a line ending in a separator
        r"(?:[^\n►|»›•·▸▶>/]{1,40}+\h*+[►|»›•·▸▶>]\h*+){2,}+[^\n►|»›•·▸▶>/]{0,40}+"
        r"|(?:[^\n►|»›•·▸▶]{1,60}+\h*+[►»›•▸▶]\h*+)++",
        keywords=("►", "|", "»", "›", "•", "·", "▸", "▶", ">"),  # a separator
    ),
    LinePattern(
        "slash_menu",
        Reason.NAVIGATION,
        r"(?:[\p{L}&'’.\-]++(?:\h[\p{L}&'’.\-]++){0,2}+\h++/\h++){2,}+[\p{L}&'’.\-]++(?:\h[\p{L}&'’.\-]++){0,2}+",
        keywords=("/",),
    ),
    LinePattern(
        "skip_link",
        Reason.NAVIGATION,
        r"(?i:skip\h++to\h++(?:main\h++)?(?:content|navigation|search|footer)(?:skip\h.{0,40}?)?"
        r"|jump\h++to\h++(?:navigation|content|main\h++content)|toggle\h++(?:navigation|menu|search)"
        r"|(?:main\h++)?menu|close\h++menu|open\h++menu|search|search\h++for:?|sections|navigation|home(?:page)?"
        r"|back\h++to\h++top|go\h++to\h++top|scroll\h++to\h++top|sign\h++in|log\h++in|login|log\h++out|register"
        r"|sign\h++up|my\h++account|subscribe(?:\h*+sign\h++in)?|e-?paper|print\h++edition|today'?’?s\h++paper"
        r"|all\h++sections|more\h++sections|close|x|×)",
        # "x" and "×" alone: at most one word
        keywords=_words(
            "skip jump toggle menu search section navigation home top sign log register account subscribe paper edition close"
        ),
        max_words=1,
    ),
    LinePattern(
        "logo_caption", Reason.NAVIGATION, r"(?i:[\p{L}\p{N}.'’& \-]{1,40}?\h++logo|logo)", keywords=("logo",)
    ),
    LinePattern(
        "edition_switch",
        Reason.NAVIGATION,
        r"(?i:(?:international|us|u\.s\.|uk|u\.k\.|asia|europe|india|africa|english|global|print)\h++edition"
        r"|switch\h++edition|change\h++edition|edition:?\h++\p{L}{2,20}+|select\h++(?:language|edition|region))",
        keywords=("edition", "select"),
    ),
    LinePattern("list_bullet", Reason.NAVIGATION, r"[*+•·\-–—]++", max_words=0),  # no word at all
    LinePattern(
        "copyright",
        Reason.NAVIGATION,
        r"(?i:(?:©|\(c\)|copyright)\h*+(?:©\h*+)?\d{0,4}+.{0,120}?|all\h++rights\h++reserved\.?+"
        r"|this\h++(?:document|material|article|story|content)\h++(?:is\h++subject\h++to\h++copyright"
        r"|may\h++not\h++be\h++(?:published|reproduced|copied|republished|redistributed)).{0,300}+"
        r"|(?:privacy\h++policy|terms\h++(?:of\h++(?:use|service)|&\h++conditions)|contact\h++us|about\h++us"
        r"|advertise(?:\h++with\h++us)?|careers|sitemap|site\h++map|help|faqs?|accessibility)"
        r"(?:\h*+[|•·]?\h*+(?:privacy\h++policy|terms\h++of\h++(?:use|service)|contact\h++us|about\h++us"
        r"|advertise(?:\h++with\h++us)?|careers|sitemap|help|faqs?|accessibility))*+)",
        keywords=_words(
            "© (c) copyright rights may privacy terms contact about advertise career site help faq accessibility"
        ),
    ),
)

DATES = (
    LinePattern(
        "date_only",
        Reason.DATE_LINE,
        rf"(?i:(?:published|updated|posted|last\h++updated|modified|first\h++published)(?:\h++on)?:?\h++)?"
        rf"{DATETIME}(?:\h*+[|•·,]?\h*+(?i:updated|last\h++updated):?\h++{DATETIME})?",
    ),
    LinePattern(
        "time_only", Reason.DATE_LINE, rf"{TIME}|(?i:\d{{1,2}}\h++(?:min(?:ute)?s?|hours?|hrs?|days?)\h++ago)"
    ),
)

BYLINES = (
    LinePattern(
        "agency_published",
        Reason.BYLINE,
        rf"(?:(?:{AGENCY}|(?i:by\h++)?{PERSON})(?:\h*+(?:[|,|/]|and)\h*+(?:{AGENCY}|{PERSON}))*+\h++)?"
        rf"(?i:published|updated|posted)(?:\h++on)?:?\h++{DATETIME}(?:\h*+[|,]?\h*+(?i:updated):?\h++{DATETIME})?",
        keywords=("published", "updated", "posted"),
    ),
    LinePattern(
        "by_person",
        Reason.BYLINE,
        rf"(?i:by|written\h++by|words\h++by|story\h++by|reporting\h++by|von|por|par)(?:\h*+:\h*+|\h++)(?:{PERSON}|{AGENCY})"
        rf"(?:\h*+(?:,|and|&)\h*+{PERSON})*+(?:\h*+[,|/\-–—]\h*+(?:{AGENCY}|[\p{{L}}\h.'’]{{1,40}}?))?"
        rf"(?:\h*+[,|]?\h*+{DATETIME})?",
        keywords=("by", "von", "por", "par"),
    ),
    LinePattern("agency_alone", Reason.BYLINE, rf"{AGENCY}(?:\h*+[/|,]\h*+{AGENCY})*+"),
    LinePattern(
        "author_role",
        Reason.BYLINE,
        r"(?i:(?:staff|senior|chief|special|foreign|political|business|economics?|sports?|news)\h++"
        r"(?:writer|reporter|correspondent|editor)|opinion\h++columnist|contributing\h++(?:writer|editor)"
        r"|(?:our|a)\h++(?:staff\h++)?correspondent|reporter|correspondent|columnist)"
        r"|(?:\p{Lu}[\p{L}'’\-]*+\h++){1,3}+(?i:correspondent|reporter|editor|writer|columnist|contributor)",
        keywords=("writer", "reporter", "correspondent", "editor", "columnist", "contributor"),
    ),
)

CREDITS = (
    LinePattern(
        "gallery_counter",
        Reason.PHOTO_CREDIT,
        # Image 3 of 5 / Photo 2/12 / Bild 1 von 8
        r"(?i:(?:image|photo|picture|slide|foto|bild|imagem|imagen)s?\h++\d{1,3}+\h*+(?:of|/|von|de|di|sur)\h*+\d{1,3}+)",
        keywords=("image", "photo", "picture", "slide", "foto", "bild"),
    ),
    LinePattern(
        "photo_credit",
        Reason.PHOTO_CREDIT,
        r"(?i:photos?|images?|pictures?|pics?|photograph|illustration|graphic|video|file\h++photo|credits?"
        r"|photo\h++credits?|image\h++credits?|source|courtesy)\h*+(?:by)?\h*+[:/|\-–—]?\h*+.{1,80}?"
        r"(?<=[\p{L}\p{N})])"
        r"(?<=(?i:afp|reuters|ap|getty\h++images|epa|shutterstock|file|supplied|handout|x|twitter|instagram"
        r"|facebook|youtube|screengrab|screenshot|\p{Lu}[\p{L}.'’\-]++(?:\h++\p{Lu}[\p{L}.'’\-]++){0,3}+"
        r"|\)))",
        keywords=_words("photo image pic illustration graphic video credit source courtesy"),
    ),
    LinePattern(
        "caption_credit",
        Reason.PHOTO_CREDIT,
        # a caption that ends in its credit: "A gas hob burns in a kitchen. Picture: PA"
        r".{1,300}?[.!?)]\h++(?i:photo(?:graph)?|image|picture|pic|illustration|video|credit|source)s?\h*+"
        r"(?i:by\h++)?[:|/]\h*+[^:\n]{1,60}+(?<![.!?])",
        keywords=("photo", "image", "pic", "illustration", "video", "credit", "source"),
    ),
    LinePattern(
        "caption_credit_parenthesised",
        Reason.PHOTO_CREDIT,
        # a caption that ends in its credit in brackets: "Crowds in the square (Image: Getty)", "(Photo by
        # Jane Doe/Agency)", "Die Altstadt (Foto: dpa)", "... (AP Photo/Jane Doe, File)", "... (Jane Doe/Reuters)"
        r"[^\n]{0,400}?\(\h*+(?:(?i:photo(?:graph)?|image|picture|pic|illustration|video|credit|foto|bild|imagem"
        rf"|imagen|crédito)s?\h*+(?:(?i:by|von|por|di|de|par)\h++|[:|/]\h*+)[^()\n]{{1,80}}+|{AGENCY}(?:\h++(?i:photo))?"
        rf"(?:\h*+/\h*+[^()\n]{{1,80}}+)?|{PERSON}\h*+/\h*+{AGENCY})\)",
        keywords=("(",),
    ),
    LinePattern(
        "labelled_caption",
        Reason.PHOTO_CREDIT,
        # "Image caption The minister at the summit", "Media caption Who is ...?", "Image copyright @handle"
        r"(?i:image|photo|picture|media|video)\h++(?i:caption|copyright)(?:\h*+:)?\h++[^\n]{1,300}+",
        keywords=("caption", "copyright"),
    ),
    LinePattern(
        "credit_tail",
        Reason.PHOTO_CREDIT,
        r".{0,200}?(?i:credit(?:s)?(?:\.\.\.|:|…))\h*+.{1,80}?",
        keywords=("credit",),
    ),
    LinePattern(
        "agency_photo",
        Reason.PHOTO_CREDIT,
        rf"(?:{AGENCY}\h*+/\h*+)?(?:{AGENCY}|{PERSON})\h*+/\h*+(?:{AGENCY}|(?i:file(?:\h++photo)?|getty\h++images"
        r"|via\h++getty\h++images|handout))",
        keywords=("/",),
    ),
)

SHARE = (
    LinePattern(
        "share_buttons",
        Reason.SHARE_BAR,
        r"(?i:(?:share(?:\h++(?:this|the)(?:\h++(?:article|story|page|post))?)?(?:\h++(?:on|via))?|tweet|email|e-mail|print"
        r"|whatsapp|facebook|twitter|x|linkedin|pinterest|reddit|telegram|messenger|flipboard|tumblr"
        r"|copy\h++(?:link|url)|copied|link\h++copied|save|bookmark|gift\h++(?:this\h++)?article|listen"
        r"|listen\h++to\h++(?:this\h++)?article|text\h++size|a\+?|a-|font\h++size|share\h++via)"
        r"(?:\h*+[|•·,]?\h*+(?:share|tweet|email|e-mail|print|whatsapp|facebook|twitter|x|linkedin|pinterest"
        r"|reddit|telegram|messenger|flipboard|tumblr|copy\h++(?:link|url)|save|bookmark|comments?))*+:?)",
    ),
)

COMMENTS = (
    LinePattern(
        "comments_header",
        Reason.COMMENTS,
        r"(?i:comments?|\d++\h++comments?|comments?\h*+\(\d++\)|reader\h++comments)",
        keywords=("comment",),
    ),
    LinePattern(
        "character_counter",
        Reason.COMMENTS,
        r"(?i:\d++\h++characters?(?:\h++(?:left|remaining))?)",
        keywords=("character",),
    ),
    LinePattern(
        "comment_count",
        Reason.COMMENTS,
        r"(?:[*+]\h++)?(?i:\d++\h++(?:comments?|responses?|replies|reply|thoughts|reactions?)"
        r"(?:\h++(?:to|on)\h++.{1,200}?)?)",
        keywords=("comment", "response", "repl", "thought", "reaction"),
    ),
    LinePattern(
        "comment_author",
        Reason.COMMENTS,
        # guard: the line ends with "said:"/"says:"/"wrote:" (checked in one cheap scan)
        r"(?=[^\n]{4,200}+(?<=(?i:said|says|wrote)\h*+:))"
        r"(?:(?:[*+]\h++|\d++\.\h++)[^\n]{1,60}?\h++(?i:says|said|wrote)\h*+:"
        r"|(?:[*+]\h++|\d++\.\h++)?[^\n]{1,100}?\h++(?i:on|at)\h++[^\n]{0,40}?\d{1,2}:\d{2}\h*+(?i:[ap]\.?m\.?)?"
        r"\h++(?i:said|says|wrote)\h*+:)",
        keywords=(":",),  # "... said:", "... wrote:"
    ),
    LinePattern(
        "comment_votes",
        Reason.COMMENTS,
        r"(?i:rating:\h*+[+\-]?\d++\h++votes?|\d++\h++(?:up|down)?votes?)",
        keywords=("vote",),
    ),
    LinePattern(
        "comment_form",
        Reason.COMMENTS,
        r"(?i:(?:leave|post|add|write|submit)\h++(?:a|your)\h++(?:comment|reply|response)\.?|leave\h++a\h++reply"
        r"|cancel\h++reply|reply|post\h++comment|submit|be\h++the\h++first\h++to\h++comment\.?"
        r"|(?:show|view|hide|load|see)\h++(?:all\h++)?(?:\d++\h++)?comments?|join\h++the\h++(?:conversation|discussion)"
        r"|comments\h++are\h++closed\.?|comments\h++have\h++been\h++(?:closed|disabled)\.?|no\h++comments(?:\h++yet)?\.?"
        r"|(?:you\h++must\h++be\h++)?(?:sign(?:ed)?|log(?:ged)?)\h++in\h++to\h++(?:comment|post\h++a\h++comment|reply)\.?"
        r"|your\h++email\h++address\h++will\h++not\h++be\h++published\.?.{0,80}?|required\h++fields\h++are\h++marked.{0,10}?"
        r"|comment\h++policy|community\h++guidelines|report\h++(?:this\h++)?comment|(?:\d++\h++)?(?:likes?|replies)"
        r"|name\h*+\*?|email\h*+\*?|website|comment\h*+\*?|notify\h++me\h++of\h++.{1,60}?)",
        # "reply" and "replies": "repl"; "e-mail": "mail"
        keywords=_words(
            "comment repl response submit conversation discussion mail required guidelines like name website notify"
        ),
    ),
)

RELATED_HEADERS = (
    LinePattern(
        "related_header",
        Reason.RELATED_LIST,
        r"(?i:related(?:\h++(?:articles?|stories|news|posts?|coverage|content|links?|reading|topics?))?:?"
        r"|(?:more|latest)\h++(?:from|on|in|stories|news|articles|coverage)(?:\h++[\p{L}\p{N}&'’.\- ]{1,40}+)?:?"
        r"|(?:you|we\h++think\h++you)\h++(?:may|might|will|would)\h++(?:also\h++)?(?:like|enjoy|be\h++interested\h++in):?"
        r"|recommended(?:\h++(?:for\h++you|stories|articles|reading))?:?|most\h++(?:read|popular|viewed|shared|commented)"
        r"(?:\h++(?:stories|articles|news|today|this\h++week|(?:in|on|from)\h++[\p{L}\p{N}&'’.\- ]{1,40}+))?:?|trending(?:\h++(?:now|stories|news|topics))?:?"
        r"|top\h++(?:stories|news|headlines)|don['’]?t\h++miss:?|also\h++(?:read|see|watch):?|read\h++(?:next|also):?"
        r"|editor['’]?s\h++(?:picks?|choice)|in\h++other\h++news|further\h++reading|what\h++to\h++read\h++next"
        r"|latest(?:\h++(?:news|stories|headlines|updates))?|popular(?:\h++(?:now|stories))?|more\h++to\h++(?:read|explore)"
        r"|(?:more\h++)?stories\h++(?:you\h++may\h++have\h++missed|for\h++you)|around\h++the\h++web|from\h++around\h++the\h++web"
        r"|sponsored\h++(?:stories|content|links)|promoted\h++(?:stories|content|links)|watch\h++next|up\h++next|next\h++article"
        r"|explore\h++further|(?:other|more)\h++(?:news|stories|articles)\h++(?:in|from)\h++this\h++(?:section|category)"
        r"|all\h++(?:news|stories))",
    ),
)

RELATED_FOOTERS = (
    LinePattern(
        "read_more_footer",
        Reason.RELATED_LIST,
        r"(?i:(?:read|see|view|show|load|browse)\h++(?:more|all)(?:\h++(?:stories|news|articles|headlines|posts"
        r"|from\h++[\p{L}\p{N}&'’.\- ]{1,40}+))?(?:\h*+[›»>→]|\.\.\.|…)?)",
    ),
)

INLINE_RELATED = (
    LinePattern(
        "read_more_link",
        Reason.RELATED_LINK,
        r"(?i:(?:also\h++)?read(?:\h++(?:more|also|next))?|see\h++also|related|more|watch|listen|recommended"
        r"|must\h++read|don['’]?t\h++miss)\h*+[:|\-–—»›>]\h*+.{3,200}?",
    ),
)

PROMPTS = (
    LinePattern(
        "newsletter",
        Reason.NEWSLETTER,
        r"(?i:.{0,80}?(?:sign\h*+up|subscribe|register|join)\h++(?:now\h++)?(?:to|for)\h++(?:our|the|my)\h++"
        r".{0,60}?(?:newsletters?|bulletin|briefing|digest|emails?|inbox).{0,80}?"
        r"|.{0,40}?newsletters?(?:\h++sign\h*+up)?:?|get\h++(?:our|the)\h++.{0,40}?(?:newsletter|briefing).{0,80}?"
        r"|.{0,60}?delivered\h++(?:straight\h++|directly\h++)?to\h++your\h++inbox.{0,60}?"
        r"|enter\h++your\h++e-?mail(?:\h++address)?.{0,60}?|(?:your\h++)?e-?mail\h++address|thank\h++you\h++for\h++(?:subscribing|signing\h++up).{0,60}?"
        r"|subscribe(?:\h++(?:now|today|here))?[.!]?|subscribe\h++to\h++.{1,60}?|already\h++a\h++subscriber\?.{0,60}?"
        r"|(?:subscribe|log\h++in|sign\h++in)\h++to\h++(?:continue|keep)\h++reading.{0,60}?|continue\h++reading.{0,40}?"
        r"|this\h++(?:article|content)\h++is\h++(?:for|available\h++to)\h++subscribers.{0,60}?"
        r"|by\h++(?:signing\h++up|subscribing|clicking).{0,160}?(?:privacy|terms).{0,100}?|unsubscribe.{0,80}?"
        r"|no\h++spam(?:[,.!]|\h++ever\b).{0,200}+|you\h++(?:can|may)\h++unsubscribe\h++at\h++any\h++time.{0,200}+"
        r"|stay\h++(?:up\h++to\h++date|informed|in\h++the\h++know)(?:\h++with\h++.{1,60}?)?[.!]?"
        r"|subscribe\h++no\h++thanks|(?:you\h++have\h++)?succ?ess?ful+y\h++(?:subscribed|signed\h++up).{0,60}?)",
        # every alternative needs one of these words (an e-mail: "mail"; "subscribed": "subscribe")
        keywords=_words(
            "newsletter bulletin briefing digest mail inbox thank subscribe reading privacy terms spam stay signed"
        ),
    ),
    LinePattern(
        "app_promo",
        Reason.APP_PROMO,
        r"(?i:.{0,60}?(?:download|get|install|try)\h++(?:the|our)\h++(?:free\h++)?.{0,30}?app.{0,80}?"
        r"|(?:available|download\h++it)\h++on\h++the\h++(?:app\h++store|google\h++play).{0,60}?|app\h++store|google\h++play"
        r"|follow\h++(?:us|.{1,40}?)\h++on\h++(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|telegram|whatsapp"
        r"|google\h++news|threads|bluesky|mastodon).{0,80}?|join\h++(?:our|the)\h++.{0,30}?(?:whatsapp|telegram)"
        r"\h++(?:channel|group|community).{0,80}?|(?:like|follow)\h++us\h++on\h++.{1,40}?|follow\h++us:?|connect\h++with\h++us:?"
        r"|get\h++(?:breaking\h++)?news\h++alerts.{0,80}?|turn\h++on\h++(?:desktop\h++)?notifications.{0,60}?)",
        keywords=_words("app google follow whatsapp telegram like connect alert notification"),
    ),
    LinePattern(
        "cookie_notice",
        Reason.COOKIE_NOTICE,
        r"(?i:.{0,120}?(?:we|this\h++(?:web)?site|our\h++(?:web)?site)\h++uses?\h++cookies.{0,300}?"
        r"|.{0,60}?(?:accept|reject|allow|manage|decline)\h++(?:all\h++)?cookies.{0,60}?|cookie\h++(?:policy|settings|preferences|consent|notice)"
        r"|manage\h++(?:consent|preferences|privacy\h++settings)|(?:i\h++)?(?:accept|agree|got\h++it|ok(?:ay)?)[.!]?"
        r"|by\h++(?:continuing\h++to\h++(?:use|browse)|using)\h++this\h++(?:web)?site.{0,200}?)",
        # "ok", "I accept", "got it" alone: at most three words
        keywords=("cookie", "manage", "site"),
        max_words=3,
    ),
    LinePattern(
        "advertisement",
        Reason.ADVERTISEMENT,
        r"(?i:advertisements?|advert|ad|ads|sponsored(?:\h++content)?|paid\h++(?:content|post)|partner\h++content"
        r"|story\h++continues\h++(?:below|after)\h++(?:this\h++)?(?:advertisement|ad)|continue\h++reading\h++(?:the\h++)?main\h++story"
        r"|scroll\h++(?:down\h++)?to\h++continue(?:\h++with\h++content)?|article\h++continues\h++(?:below|after).{0,40}?"
        r"|supported\h++by|presented\h++by.{0,60}?|advertisement\h*+-\h*+scroll\h++to\h++continue|skip\h++ad)",
        # "ad", "ads" alone: one word; "skip ad": "skip"
        keywords=("advert", "sponsored", "paid", "partner", "continue", "supported", "presented", "skip"),
        max_words=1,
    ),
)

TAG_LINES = (
    LinePattern(
        "tag_label",
        Reason.TAGS,
        r"(?i:tags?|topics?|filed\h++under|tagged(?:\h++with)?|keywords?|categories|category|related\h++topics?)"
        r"\h*+[:|\-–—]\h*+.{1,400}?|(?i:tags?|topics?|keywords?)",
    ),
)
