// Package speakers holds the word lists the extractor reads to tell who
// speaks (titles, roles, media, anonymous-source heads) and the guesses it
// makes from them (nationality, gender).
package speakers

import "strings"

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Titles are words of a person's title or role that are stripped from a
// name ("Pakistan's Defence Minister Khwaja Asif" → "Khwaja Asif"). In a
// capitalised run everything up to the last title word is title, so
// portfolio words ("Unification Minister") need not be listed.
var Titles = set(`minister president prime premier chancellor general major lieutenant colonel
brigadier marshal admiral captain commander sergeant corporal private chief secretary spokesman
spokeswoman spokesperson ambassador envoy senator governor mayor judge justice journalist
reporter correspondent editor analyst columnist commentator writer author professor researcher
expert lawmaker legislator mp deputy vice acting former ex head director chairman chairwoman chair
ceo founder leader king queen prince princess sheikh emir sultan mr mrs ms dr prof sir lord lady
officer official adviser advisor aide representative delegate negotiator mediator diplomat
counsel attorney lawyer activist scholar economist scientist cleric pope bishop imam
coach manager president-elect vice-president gen maj lt col brig capt sgt adm gov sen rep
cmdr supt insp superintendent inspector commissioner governor-general consul minister-designate
hon honourable honorable dgp igp sp dsp`)

// Professions precede a name like a title ("engineer Paul Weiss") but are
// also surnames (John Farmer), so they are stripped only from the front of
// a name of two or more further words.
var Professions = set(`engineer farmer teacher doctor nurse lawyer student resident pilot
driver worker photographer historian researcher scientist economist hydrologist meteorologist
geologist virologist epidemiologist professor lecturer architect designer developer founder
entrepreneur businessman businesswoman banker trader investor broker farmer fisherman
shopkeeper owner villager survivor witness volunteer coordinator organiser organizer
campaigner protester voter mother father priest pastor rabbi imam monk poet novelist artist
singer actor actress director producer filmmaker coach player athlete captain manager
blogger influencer podcaster youtuber host presenter anchor`)

// RoleHeads are lower-case nouns that can head a descriptor for a speaker
// ("the Qatari ambassador", "Afghan officials", "the Pakistani side").
var RoleHeads = set(`minister president ambassador envoy general commander spokesman spokeswoman
spokesperson official officials source sources observer observers witness witnesses diplomat
diplomats analyst analysts expert experts journalist journalists reporter reporters negotiator
negotiators mediator mediators delegation delegations side team government ministry army
military police authorities authority representative representatives leader leaders
lawmaker lawmakers residents resident villagers survivors activists activist critics
officer officers militants group groups insiders insider aide aides adviser advisers advisor
people person spokesperson administration council committee office secretary chief
outlet report reports broadcaster channel newspaper paper agency network daily publication
station statement insurgents troops soldiers doctors doctor scientists researchers economists
investigators prosecutors prosecutor officials' parents teachers students farmers`)

// AnonymousHeads head an unnamed source: "an Afghan official" is kept as a
// descriptor with type anonymous rather than guessed at.
var AnonymousHeads = set(`source sources official officials observer observers witness witnesses
diplomat diplomats insider insiders aide aides person people someone member members officer
officers expert experts analyst analysts`)

// MediaRefs head a definite description that points back at a news outlet
// named earlier ("the Afghan outlet reported", "The report added").
var MediaRefs = set(`outlet report broadcaster channel newspaper paper agency network daily
publication station website portal tabloid magazine`)

// CollectiveSides are words news style uses interchangeably for one party
// at a negotiation: "the Pakistani side", "the Pakistani team", "Pakistani
// negotiators" and "the Pakistani delegation" are one speaker, named after
// the delegation when the article has one.
var CollectiveSides = set(`side team delegation negotiators delegates`)

// StatementNouns stand for their author when possessed: "Asif's remarks
// went further, threatening …" is Asif speaking.
var StatementNouns = set(`remarks remark statement statements comments comment words post posts
tweet tweets letter speech message interview testimony response reply address op-ed`)

// OrgWords in a capitalised name make it an organisation, not a person.
var OrgWords = set(`news times post today tv television radio tribune herald journal express
gazette daily telegraph guardian observer chronicle network agency press wire channel media
government ministry council party army police office department university institute foundation
organisation organization association union group company corp corporation inc ltd bank court
parliament assembly commission committee forces force front movement alliance league federation
authority board bureau service services center centre taliban cabinet senate congress embassy
administration command division brigade corps reuters fund club school hospital house
productions studios records entertainment pictures equities securities holdings partners
industries technologies airlines airways pharmaceuticals laboratories ventures investments
international`)

