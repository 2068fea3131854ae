// Package contract holds the messages the claimwire services exchange over
// JetStream, and the names and ids they must agree on. It is the one place a
// reader looks to learn what flows between stages; every service imports it
// and none defines its own copy.
package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Schema is the version of every message in this package. A consumer that
// receives a newer schema than it knows dead-letters the message rather than
// guessing at its meaning.
const Schema = 1

// Claim kinds.
const (
	KindQuote     = "quote"
	KindReported  = "reported"
	KindStatistic = "statistic"
)

// Speaker types.
const (
	SpeakerPerson       = "person"
	SpeakerOrganization = "organization"
	SpeakerGroup        = "group"
	SpeakerAnonymous    = "anonymous"
	SpeakerUnknown      = "unknown"
)

// FeedItem is the metadata a feed gave for an item; it travels with the page
// so the cleaner can fall back on it when the page itself lacks a title or date.
type FeedItem struct {
	Feed      string     `json:"feed"`
	Title     string     `json:"title,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Author    string     `json:"author,omitempty"`
}

// Body encodings of Page.Body.
const (
	BodyPlain = ""   // Body holds the page bytes as UTF-8
	BodyS2    = "s2" // Body holds the page bytes compressed with S2
)

// Page is a fetched (or ingested) page on its way to the cleaner: the PAGES
// stream. Exactly one of Body and Object carries the content.
type Page struct {
	Schema      int       `json:"schema"`
	ID          string    `json:"id"`        // article id, see ArticleID
	URL         string    `json:"url"`       // canonical URL ("" for a local file without one)
	FinalURL    string    `json:"final_url"` // after redirects
	Source      string    `json:"source"`    // "feed", "url" or "file"
	Status      int       `json:"status,omitempty"`
	ContentType string    `json:"content_type,omitempty"`
	FetchedAt   time.Time `json:"fetched_at"`
	Item        *FeedItem `json:"item,omitempty"`
	// Encoding says how Body is encoded (BodyPlain or BodyS2).
	Encoding string `json:"encoding,omitempty"`
	Body     []byte `json:"body,omitempty"`
	// Object names an Object Store entry holding the body, for pages too
	// large for a message even after compression.
	Object string `json:"object,omitempty"`
}

// Article is a cleaned page: the ARTICLES stream, and what replay reads.
type Article struct {
	Schema         int        `json:"schema"`
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Outlet         string     `json:"outlet"`
	Title          string     `json:"title"`
	Byline         string     `json:"byline"`
	Published      *time.Time `json:"published"`
	Lang           string     `json:"lang"`
	Text           string     `json:"text"` // paragraphs joined by "\n\n"
	CleanerVersion string     `json:"cleaner_version"`
}

// Speaker is who a claim is attributed to.
type Speaker struct {
	// Name is canonical within the article: titles stripped, short forms and
	// pronouns resolved ("Defence Minister Khawaja Asif", "Asif", "he" → one name).
	Name string `json:"name"`
	// Mention is the words in the text that point at the speaker for this claim.
	Mention string `json:"mention,omitempty"`
	Type    string `json:"type"`
	// Key is SpeakerKey(Name): the indexer merges the same speaker across
	// articles by it ("Khawaja Asif" and "Khwaja Asif" share a key).
	Key string `json:"key,omitempty"`
}

// Number is one figure inside a claim.
type Number struct {
	// Value is nil for a vague amount ("dozens", "thousands"): the words
	// and the qualifier say how many, a number would invent precision.
	Value     *float64 `json:"value"`
	Qualifier string   `json:"qualifier,omitempty"` // over, more than, at least, about, dozens …
	Unit      string   `json:"unit,omitempty"`      // "people killed", "civilians", "%" …
	Text      string   `json:"text"`                // the words it was read from
}

// Claim is one thing someone claims in an article. Start and End are byte
// offsets into Article.Text of the claim's span.
type Claim struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Text       string   `json:"text"`
	Sentence   string   `json:"sentence"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Speaker    *Speaker `json:"speaker"`
	Cue        string   `json:"cue,omitempty"`
	Via        string   `json:"via,omitempty"`
	Numbers    []Number `json:"numbers,omitempty"`
	Confidence float64  `json:"confidence"`
	// Rule names the extraction rule (or model) that produced the claim, so
	// that a wrong attribution can be traced to what made it.
	Rule string `json:"rule,omitempty"`
	// Group is shared by the claims of one quotation split into its
	// assertions (one claim per sentence of a long quotation), so a reader
	// can show the whole quotation; empty for a claim that stands alone.
	Group string `json:"group,omitempty"`
}

