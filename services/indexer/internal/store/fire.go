package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Evaluating the watches. fire runs at the end of apply, in the transaction
// that stores the ClaimSet, once its claims sit in their clusters: an alert
// is committed with the claims that caused it or not at all. Each alert's id
// is derived from the watch and the event (the article a speaker is quoted
// in, the new wording, the pair of figures, the pair of articles, the
// cluster), never from the time or a sequence, so that a redelivered or
// replayed ClaimSet finds its alerts already there (ON CONFLICT DO NOTHING)
// and nothing is delivered twice.

// watchTTL bounds how stale another replica's view of the watches can be;
// this process's own changes take effect at the next commit.
const watchTTL = time.Second

type watchCache struct {
	mu    sync.Mutex
	ws    []Watch
	at    time.Time
	valid bool
}

func (c *watchCache) invalidate() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}

func (c *watchCache) get(q txq) ([]Watch, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && time.Since(c.at) < watchTTL {
		return c.ws, nil
	}
	ws, err := q.s.loadWatches(q.ctx, q.tx)
	if err != nil {
		return nil, err
	}
	c.ws, c.at, c.valid = ws, time.Now(), true
	return ws, nil
}

// alertID is the deterministic id of a watch's event (also its Nats-Msg-Id).
func alertID(watch, kind, key string) string {
	h := sha256.Sum256([]byte(watch + "\x00" + kind + "\x00" + key))
	return hex.EncodeToString(h[:16])
}

// evaluation is one ClaimSet's pass over the watches; it reads lazily what
// the watches need and remembers it for the next watch.
type evaluation struct {
	s   *DB
	q   txq
	p   *prepared
	now time.Time

	clusterOf map[string]string // new claim id → its cluster after this commit
	clusters  map[string]*watchedCluster
}

type watchedCluster struct {
	text, speaker string
	outlets       []string
	nOutlets      int // counts each article without an outlet as its own source
}

// fire evaluates every watch against p, just stored in q's transaction.
func (s *DB) fire(q txq, p *prepared) error {
	ws, err := s.watchCache.get(q)
	if err != nil || len(ws) == 0 || len(p.cs.Claims) == 0 {
		return err
	}
	ev := &evaluation{s: s, q: q, p: p, now: time.Now().UTC().Truncate(time.Millisecond), clusters: map[string]*watchedCluster{}}
	for _, w := range ws {
		var err error
		switch w.Kind {
		case WatchSpeaker:
			err = ev.speaker(w)
		case WatchVariant:
			err = ev.variant(w)
		case WatchFigure:
			err = ev.figure(w)
		case WatchRepeat:
			err = ev.repeat(w)
		case WatchReach:
			err = ev.reach(w)
		}
		if err != nil {
			return fmt.Errorf("watch %s: %w", w.ID, err)
		}
	}
	return nil
}

func (ev *evaluation) claimID(i int) string    { return ev.p.claimRows[i][0].(string) }
func (ev *evaluation) speakerKey(i int) string { return ev.p.claimRows[i][11].(string) }
func (ev *evaluation) text(i int) string       { return ev.p.claimRows[i][4].(string) }

func (ev *evaluation) speakerName(i int) string {
	if sp := ev.p.cs.Claims[i].Speaker; sp != nil {
		return clean(sp.Name)
	}
	return ""
}

// cluster is the cluster new claim i is in after this commit.
func (ev *evaluation) cluster(i int) (string, error) {
	if ev.clusterOf == nil {
		ev.clusterOf = map[string]string{}
		err := ev.q.scanAll(`SELECT id, cluster_id FROM claims WHERE article_id = ?`, []any{ev.p.cs.Article.ID}, func(r *sql.Rows) error {
			var id, cl string
			err := r.Scan(&id, &cl)
			ev.clusterOf[id] = cl
			return err
		})
		if err != nil {
			return "", fmt.Errorf("clusters of the new claims: %w", err)
		}
	}
	return ev.clusterOf[ev.claimID(i)], nil
}

// watched is the cluster a variant or figure watch follows now: clusters are
// named by their smallest claim id, so the claim the watch was named after
// leads to the cluster it has since merged into.
func (ev *evaluation) watched(id string) (string, error) {
	cur := id
	err := ev.q.scanAll(`SELECT cluster_id FROM claims WHERE id = ?`, []any{id}, func(r *sql.Rows) error { return r.Scan(&cur) })
	return cur, err
}