// Media are outlets and platforms known by a name without an org word.
var Media = set(`reuters ap afp bbc cnn dawn geo bloomberg xinhua tass nhk ani pti ians yonhap kyodo
npr abc cbs nbc fox sky dw politico axios tolo ariana pajhwok khaama amu x twitter facebook
instagram telegram youtube tiktok threads bluesky mastodon truth linkedin whatsapp wam irna isna anadolu
efe ansa dpa aljazeera al-jazeera`)

// Platforms are media a statement is posted on ("wrote on X").
var Platforms = set(`x twitter facebook instagram telegram youtube tiktok threads bluesky mastodon linkedin
whatsapp`)

// MediaHeads make a lower-case phrase a medium: "told local media",
// "said on state television", "wrote on social media".
var MediaHeads = set(`media television tv radio press newspaper broadcaster outlet
outlets channel network`)

// Countries and nationalities: stripped from titles ("Pakistan's Defence
// Minister"), matched when resolving "Pakistan's defence minister", and
// typed as organisations when they speak ("Pakistan said").
var Countries = set(`afghanistan pakistan india china russia iran iraq syria turkey qatar usa us
u.s. america uk u.k. britain england france germany italy spain japan korea israel palestine
egypt saudi arabia yemen ukraine belarus poland canada mexico brazil argentina australia
bangladesh nepal sri lanka myanmar indonesia malaysia thailand vietnam philippines nigeria kenya
ethiopia sudan somalia libya tunisia algeria morocco lebanon jordan uae emirates oman kuwait
bahrain tajikistan uzbekistan turkmenistan kazakhstan kyrgyzstan azerbaijan armenia georgia
greece netherlands belgium sweden norway denmark finland switzerland austria hungary romania
serbia croatia ireland scotland wales portugal chile colombia peru venezuela cuba`)

var Nationalities = set(`afghan pakistani indian chinese russian iranian iraqi syrian turkish
qatari american british english french german italian spanish japanese korean israeli
palestinian egyptian saudi yemeni ukrainian polish canadian mexican brazilian australian
bangladeshi nepali sri lankan burmese indonesian malaysian thai vietnamese filipino nigerian
kenyan ethiopian sudanese somali libyan lebanese jordanian emirati omani kuwaiti tajik uzbek
kazakh azerbaijani armenian georgian greek dutch belgian swedish norwegian danish finnish swiss
austrian hungarian romanian serbian croatian irish scottish welsh portuguese chilean colombian
venezuelan cuban western european arab african asian south north east west pashtun baloch
us u.s. uk u.k. un eu`)

// Capitals speak for their governments ("Islamabad said"), so they type as
// organisations.
var Capitals = set(`islamabad kabul delhi washington moscow beijing tehran london paris kyiv kiev
tokyo seoul ankara doha riyadh cairo baghdad damascus jerusalem berlin rome madrid brussels
dhaka kathmandu colombo`)

// Nation returns the country a word names or is the adjective of, for
// matching "Pakistan's defence minister" with "Pakistani Defence Minister".
func Nation(lower string) string {
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, "’s"), "'s")
	switch {
	case Countries[lower]:
		return lower
	case Nationalities[lower]:
		for _, suf := range []string{"istani", "i", "ian", "an", "ese", "ish", "n"} {
			if c := strings.TrimSuffix(lower, suf); c != lower {
				for _, end := range []string{"istan", "", "ia", "a", "e", "y", "ey", "land"} {
					if Countries[c+end] {
						return c + end
					}
				}
			}
		}
		if lower == "afghan" {
			return "afghanistan"
		}
		return lower
	}
	return ""
}

// IsMediaName reports whether a capitalised name is a news outlet or a
// platform: a known name, or a name with a media word ("Geo News",
// "India Today", "The Express Tribune").
func IsMediaName(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	if len(f) == 0 {
		return false
	}
	if len(f) == 1 {
		if i := strings.LastIndexByte(f[0], '.'); i > 0 {
			switch f[0][i+1:] {
			case "com", "net", "org", "pk", "in", "uk", "af", "tv", "news", "co":
				return true // a news site: "Dawn.com"
			}
		}
		return Media[f[0]]
	}
	if Media[f[0]] {
		return true
	}
	switch f[0] {
	case "radio", "tv", "channel", "television":
		return true // "Radio Kestrel", "Channel 4"
	}
	switch f[len(f)-1] {
	case "news", "times", "post", "today", "tv", "television", "radio", "tribune", "herald",
		"journal", "express", "gazette", "daily", "telegraph", "guardian", "observer", "chronicle",
		"network", "agency", "press", "wire", "channel", "media", "monitor", "standard", "mail",
		"insider", "week", "weekly", "magazine", "review", "dispatch", "bulletin", "courier":
		return true
	}
	return false
}
