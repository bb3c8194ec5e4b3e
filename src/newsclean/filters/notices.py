"""Notices: legal lines at the foot of a page and the moderation policy over a comment thread.

They read like prose (long sentences full of function words), so the body locator
cannot tell a footer of them from a short article by its shape; their wording gives
them away. Legal notices run with the ``navigation`` filter, beside its short
copyright lines; comment policies with the ``comments`` filter, so that, like a
comment counter, they end the article.
"""

from __future__ import annotations

from newsclean.filters.base import LinePattern
from newsclean.reasons import Reason

LEGAL = (
    LinePattern(
        "copyright_notice",
        Reason.NAVIGATION,
        # a line that opens with the copyright sign, however long it runs:
        # "© 2019 Example, LLC. All rights reserved. Example is the owner of ..."
        r"(?:(?i:copyright)\h*+)?©[^\n]{0,600}+",
        keywords=("©",),
    ),
    LinePattern(
        "disclaimer",
        Reason.NAVIGATION,
        # "*These statements have not been evaluated by the Food and Drug Administration. ...",
        # "Consult your physician before ...", "The information provided on this website ..."
        r"[*+†‡]?+(?i:these\h++statements\h++have\h++not\h++been\h++evaluated\h++by"
        r"|consult\h++your\h++(?:physician|doctor|healthcare\h++provider)\h++(?:and\h++[^\n]{1,80}?\h++)?before"
        r"|the\h++(?:information|content)\h++(?:provided|contained|published)\h++(?:on|in)\h++this\h++(?:web\h*+)?site"
        r"|results\h++(?:may\h++)?vary\h++depending"
        r"|(?:as|las)\h++informa(?:ções|ciones)\h++(?:contidas|contenidas)\h++(?:neste|en\h++este)\h++(?:site|sitio)"
        r"|die\h++informationen\h++auf\h++dieser\h++(?:website|webseite|seite)"
        r"|les\h++informations\h++(?:fournies|contenues)\h++sur\h++ce\h++site)[^\n]{0,800}+",
        keywords=(
            "statements",
            "consult",
            "informa",
            "content",
            "vary",
        ),  # "informa": information, informações ...
    ),
)

#: What makes a line about comments a policy, not news about them: it speaks to the reader ("please",
#: "you", "your", "bitte", "vous", "você") or of the site's moderation ("moderated", "moderador", "will
#: not be approved", "serão", "werden"). "A spokesman declined to comment on the civil suit ..." has none.
_POLICY_CUE = (
    r"(?i:\b(?:please|kindly|you|your|guidelines|por\h++favor|você|bitte|vous|votre|vos|serão|serán|werden)\b"
    r"|moderat(?:ed|es|ing|ion|or)|\bwe\h++moderate|moderador|moderaç|moderaci|modérat|modéré|moderiert"
    r"|\b(?:will|may|shall)\h++(?:not\h++)?be\h++(?:approved|published|removed|deleted|reviewed))"
)
_COMMENT_OPENING = r"(?:\p{Lu}++:\h*+)?(?:\S++\h++){0,6}?(?i:comment|coment|kommentar)"

COMMENT_POLICY = (
    LinePattern(
        "comment_policy",
        Reason.COMMENTS,
        # a sentence or more (sixty characters) naming comments in its first words, then what moderation
        # expects of them, and speaking to the reader or of moderation anywhere (the cue is looked for only
        # once the comment word is found): "As you comment, please be respectful ...", "ATENÇÃO:
        # Comentários ... não serão aprovados pelo moderador", "We moderate comments to keep the
        # conversation civil ..."
        rf"(?=[^\n]{{60,}}+)(?={_COMMENT_OPENING})(?=[^\n]*?{_POLICY_CUE}){_COMMENT_OPENING}\p{{L}}*+[^\n]{{0,300}}?"
        r"(?i:moderat|approv|aprovad|aprobad|respect|respeit|offensive|ofensiv|civil|beleidig|freigeschaltet)"
        r"[^\n]{0,600}+",
        keywords=("comment", "coment", "kommentar"),
    ),
)