// ClaimSet is an article with all its claims: the CLAIMS stream. The indexer
// keeps exactly one ClaimSet per article id, the one with the newest
// ExtractorVersion.
type ClaimSet struct {
	Schema           int     `json:"schema"`
	Article          Article `json:"article"`
	Claims           []Claim `json:"claims"`
	ExtractorVersion string  `json:"extractor_version"`
}

// Figure returns a Number.Value for v.
func Figure(v float64) *float64 { return &v }

// Decode unmarshals a message of any contract type and refuses schemas this
// build does not know; the caller treats that error as bad input.
func Decode(data []byte, v any) error {
	// The schema read by a scan of the top level instead of a first
	// json.Unmarshal (which parsed the whole message once more: a third of
	// decoding a ClaimSet). Anything the scan does not read plainly, and a
	// schema to refuse, goes the encoding/json way, for its exact errors.
	if schema, ok := topLevelSchema(data); ok && schema >= 1 && schema <= Schema {
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		return nil
	}
	return decodeChecked(data, v)
}

// decodeChecked is Decode the encoding/json way: the schema read by a first
// json.Unmarshal, then the message; Decode's scan must agree with it.
func decodeChecked(data []byte, v any) error {
	var head struct {
		Schema int `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if head.Schema < 1 || head.Schema > Schema {
		return fmt.Errorf("%w: schema %d, this build knows 1..%d", ErrSchema, head.Schema, Schema)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return nil
}

// topLevelSchema is the integer value of the "schema" member of the JSON
// object data, ok false unless data reads plainly as one: an object whose
// keys have no escapes, with one member named "schema" in any case (as
// encoding/json matches it), spelled so, whose value is digits. It checks no
// more of the syntax than it needs: json.Unmarshal does afterwards.
func topLevelSchema(data []byte) (int, bool) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return 0, false
	}
	i++
	schema, found := 0, false
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return 0, false
		}
		if data[i] == '}' {
			return schema, found
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
			if i >= len(data) {
				return 0, false
			}
		}
		if data[i] != '"' {
			return 0, false
		}
		end := bytes.IndexByte(data[i+1:], '"')
		if end < 0 {
			return 0, false
		}
		key := data[i+1 : i+1+end]
		if bytes.IndexByte(key, '\\') >= 0 {
			return 0, false
		}
		i = skipSpace(data, i+2+end)
		if i >= len(data) || data[i] != ':' {
			return 0, false
		}
		i = skipSpace(data, i+1)
		if !bytes.EqualFold(key, []byte("schema")) {
			if i = skipValue(data, i); i < 0 {
				return 0, false
			}
			continue
		}
		if found || string(key) != "schema" {
			return 0, false
		}
		j := i
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		if j == i || j-i > 9 || j < len(data) && !isEndOfNumber(data[j]) {
			return 0, false
		}
		for _, c := range data[i:j] {
			schema = schema*10 + int(c-'0')
		}
		found, i = true, j
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func isEndOfNumber(c byte) bool {
	return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// skipValue returns the index just past the JSON value at data[i:], or -1.
func skipValue(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch c := data[i]; c {
		case '"':
			i++
			for i < len(data) && data[i] != '"' {
				if data[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(data) {
				return -1
			}
			i++
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object: a literal ended here
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	if depth == 0 {
		return i
	}
	return -1
}

// Errors of Decode.
var (
	ErrMalformed = fmt.Errorf("contract: malformed message")
	ErrSchema    = fmt.Errorf("contract: unknown schema")
)