// in returns the new claims (indexes) in cluster cl.
func (ev *evaluation) in(cl string) ([]int, error) {
	var out []int
	for i := range ev.p.cs.Claims {
		c, err := ev.cluster(i)
		if err != nil {
			return nil, err
		}
		if c == cl {
			out = append(out, i)
		}
	}
	return out, nil
}

func (ev *evaluation) clusterRow(id string) (*watchedCluster, error) {
	if r, ok := ev.clusters[id]; ok {
		return r, nil
	}
	var r *watchedCluster
	err := ev.q.scanAll(`SELECT text, speaker, outlets, n_outlets FROM clusters WHERE id = ?`, []any{id}, func(rows *sql.Rows) error {
		var c watchedCluster
		var outlets string
		if err := rows.Scan(&c.text, &c.speaker, &outlets, &c.nOutlets); err != nil {
			return err
		}
		_ = json.Unmarshal([]byte(outlets), &c.outlets)
		r = &c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", id, err)
	}
	ev.clusters[id] = r
	return r, nil
}

// insert records an alert unless its id exists.
func (ev *evaluation) insert(w Watch, key string, i int, a Alert) error {
	art := &ev.p.cs.Article
	a.ID = alertID(w.ID, w.Kind, key)
	a.Watch, a.Kind, a.FiredAt = w.ID, w.Kind, ev.now
	a.ArticleID, a.URL, a.Outlet = art.ID, clean(art.URL), ev.p.outlet
	a.ClaimID, a.Text, a.Speaker = ev.claimID(i), ev.text(i), ev.speakerName(i)
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("alert: %w", err)
	}
	state := ""
	if w.Webhook != "" {
		state = WebhookPending
	}
	if err := ev.q.exec(`INSERT INTO alerts (id, watch_id, kind, fired_at, article_id, claim_id, cluster_id, body, published, webhook, webhook_state, attempts, next_attempt, last_error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, '') ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Watch, a.Kind, a.FiredAt.Format(timeLayout), a.ArticleID, a.ClaimID, a.ClusterID, string(body),
		w.Webhook, state, ev.now.Format(timeLayoutNano)); err != nil {
		return fmt.Errorf("insert alert: %w", err)
	}
	ev.p.fired++
	return nil
}

// speaker: one alert per article quoting the speaker, by speaker key after
// the alias table (an analyst's merge counts).
func (ev *evaluation) speaker(w Watch) error {
	keys := map[string]bool{}
	for i := range ev.p.cs.Claims {
		if k := ev.speakerKey(i); k != "" {
			keys[k] = true
		}
	}
	if len(keys) == 0 {
		return nil
	}
	eff, err := ev.aliases(sortedKeys(keys))
	if err != nil {
		return err
	}
	for i := range ev.p.cs.Claims {
		k := ev.speakerKey(i)
		if k == "" || k != w.SpeakerKey && eff[k] != w.SpeakerKey {
			continue
		}
		cl, err := ev.cluster(i)
		if err != nil {
			return err
		}
		return ev.insert(w, ev.p.cs.Article.ID, i, Alert{ClusterID: cl,
			Summary: fmt.Sprintf("%s quoted by %s: %q", w.Speaker, ev.p.outlet, short(ev.text(i)))})
	}
	return nil
}

// aliases maps speaker keys to their canonical key in this article (a split
// for the article wins over a merge for every article).
func (ev *evaluation) aliases(keys []string) (map[string]string, error) {
	eff := map[string]string{}
	article := map[string]bool{}
	err := inIDs(ev.s.d, keys, func(ph string, args []any) error {
		return ev.q.scanAll(`SELECT key, article_id, canonical_key FROM speaker_aliases WHERE key IN (`+ph+`) AND article_id IN ('', ?)`,
			append(args, ev.p.cs.Article.ID), func(r *sql.Rows) error {
				var k, a, c string
				if err := r.Scan(&k, &a, &c); err != nil {
					return err
				}
				if a != "" || !article[k] {
					eff[k] = c
					article[k] = a != ""
				}
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("speaker aliases: %w", err)
	}
	return eff, nil
}

// variant: a wording of the cluster that differs from the cluster's text
// and that no other article carried before; one alert per wording.
func (ev *evaluation) variant(w Watch) error {
	cur, err := ev.watched(w.Cluster)
	if err != nil {
		return err
	}
	mine, err := ev.in(cur)
	if err != nil || len(mine) == 0 {
		return err
	}
	row, err := ev.clusterRow(cur)
	if err != nil || row == nil {
		return err
	}
	// A wording is new when it is a variant of every wording the cluster
	// already holds, not only of its representative: the representative
	// can change (a fuller quote takes over), and a replay must not find a
	// part of an old wording new against the newer representative.
	var seen []string
	err = ev.q.scanAll(`SELECT text FROM claims WHERE cluster_id = ? AND article_id <> ? AND `+asMemberBare, []any{cur, ev.p.cs.Article.ID}, func(r *sql.Rows) error {
		var t string
		err := r.Scan(&t)
		seen = append(seen, t)
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster wordings: %w", err)
	}
	known := func(text string) bool {
		for _, t := range seen {
			if !group.IsVariant(t, text) || !group.IsVariant(text, t) {
				return true
			}
		}
		return false
	}
	for _, i := range mine {
		if !group.IsVariant(row.text, ev.text(i)) || known(ev.text(i)) {
			continue
		}
		norm := group.Normalize(ev.text(i))
		seen = append(seen, ev.text(i))
		if err := ev.insert(w, norm, i, Alert{ClusterID: cur,
			Summary: fmt.Sprintf("new wording in %s of %q: %q", ev.p.outlet, short(row.text), short(ev.text(i)))}); err != nil {
			return err
		}
	}
	return nil
}

// figureOf is a claim's figure: its first number with a value.
func figureOf(nums []contract.Number) *Figure {
	for _, n := range nums {
		if n.Value != nil {
			v := *n.Value
			return &Figure{Value: &v, Text: n.Text}
		}
	}
	return nil
}

func figureKey(f *Figure) string { return strconv.FormatFloat(*f.Value, 'g', -1, 64) }

// figure: a new claim that states the watched cluster's statement with
// another figure. Different figures are different claims (group.Compatible),
// so the claim is in a sibling cluster; it is compared with the watched
// cluster's representative, figures aside (group.OtherFigure). One alert per
// pair of figures, so the new figure repeated fires nothing more, and a
// replay compares with the same representative.
func (ev *evaluation) figure(w Watch) error {
	cur, err := ev.watched(w.Cluster)
	if err != nil {
		return err
	}
	reps, err := ev.s.clusterReps(ev.q, []string{cur}, map[int64]*itemWithCluster{})
	if err != nil {
		return fmt.Errorf("cluster representative: %w", err)
	}
	rep := reps[cur]
	if rep == nil {
		return nil
	}
	var repNums []contract.Number
	err = ev.q.scanAll(`SELECT numbers FROM claims WHERE id = ? AND numbers <> ''`, []any{rep.ID}, func(r *sql.Rows) error {
		var nums string
		if err := r.Scan(&nums); err != nil {
			return err
		}
		return json.Unmarshal([]byte(nums), &repNums)
	})
	if err != nil {
		return fmt.Errorf("representative figures: %w", err)
	}
	from := figureOf(repNums)
	if from == nil {
		return nil
	}
	for i, c := range ev.p.cs.Claims {
		to := figureOf(c.Numbers)
		if to == nil || *to.Value == *from.Value || !group.OtherFigure(&ev.p.items[i], rep) {
			continue
		}
		if err := ev.insert(w, figureKey(from)+"\x00"+figureKey(to), i, Alert{ClusterID: cur, From: from, To: to,
			Summary: fmt.Sprintf("figure changed in %s: %s → %s", ev.p.outlet, figureText(from), figureText(to))}); err != nil {
			return err
		}
	}
	return nil
}

func figureText(f *Figure) string {
	if f.Text != "" {
		return f.Text
	}
	return figureKey(f)
}

// repeat: an article of outlet A carries a claim whose first report (by
// publication time, then indexing order) is outlet B's. One alert per pair
// of articles.
func (ev *evaluation) repeat(w Watch) error {
	if !outletIs(ev.p.outlet, w.Outlet) {
		return nil
	}
	done := map[string]bool{}
	for i := range ev.p.cs.Claims {
		cl, err := ev.cluster(i)
		if err != nil {
			return err
		}
		if done[cl] {
			continue
		}
		done[cl] = true
		var outlet, article, url string
		err = ev.q.scanAll(`SELECT c.outlet, c.article_id, a.url FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.cluster_id = ?
			ORDER BY CASE WHEN c.published = '' THEN 1 ELSE 0 END, c.published, c.seq LIMIT 1`, []any{cl}, func(r *sql.Rows) error {
			return r.Scan(&outlet, &article, &url)
		})
		if err != nil {
			return fmt.Errorf("first report: %w", err)
		}
		if article == "" || article == ev.p.cs.Article.ID || !outletIs(outlet, w.Source) {
			continue
		}
		if err := ev.insert(w, ev.p.cs.Article.ID+"\x00"+article, i, Alert{ClusterID: cl, FirstBy: outlet, FirstURL: url,
			Summary: fmt.Sprintf("%s repeats a claim first reported by %s: %q", ev.p.outlet, outlet, short(ev.text(i)))}); err != nil {
			return err
		}
	}
	return nil
}

// reach: a cluster with a claim matching the query reaches N outlets. One
// alert per cluster, also across merges: a cluster holding the claim an
// earlier alert was named after has fired already.
func (ev *evaluation) reach(w Watch) error {
	words := queryWords(w.Query)
	done := map[string]bool{}
	for i := range ev.p.cs.Claims {
		cl, err := ev.cluster(i)
		if err != nil {
			return err
		}
		if done[cl] {
			continue
		}
		done[cl] = true
		row, err := ev.clusterRow(cl)
		if err != nil {
			return err
		}
		if row == nil || row.nOutlets < w.MinOutlets {
			continue
		}
		match := matchesQuery(words, row.text, row.speaker)
		mine, err := ev.in(cl)
		if err != nil {
			return err
		}
		for _, j := range mine {
			match = match || matchesQuery(words, ev.text(j), ev.speakerName(j))
		}
		if !match {
			continue
		}
		var fired int
		err = ev.q.scanAll(`SELECT COUNT(*) FROM alerts a LEFT JOIN claims c ON c.id = a.cluster_id
			WHERE a.watch_id = ? AND (a.cluster_id = ? OR c.cluster_id = ?)`, []any{w.ID, cl, cl}, func(r *sql.Rows) error { return r.Scan(&fired) })
		if err != nil {
			return fmt.Errorf("earlier alerts: %w", err)
		}
		if fired > 0 {
			continue
		}
		if err := ev.insert(w, cl, i, Alert{ClusterID: cl, Outlets: row.outlets,
			Summary: fmt.Sprintf("%q reported by %d outlets: %s", short(row.text), row.nOutlets, strings.Join(row.outlets, ", "))}); err != nil {
			return err
		}
	}
	return nil
}

// queryWords are a reach query's words, spelling folded as the search folds
// them; a plural's s is dropped so that "strike" matches "strikes".
func queryWords(q string) []string {
	var out []string
	for _, w := range group.Words(q) {
		out = append(out, stemWord(w))
	}
	return out
}

func stemWord(w string) string {
	if f := FoldWord(w); f != "" {
		w = f
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		w = w[:len(w)-1]
	}
	return w
}

// matchesQuery reports whether every query word is a word of the texts.
func matchesQuery(words []string, texts ...string) bool {
	if len(words) == 0 {
		return false
	}
	have := map[string]bool{}
	for _, t := range texts {
		for _, w := range group.Words(t) {
			have[stemWord(w)] = true
		}
	}
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return true
}

// outletIs reports whether a stored outlet is the outlet a watch names, as
// the outlet filter of /api/claims reads a name: "dawn.com" is also
// www.dawn.com, a name without a dot is the first label of the domain.
func outletIs(stored, name string) bool {
	stored = strings.TrimPrefix(stored, "www.")
	if stored == name {
		return true
	}
	if strings.Contains(name, ".") {
		return false
	}
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	label, _, _ := strings.Cut(stored, ".")
	return squash(label) == squash(name) && squash(name) != ""
}

// short is a text cut for a summary line.
func short(s string) string {
	r := []rune(s)
	if len(r) <= 120 {
		return s
	}
	return string(r[:119]) + "…"
}
