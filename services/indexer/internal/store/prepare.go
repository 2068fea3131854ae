package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/fingerprint"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// prepared is a ClaimSet with everything computed that needs no database:
// the caller's goroutine does it, so that the single writer only runs SQL
// and the comparisons with stored claims.
type prepared struct {
	cs                *contract.ClaimSet
	published, outlet string
	items             []group.Item
	keys, queryKeys   [][]string  // per claim: keys stored in claim_keys, keys looked up
	claimRows         [][]any     // the claims table's columns but cluster_id (and seq)
	sketch            [][]string  // per claim: its sketch tokens (sketchToken)
	members           []memberRow // per claim: as a cluster member
	// Rows are the claims as sent, then the units of those that hold
	// several (units.go): split[i] marks a claim grouped by its units,
	// firstUnit[i] its first unit's row; unitOf[i] is the claim a unit
	// row belongs to (the unit_of column).
	split     []bool
	firstUnit []int
	unitOf    []string
	print     fingerprint.Print
	// The print's bands and stored form (print.Bands, print.String),
	// made here rather than by the writer, whose bulk commit needs both
	// for every article.
	bands     []string
	printText string
	replay    string // the replay that sent it, or ""
	hash      string // of the ClaimSet as sent (claimsetHash)

	// Set by apply, for the feature cache once the transaction commits: the
	// seqs the claims were stored at, and the candidates read from the
	// database.
	seqs     []int64
	clusters []string // per claim, once assigned
	loaded   map[int64]*itemWithCluster
	// tx holds the features of the claims the transaction stored or read so
	// far, shared by the ClaimSets of one all-or-nothing group commit: a
	// later ClaimSet's candidates include the earlier ones' claims (a story
	// carried by several outlets arrives together), which the cache gets
	// only once committed.
	tx        txItems
	moves     []move        // stored claims moved to another cluster (rehome), for the cache
	merged    []reclustered // stored claims moved by merges (merge.go), for the cache
	fired     int           // alerts inserted (or found already there) by fire
	keyUpdate *keyUpdate    // the bulk commit's, for recentKeys (on its first job)
	// printsUpdate is a one-by-one group commit's, for the print filter
	// (on its first job).
	printsUpdate *printsUpdate
}

// committed caches the features of p's claims and of the candidates it read,
// once the transaction that stored or read them has committed.
func (s *DB) committed(p *prepared) {
	if p.fired > 0 {
		s.wakeOutbox()
	}
	if len(p.seqs) == len(p.items) && len(p.clusters) == len(p.items) {
		items := make([]*group.Item, len(p.items))
		for i := range p.items {
			items[i] = &p.items[i]
		}
		s.feat.add(p.seqs, items, p.clusters)
	}
	s.feat.addLoaded(p.loaded)
	// After the claims of the ClaimSets before p in its commit, which may
	// have cached a moved claim in the cluster it left.
	for _, m := range p.moves {
		if m.claim == nil {
			continue // a merge: p.merged
		}
		s.feat.add([]int64{m.seq}, []*group.Item{m.claim.Item}, []string{m.to})
	}
	for _, r := range p.merged {
		s.feat.recluster(r.seqs, r.cluster)
	}
	if p.keyUpdate != nil {
		s.keys.commit(p.keyUpdate)
		s.prints.committed(p.keyUpdate)
	}
	if p.printsUpdate != nil {
		s.prints.kept(p.printsUpdate)
	}
}

// claimRowLen is the length of a prepared claim row: the claims table's
// columns but cluster_id and seq.
const claimRowLen = 24

// txItems are stored claims' features and clusters by seq, for one
// transaction.
type txItems map[int64]*itemWithCluster

