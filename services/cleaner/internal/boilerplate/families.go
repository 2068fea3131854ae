package boilerplate

import "regexp"

// The families below are what news sites wrap around an article body. Each
// is a pattern over the *shape* of a line (a label and a colon, a promo verb
// phrase, a credit marker) rather than any one site's wording, because the
// filter is judged on sites it has never seen.

var (
	// listLabel: a label that introduces a list of other stories. The
	// label goes, and so do the headline-like lines right after it.
	listLabel = regexp.MustCompile(`(?i)^\W*(trending( now| news| stories| topics)?|related( to this topic| articles?| news| stories| posts| topics| content| coverage| reading)?|also read|read also|also see|see also|read more|more (from|stories|news|on|in|like this)\b.*|more( \p{L}+){1,3} (stories|news|articles|reads|videos|coverage)|more\s*:|popular on .*|recommended( for you| stories| articles)?|you (may|might) (also )?like|don'?t miss|popular( now| stories| posts)?|most (read|popular|viewed|shared)|top (stories|news|categories|headlines)|latest (news|stories|headlines|videos|posts)|prev(ious)?( article| story| post)?|next( article| story| post)?|quick links|in (other|case you missed|this) .*|editor'?s picks?|what to read next|explore more|must read|featured( stories| articles)?|news ?letters?|categories|tags?|topics?|sections?|` +
		// the same labels on sites in other languages (pt, es, fr, de, it, ru)
		`voc[eê] (tamb[eé]m )?pode (gostar|se interessar)|leia (tamb[eé]m|mais)|veja (tamb[eé]m|mais)|mat[eé]rias relacionadas|not[ií]cias relacionadas|relacionad[oa]s|lee (tambi[eé]n|m[aá]s)|te puede interesar|m[aá]s noticias|lire aussi|[àa] lire aussi|voir aussi|sur le m[eê]me sujet|articles similaires|lesen sie auch|mehr zum thema|das k[oö]nnte sie auch interessieren|weitere artikel|leggi anche|potrebbe interessarti|articoli correlati|читайте также|смотрите также|похожие (статьи|новости|записи)|по теме|вам может понравиться|самые популярные( \p{L}+)?|популярное|отзывы|комментарии|добавить (отзыв|комментарий)|comentários|comentarios|commentaires|kommentare|commenti|\d*\s*comments?|\d*\s*responses?|leave a (reply|comment)|reviews|about (me|the author|us|the authors)|archives?|blogroll|recent (posts|comments|articles))\s*[:|»›>.…-]*\s*$`)
	// wireCredit: the staff credit a wire story closes with ("Reporting
	// by Ana Berg in Oslo; Editing by Tom Lind", "(Writing by …)"). It
	// names who worked on the story, it is not the story; the credit
	// function below adds the shapes that tell it from a sentence.
	wireCredit = regexp.MustCompile(`^\W*\(?\s*(?i:(additional |further )?(reporting|writing|editing|research|compiled|graphics?|production|translation|translated|fact-checking) by)\s+\p{Lu}`)
	// contributorLine: "Jane Roe in Oslo contributed to this report." — the
	// same credit as a sentence, one per contributor.
	contributorLine = regexp.MustCompile(`(?i)\bcontributed( reporting| research)? (to|for) this (report|story|article)\W*$`)
	// provenance: a note about the copy rather than the news — where it
	// came from and who did not edit it ("this story has not been edited
	// by … staff and is published from a syndicated feed"), a reprint
	// credit ("This article was originally published on …"), the opinion
	// disclaimer ("The views expressed are the author's own") and the wire
	// services' licence line. Each alternative names the copy itself as
	// its subject or is a fixed formula, so a sentence of the story that
	// mentions a feed or an editor does not match; correction and update
	// notes are not here, as they are part of the article.
	// provenanceAny holds the forms found anywhere in the line, each with
	// one of provenanceWords (lower case); provenanceStart the forms that
	// open it, each with one of provenanceOpenings. TestProvenance keeps
	// the lists in step with the patterns.
	provenanceAny      = regexp.MustCompile(`(?i)(\b(this|the) (story|article|report|piece|post|content|copy)\b.{0,80}\b(syndicated|agency|wire|news) feed\b|\b(has not|hasn't|was not|wasn't|have not|haven't) (been )?edited by\b.{0,40}\bstaff\b|\bgenerated automatically from\b|\bauto-generated from\b|\bmay not be (published|reproduced),? broadcast\b|\bbroadcast,? rewritten,? or redistributed\b)`)
	provenanceWords    = []string{" feed", "edited by", "generated", "broadcast"}
	provenanceStart    = regexp.MustCompile(`(?i)^\W*((disclaimer\s*:\s*)?the (views|opinions) expressed (in this|here|above|are)\b|this (story|article|report|piece|post) (was |has been )?(originally|first) (published|appeared|ran) (on|in|at|by)\b|this (story|article|report|piece) (was|is) (produced|published|reported|written) (in partnership|in collaboration|with support|with funding)\b)`)
	provenanceOpenings = []string{"this ", "the ", "disclaimer"}
	// updatedLine: a bare "Updated at 1:23 p.m." stamp.
	updatedLine = regexp.MustCompile(`(?i)^\W*(updated|published|posted|last updated|modified)\s*(at|on)?\s*:?\s*\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?\s*(\p{Lu}{2,4})?\W*$`)
	// relativeTime: a stamp relative to now ("5 minutes ago", "Updated
	// 2 hours ago", "3h") — when the page was stored, not a date.
	relativeTime = regexp.MustCompile(`(?i)^\W*((updated|published|posted|last updated|edited)\s*:?\s*)?((\d+|an?|one)\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago|\d+\s*(h|hrs?|d|w)( ago)?)\W*$`)
	// chromeWord: a lone interface word (a button or box heading). It goes,
	// but unlike a list label it says nothing about the lines after it: a
	// "Subscribe" box often sits in the middle of the story.
	chromeWord = regexp.MustCompile(`(?i)^\W*(search|subscribe|subscribe now|newsletter|follow us|share this( article| story| post)?|share|sharing is caring|(show|hide|toggle|view|expand) caption|caption|enlarge (this )?(image|photo)|text size|font size|comment|reply|print|close|menu|donate|log ?in|sign ?in|sign up|register|back to top|voltar|zur[uü]ck|retour|назад)\W*$`)
	// inlineLabel: "Also Read: <headline>" — one line carrying the label and
	// the linked headline together.
	inlineLabel = regexp.MustCompile(`(?i)^\W*(also read|read also|also watch|also listen|read more|see also|also see|related|must read|don'?t miss|recommended|watch|watch video|listen|trending|suggested|more|tags|tagged|topics|filed under|categories|category|keywords|leia também|veja também|lee también|lire aussi|à lire aussi|lesen sie auch|leggi anche|читайте также)\s*[:|»›>-]\s*\S`)
	// ad: placeholders left where an advertisement was.
	ad = regexp.MustCompile(`(?i)^\W*(listen to (this|the) (article|story)|continue reading|read (the )?full (story|article)|(story|article|content|text) continues below|continue(s)? (reading )?below|article continues (below|after)|scroll (down )?to continue|advertisement|advertisment|sponsored( content| links?)?|promoted( content)?|paid (content|partner)|partner content|skip (this )?ad)\b.{0,40}$|^\W*(ad|ads)\W*$`)
	// promo: app, newsletter, social and subscription calls to action.
	promo = regexp.MustCompile(`(?i)(download (the |our )?.{0,40}\bapp\b|\bapp to stay updated|stay updated|subscribe (to|now|for|today)|sign up (for|to|now)|newsletters?\b.{0,40}(inbox|sign|subscribe)|(subscribe|sign up).{0,40}newsletters?|follow us on|join (us|our) .{0,30}(channel|community|whatsapp|telegram)|(whatsapp|telegram|google news) channel|click here (to|for)|get (the )?latest (news|updates)|for (more|the latest) (news|updates)|(like|follow) us on|turn on (push )?notifications|allow notifications|already (a )?(subscriber|member)|log ?in to (continue|read|comment)|create (a |an )?(free )?account|unlimited (digital )?access|support (our|independent) journalism|become a (member|subscriber)|share (this|your) (article|story|thoughts)|leave a (comment|reply)|comments? (are|is) closed|have your say|we use cookies|personal data|data (protection|privacy) (policy|notice)|by submitting this form|community (standards|guidelines)|activation link|succe?ss?fully subscribed|(stay|keep) up to date|no thanks|save my name|notify me (of|via|when)|akismet|your email address will not be published|required fields are marked|you are commenting using|log ?in to (reply|comment|post)|posting your comment|affiliate (and/or referral )?links?|earn (a )?(small )?commission|cookie (policy|settings)|accept (all )?cookies|terms (of (use|service)|& conditions)|privacy policy|thanks for (signing up|subscribing|registering)|(check|keep an eye on) your inbox|\bopt-in\b|error processing your (subscription|request)|i agree (to|that)\b.{0,60}\b(send|email|contact)|follow \S+( \S+)? on (instagram|facebook|twitter|youtube|tiktok|x)\b)`)
	// promoLiterals: every alternative of promo holds one of these (lower
	// case). Checking them first spares the large, slow promo regexp on
	// almost every line; TestPromoLiterals keeps the two in step.
	promoLiterals = []string{"download", "stay updated", "subscribe ", "sign up", "newsletter", "follow ", "us on",
		"join us", "join our", "channel", "click here ", "latest news", "latest updates", "more news", "more updates",
		"notifications", "already a ", "already subscriber", "already member", "login to ", "log in to ", "account",
		"unlimited ", "journalism", "become a ", "share this ", "share your ", "leave a ", "are closed", "is closed",
		"have your say", "cookie", "personal data", "data protection", "data privacy", "submitting",
		"community standards", "community guidelines", "activation link", "subscribed", "up to date", "no thanks",
		"save my name", "notify me", "akismet", "will not be published", "required fields", "commenting using",
		"posting your", "affiliate", "earn a ", "earn small ", "earn commission", "terms of ", "terms &",
		"privacy policy", "thanks for ", "your inbox", "opt-in", "error processing", "i agree"}
	// consentNewsletter: the consent banner's and the newsletter box's
	// sentences, and the pitch for the newsroom's support — kept apart from
	// promo, whose one large pattern every candidate line pays for, behind
	// literals of their own (consentLiterals, lower case;
	// TestConsentLiterals keeps the two in step).
	consentNewsletter = regexp.MustCompile(`(?i)((site|website) uses cookies|(agree|consent) to (our|the) use of cookies|(we|and) our partners (use|process|store|access)|delivered (straight |directly )?to your inbox|in your inbox every (morning|day|week|weekday)|by signing up,? you|never share your email|thank you for (signing up|subscribing|registering)|support (local|quality) journalism|journalism needs your support|(view|see) all (posts|articles|stories) by)`)
	consentLiterals   = []string{"cookies", "our partners", "your inbox", "by signing up", "your email", "thank you for ",
		"journalism", "all posts by", "all articles by", "all stories by"}
	// captionLiterals: every alternative of caption but the trailing
	// counter ("3 / 12") holds one of these (lower case).
	captionLiterals = []string{"caption", "file", "represent", "photo", "image", "picture", "pic", "credit", "courtesy",
		"thumbnail", "foto", "фото", "illustration", "video:", "video :", "animation", "getty", "shutterstock", "istock"}
	// shareWord: share-button labels; a line made only of them is chrome.
	shareWord = regexp.MustCompile(`(?i)^(share|shares|shared|tweet|email|e-mail|mail|print|facebook|twitter|x|whatsapp|linkedin|copy|link|copied|pinterest|reddit|telegram|messenger|comments?|save|bookmark|on|this|article|via|sms|flipboard|gift|listen|follow|google|news|\d+)$`)
	// caption: photo credits and captions ("File Photo | Reuters",
	// "Representational Image.", "(Photo: AP)", "Image credit: …").
	caption = regexp.MustCompile(`(?i)(^\W*((image|photo|media|video|picture) caption\b|file (photo|image|pic|picture)|representational (image|photo|picture|pic)|representative (image|photo|picture)|(photo|foto|фото)( credits?)?\s*[:|/]|(photograph|illustration|video|animation)\s*:|(photos|fotos)\s*[:|]|image( credits?| source)?\s*[:|]|picture\s*[:|]|credits?\s*[:|]|pic\s*[:|]|courtesy\s*[:|]|thumbnail( image)?|featured image|(getty|shutterstock|istock)( images)?\b|image\s*\d+\s*(of|/)\s*\d+|\d+\s*/\s*\d+\s*$)|\b(file photo|representational (image|photo|picture)|photo credit|image credit|getty images|via getty|\(photo:|\(image:|\(file)\b.{0,40}$)`)
	// creditLabel: a credit's label on a line of its own ("Photo:",
	// "Фото:", "Credit:") — the credit itself is the next line.
	creditLabel = regexp.MustCompile(`(?i)^\W*((photo|image|picture) credits?|(photo|foto|фото|image|picture|pic)s?|credits?)\s*:\s*$`)
	// photoCredit: a caption closed by an agency credit in brackets
	// ("… in the harbour. (AP Photo/Jane Roe, File)"), maybe with the
	// caption box's "less" toggle pasted after it. Captions run long,
	// so this one is not limited to short lines.
	photoCredit = regexp.MustCompile(`(?i)\((\p{L}[\p{L}.]*\s+)?(photo|image|foto|picture|pic)s?\s*/[^()]{1,60}\)\W*((less|more|close)\W*)?$`)
	// nameCredit: a photo credit as the name and the agency or paper
	// with a slash between them ("Jane Roe/Agency", "Jane Roe / The
	// Ledger"), the shape credits under pictures take.
	nameCredit = regexp.MustCompile(`^\(?(\p{Lu}[\p{L}'’.-]*\s+){1,3}\p{Lu}[\p{L}'’.-]*\s*/\s*((the|for)\s+)?\p{Lu}[\p{L}&.-]*(\s+\p{Lu}[\p{L}&.-]*){0,3}\W*$`)
	// bioOpening: the first words of an author box — a name, then what the
	// writer is or does ("Ana Berg is a staff writer …", "Tom Lind joined …").
	bioOpening = regexp.MustCompile(`^(\p{Lu}[\p{L}'’.-]+\s+){1,3}(is an? (\p{Ll}+ )?(staff|senior|freelance|contributing|political|science|business|sports?)?\s*(writer|reporter|journalist|editor|correspondent|columnist|author|blogger)\b|joined \S+( \S+)? (in|as) )`)
	// expander: a caption or summary box copied with its toggle — the
	// collapsed copy ends "… more", the expanded one "… nation. less".
	expander = regexp.MustCompile(`((\.\.\.|…)\s*more|[.!?)"”]\s+less)\s*$`)
	// contact: the "Write to … at name@site.com" line under a story.
	contact = regexp.MustCompile(`[\w.+-]+@[\w-]+(\.[\w-]+)*\.\p{L}{2,}`)
	// handleByline: a writer's name with a social handle ("Ana Berg @anaberg").
	handleByline = regexp.MustCompile(`^((\p{Lu}[\p{L}'’.-]*\s+){1,3})@\w+$`)
	// galleryCounter: a slideshow caption copied with its counter glued
	// on ("2of5A shopper looks at …"), or a bare "3 of 12".
	galleryCounter = regexp.MustCompile(`^\d{1,3}\s*of\s*\d{1,3}(\s*$|\p{L})`)
	// dateline: a byline or dateline that carries the date ("X Network -
	// City - UPDATED: October 28, 2025, 11:26 PM - 2 min read").
	datelineMarker = regexp.MustCompile(`(?i)(\bupdated\b|\bpublished\b|\bposted\b|\bpublicad[oa]\b|\batualizad[oa]\b|\bactualizad[oa]\b|\bpubli[ée]e?\b|\bmis à jour\b|\bveröffentlicht\b|\baktualisiert\b|\bpubblicato\b|\baggiornato\b|опубликовано|обновлено|\bpor\s*:|\bpar\s*:|\bcategor(y|ia|ie)\s*:|\blast modified\b|\bmin(ute)?s? read\b|\bread time\b|\b(ist|gmt|utc|edt|est|pst|pdt|cet|bst)\b|^\s*date\s*:?|\bon\s*:)`)
	bylineMarker   = regexp.MustCompile(`(^|\W)(?i:by|written by|author)\s+\p{Lu}`)
	readTime       = regexp.MustCompile(`(?i)^\W*\d+\s*(min(ute)?s?|sec(ond)?s?)( read| listen)?\W*$`)
	// readTimeLabel: the same as a label, in the languages the other
	// labels cover ("Reading time: 4 minutes", "Tempo de leitura: 2
	// minutos"); readTimeLiterals, one of which each holds (lower case),
	// spare it the lines that cannot match.
	readTimeLabel    = regexp.MustCompile(`(?i)^\W*((estimated )?(reading|read|listening) time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|tempo di lettura|время чтения)\s*:?\s*(about |ca\.? |~)?(\d+\s*(min(ute|uto|utos|uten|uti)?s?|sec(ond)?s?|мин(ут[аы]?)?)\.?)?\W*$`)
	readTimeLiterals = []string{"time", "tempo", "tiempo", "temps", "lesezeit", "время"}
	byline           = regexp.MustCompile(`^\s*(?i:by|written by|reported by|edited by|published by|posted by|curated by|compiled by|author\s*:|words by|story by|por|par|von)\s*:?\s+([\p{Lu}][^\n]{1,80})$`)
	// datePrefix: some extracted pages start with "date 2025-10-30 ".
	datePrefix = regexp.MustCompile(`(?i)^\s*(?:date|published|posted|updated)\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*`)
	// copyright footers.
	copyright = regexp.MustCompile(`(?i)(©|\(c\)\s*\d{4}|&copy;|\bcopyright\b.{0,80}$|all rights reserved|\ball right reserved)`)
	// slug: a URL path or slug left over from breadcrumbs.
	slug = regexp.MustCompile(`^(https?://\S+|[\p{Ll}\d]+(-[\p{Ll}\d]+){2,}|/\S*)$`)
	// chromeTitle: header lines that look like a headline but are chrome —
	// interface labels, bylines and agency credits, social handles.
	chromeTitle = regexp.MustCompile(`(?i)(\b(log ?(in|out)|sign ?(in|up|out)|menu|settings|subscribe|newsletter|advertise|advertising|follow|share|tweet|cookies?|trust|topics|filed (to|under)|sponsored|brandvoice|paid program|weather|forecast|gas prices|horoscopes?|contact us|about us|e-?paper)\b|@\w|^\s*by\s|\b(associated press|reuters|afp|press trust|staff (writer|reporter)|correspondent|writer|reporter|editor)\s*$)`)
	// terminal: sentence punctuation at the end of prose.
	terminal = regexp.MustCompile(`[.!?…:;"”’'»)\]]\s*$`)
)
