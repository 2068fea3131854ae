package contract

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Streams and subjects. A Topology prefix (tests, side-by-side deployments on
// one server) is prepended to both; production uses the empty prefix.
const (
	StreamPages    = "PAGES"
	StreamArticles = "ARTICLES"
	StreamClaims   = "CLAIMS"
	StreamDLQ      = "DLQ"
	StreamAlerts   = "ALERTS"

	SubjectPages    = "pages.fetched"
	SubjectArticles = "articles.cleaned"
	SubjectClaims   = "claims.extracted"
	SubjectDLQ      = "dlq"    // dlq.<stage>
	SubjectAlerts   = "alerts" // alerts.<watch id>

	// BucketPages is the Object Store bucket for page bodies too large for a message.
	BucketPages = "pages"
	// BucketFeeds and BucketSeen are the fetcher's KV buckets.
	BucketFeeds     = "feeds"
	BucketFeedState = "feed_state"
	BucketSeen      = "seen_urls"
	// BucketFurniture is the cleaner's KV bucket of lines repeated across a host's pages.
	BucketFurniture = "site_furniture"
)

// Stage names; they are also metric label values and DLQ subject suffixes.
const (
	StageFetcher   = "fetcher"
	StageCleaner   = "cleaner"
	StageExtractor = "extractor"
	StageIndexer   = "indexer"
)

// Headers of a dead letter in the DLQ stream. The body is the original message.
const (
	HeaderDLQStage      = "Claimwire-Stage"
	HeaderDLQReason     = "Claimwire-Reason" // closed set: see bus.Reason*
	HeaderDLQError      = "Claimwire-Error"  // human-readable detail
	HeaderDLQDeliveries = "Claimwire-Deliveries"
	HeaderDLQSubject    = "Claimwire-Subject" // where the message was first published
	HeaderDLQStream     = "Claimwire-Stream"
	HeaderDLQSequence   = "Claimwire-Sequence"
)

// HeaderReplay names the replay (claimwire replay) a message was published
// by. Stages copy it onto what they publish for that message, so that the
// indexer records what the replay changed whichever stage it re-ran.
const HeaderReplay = "Claimwire-Replay"

// ArticleID is the id of the article at canonicalURL; a page without a URL
// (a local file) is identified by its content instead, so that ingesting the
// same file twice yields the same id.
func ArticleID(canonicalURL string, body []byte) string {
	h := sha256.New()
	if canonicalURL != "" {
		h.Write([]byte("url:" + canonicalURL))
	} else {
		h.Write([]byte("body:"))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ClaimID is deterministic in the article, the span and the kind so that
// re-extraction with the same code yields the same ids.
func ClaimID(articleID, kind string, start, end int) string {
	h := sha256.Sum256([]byte(articleID + "|" + kind + "|" + strconv.Itoa(start) + "|" + strconv.Itoa(end)))
	return hex.EncodeToString(h[:])[:16]
}

// MsgID is the Nats-Msg-Id for a stage's output: the same output published
// twice inside the stream's duplicate window is stored once.
func MsgID(kind, id, version string) string {
	return kind + ":" + id + ":" + version
}

// ContentHash is a short hash of a body, for page message ids: a changed page
// is a new message, an unchanged one a duplicate.
func ContentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])[:12]
}

// CompareVersions orders dotted numeric versions ("1.10.0" > "1.9.3"); a part
// that is not a number compares as text. The indexer uses it so that an older
// extractor's ClaimSet never replaces a newer one.
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y string
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		xn, xerr := strconv.Atoi(x)
		yn, yerr := strconv.Atoi(y)
		switch {
		case xerr == nil && yerr == nil:
			if xn != yn {
				if xn < yn {
					return -1
				}
				return 1
			}
		case x != y:
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