// prepare computes what cs's claims need (memoFolds: and keeps their
// FoldText values for the full-text index that the writer fills).
func prepare(cs *contract.ClaimSet, memoFolds bool) (*prepared, error) {
	a := &cs.Article
	rows, unitOf, firstUnit := unitRows(cs.Claims)
	n := len(rows)
	p := &prepared{
		cs:        cs,
		published: fmtTime(a.Published),
		outlet:    clean(strings.ToLower(a.Outlet)),
		keys:      make([][]string, n),
		queryKeys: make([][]string, n),
		claimRows: make([][]any, n),
		sketch:    make([][]string, n),
		members:   make([]memberRow, n),
		split:     make([]bool, n),
		firstUnit: firstUnit,
		unitOf:    unitOf,
		print:     fingerprint.Of(clean(a.Text)),
	}
	p.bands, p.printText = p.print.Bands(), p.print.String()
	h, err := claimsetHash(cs)
	if err != nil {
		return nil, err
	}
	p.hash = h
	// The claims as grouped: their texts cleaned (a copy of rows only when
	// one changes; rows may be the caller's claims).
	grouped := rows
	for i, c := range rows {
		p.split[i] = firstUnit[i] > 0
		if t := clean(c.Text); t != c.Text {
			if &grouped[0] == &rows[0] {
				grouped = slices.Clone(rows)
			}
			grouped[i].Text = t
		}
	}
	// With which terms each claim prints alone among its speaker's claims
	// in the article (group.MarkOwn): stored with its features.
	items, feats := group.ArticleItems(a.ID, grouped, p.split)
	p.items = items
	for i, c := range rows {
		it := &p.items[i]
		feat := feats[i]
		c.Text, c.Sentence = it.Text, clean(c.Sentence)
		var spName, spMention, spType, spKey string
		if c.Speaker != nil {
			spName, spMention, spType = clean(c.Speaker.Name), clean(c.Speaker.Mention), clean(c.Speaker.Type)
			if spType == "" {
				spType = contract.SpeakerUnknown
			}
			spKey = it.SpeakerKey // group.ClaimSpeakerKey(c.Speaker), read by NewItem
		}
		nums := ""
		if len(c.Numbers) > 0 {
			b, err := json.Marshal(c.Numbers)
			if err != nil {
				return nil, fmt.Errorf("%w: claim %s numbers: %v", ErrInvalid, c.ID, err)
			}
			nums = clean(string(b))
		}
		// Sized for the four columns appended below and the two a bulk
		// commit adds (bulkWrite): grown there, the row was copied once
		// more for every claim, and again for every claim written.
		p.claimRows[i] = append(make([]any, 0, claimRowLen+2), clean(c.ID), a.ID, i, clean(c.Kind), c.Text, c.Sentence, c.Start, c.End,
			spName, spMention, spType, spKey, clean(c.Cue), clean(c.Via), nums, c.Confidence, p.outlet, p.published, clean(c.Rule), clean(c.Group))
		p.members[i] = memberRow{
			Member: group.Member{ClaimID: clean(c.ID), ArticleID: a.ID, Text: c.Text, Published: p.published},
			kind:   clean(c.Kind), speaker: spName, speakerType: spType, via: clean(c.Via), outlet: p.outlet,
		}
		if spType != "" {
			// repSpeakerKey's: the item's key where that is the name's
			// (group.ClaimSpeakerKey keys the name as sent), else from
			// the cache of keyed names.
			if sp := c.Speaker; sp.Type != contract.SpeakerUnknown && sp.Name != "" && sp.Name == spName {
				p.members[i].speakerKey = spKey
			} else {
				p.members[i].speakerKey = group.SpeakerKey(spName)
			}
		}
		// The folds of the text and of the speaker's name: the claim's folds
		// column holds them together, SQLite's full-text index each with
		// its text (FoldText).
		seen := map[string]bool{}
		textFolds := foldWords(p.items[i].Words(), seen, nil) // the words of c.Text, as the item read them
		nText := len(textFolds)
		allFolds := strings.Join(foldList(spName, seen, textFolds), " ")
		if memoFolds {
			foldMemo.put(c.Text, foldedText(c.Text, textFolds[:nText]))
			if spName != "" {
				foldMemo.put(spName, foldedText(spName, foldList(spName, nil, nil)))
			}
		}
		if p.split[i] {
			// Grouped by its units: neither a candidate nor looked up.
			p.claimRows[i] = append(p.claimRows[i], "", allFolds, feat, clean(unitOf[i]))
			continue
		}
		var sketch []string
		keys := group.Keys(&p.items[i])
		for _, k := range keys {
			if group.IsSketch(k) {
				sketch = append(sketch, sketchToken(k))
			} else {
				p.keys[i] = append(p.keys[i], k)
			}
		}
		p.claimRows[i] = append(p.claimRows[i], strings.Join(sketch, " "), allFolds, feat, clean(unitOf[i]))
		p.sketch[i] = sketch
		p.queryKeys[i] = group.QueryKeysOf(keys)
	}
	return p, nil
}

// claimsetHash identifies a ClaimSet's content: the same hash at the same
// extractor version is the same ClaimSet (a redelivery), whose stored
// claims and clusters stay as they are. JSON of the decoded set, not the
// message bytes: the Store takes a ClaimSet, and encoding/json writes one
// value the same way each time.
//
// Encoded straight into the hash: json.Marshal returned a copy of the
// encoding (the article's text included), a tenth of prepare's garbage.
func claimsetHash(cs *contract.ClaimSet) (string, error) {
	h := sha256.New()
	if err := json.NewEncoder(lastNewlineDropped{h}).Encode(cs); err != nil {
		return "", fmt.Errorf("%w: encode ClaimSet: %v", ErrInvalid, err)
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16]), nil
}

// lastNewlineDropped writes to w what a json.Encoder writes but the newline
// that ends each value: the bytes json.Marshal returns. (Encode writes a
// value in one Write.)
type lastNewlineDropped struct{ w io.Writer }

func (d lastNewlineDropped) Write(b []byte) (int, error) {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		if _, err := d.w.Write(b[:n-1]); err != nil {
			return 0, err
		}
		return n, nil
	}
	return d.w.Write(b)
}
