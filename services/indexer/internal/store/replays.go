package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/changes"
)

// Replay reports. A claim set published by `claimwire replay` carries the
// replay's id; applying it records, in the same transaction, what the new
// version changed against the one it replaced (changes.Compare). The diff is
// made at apply time because that is the one moment both versions are at
// hand: afterwards the old claims are gone, and keeping every superseded
// claim set in full would double the index for each replay. Only changed
// claims are stored, with both sides; unchanged ones are counted.

// ReplayIDPattern is what a replay id may be: it names a durable consumer
// and appears in URLs.
var ReplayIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// ExamplesPerCategory is how many examples a report shows of each change.
const ExamplesPerCategory = 3

// Replay is one replay's running totals.
type Replay struct {
	ID        string         `json:"id"`
	StartedAt *time.Time     `json:"started_at"` // its first claim set applied
	UpdatedAt *time.Time     `json:"updated_at"` // its last
	Articles  int            `json:"articles"`   // claim sets applied
	Changed   int            `json:"changed"`    // of which with any change
	Stale     int            `json:"stale"`      // ignored: the index holds a newer extractor version
	Totals    changes.Counts `json:"totals"`
}

// ReplayList is one page of replays, newest first.
type ReplayList struct {
	Replays    []Replay `json:"replays"`
	NextCursor *string  `json:"next_cursor"`
}

// ReplayListQuery pages /api/replays.
type ReplayListQuery struct {
	Limit  int
	Cursor string
}

// ReplayQuery selects a replay's report and one page of its changed
// articles.
type ReplayQuery struct {
	ID     string
	Outlet string // only this outlet's articles
	Limit  int
	Cursor string
}

// VersionChange counts the articles a replay moved from one pair of
// versions to another.
type VersionChange struct {
	OldExtractor string `json:"old_extractor"`
	NewExtractor string `json:"new_extractor"`
	OldCleaner   string `json:"old_cleaner"`
	NewCleaner   string `json:"new_cleaner"`
	Articles     int    `json:"articles"`
}

// OutletTotals is a replay's changes in one outlet's articles.
type OutletTotals struct {
	Outlet   string `json:"outlet"`
	Articles int    `json:"articles"`
	Changed  int    `json:"changed"`
	changes.Counts
}

// RuleTotals is a replay's changes to the claims of one extractor rule (the
// new claim's rule, else the removed claim's).
// Unchanged claims are counted per article, not per rule.
type RuleTotals struct {
	Rule         string `json:"rule"`
	Added        int    `json:"added"`
	Removed      int    `json:"removed"`
	Reattributed int    `json:"reattributed"`
	Rekinded     int    `json:"rekinded"`
	Reworded     int    `json:"reworded"`
}

// ArticleChange is one change with the article it is in.
type ArticleChange struct {
	ArticleID string `json:"article_id"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	changes.Change
}

// ReplayArticle is what a replay did to one article.
type ReplayArticle struct {
	ArticleID    string `json:"article_id"`
	URL          string `json:"url"`
	Outlet       string `json:"outlet"`
	Title        string `json:"title"`
	OldExtractor string `json:"old_extractor"`
	NewExtractor string `json:"new_extractor"`
	OldCleaner   string `json:"old_cleaner"`
	NewCleaner   string `json:"new_cleaner"`
	changes.Counts
	Changes []changes.Change `json:"changes"`
}

// ReplayReport is a replay's report: totals, per outlet and per rule, a few
// examples of each change, and one page of changed articles (all of them
// through NextCursor).
type ReplayReport struct {
	Replay
	Versions        []VersionChange            `json:"versions"`
	Outlets         []OutletTotals             `json:"outlets"`
	Rules           []RuleTotals               `json:"rules"`
	Examples        map[string][]ArticleChange `json:"examples"`
	ChangedArticles []ReplayArticle            `json:"changed_articles"`
	NextCursor      *string                    `json:"next_cursor"`
}

// ReplayArticleView is one article's two versions side by side. Old is
// rebuilt from the current claims and the recorded changes; when the
// article has been re-extracted since the replay (Current false), only the
// changed claims can be shown.
type ReplayArticleView struct {
	ReplayArticle
	Current bool             `json:"current"`
	Old     []contract.Claim `json:"old"`
	New     []contract.Claim `json:"new"`
}

// ApplyReplay implements Store.
func (s *DB) ApplyReplay(ctx context.Context, replay string, cs contract.ClaimSet) (bool, error) {
	if !ReplayIDPattern.MatchString(replay) {
		return false, fmt.Errorf("%w: replay id %q", ErrInvalid, replay)
	}
	return s.applyTagged(ctx, cs, replay)
}

// recordReplay records what applying p changes, before the old claims are
// deleted. exists says the article was stored before. A claim set applied
// twice under one replay (a redelivery, an article twice in the stream)
// keeps its first record: the second would compare the replay's output
// with itself.
func (s *DB) recordReplay(q txq, p *prepared, exists, stale bool) error {
	cs := p.cs
	a := &cs.Article
	var one int
	err := q.scanAll(`SELECT 1 FROM replay_articles WHERE replay_id = ? AND article_id = ?`, []any{p.replay, a.ID},
		func(r *sql.Rows) error { return r.Scan(&one) })
	if err != nil || one == 1 {
		return err
	}
	var old []contract.Claim
	var oldExtractor, oldCleaner, oldText string
	if exists {
		if err := q.scanAll(`SELECT extractor_version, cleaner_version, text FROM articles WHERE id = ?`, []any{a.ID},
			func(r *sql.Rows) error { return r.Scan(&oldExtractor, &oldCleaner, &oldText) }); err != nil {
			return fmt.Errorf("replay: old article: %w", err)
		}
		if !stale {
			if old, err = s.storedClaims(q, a.ID); err != nil {
				return err
			}
		}
	}
	var diff []changes.Change
	var n changes.Counts
	if !stale {
		var unchanged int
		diff, unchanged = changes.Compare(old, cs.Claims, exists && oldText == a.Text)
		n = changes.Count(diff, unchanged)
	}
	now := time.Now().UTC().Format(timeLayout)
	changed := n.Any()
	if err := q.exec(`INSERT INTO replay_articles (replay_id, article_id, outlet, url, title, old_extractor, new_extractor,
		old_cleaner, new_cleaner, stale, changed, added, removed, reattributed, rekinded, reworded, unchanged, new_claims, applied_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.replay, a.ID, p.outlet, clean(a.URL), clean(a.Title), clean(oldExtractor), clean(cs.ExtractorVersion),
		clean(oldCleaner), clean(a.CleanerVersion), b2i(stale), b2i(changed), n.Added, n.Removed, n.Reattributed,
		n.Rekinded, n.Reworded, n.Unchanged, len(cs.Claims), now); err != nil {
		return fmt.Errorf("replay: record article: %w", err)
	}
	rows := make([][]any, len(diff))
	for i, c := range diff {
		rows[i] = []any{p.replay, a.ID, i, c.Change, b2i(c.Reattributed), b2i(c.Rekinded), b2i(c.Reworded),
			clean(c.Rule), p.outlet, claimJSON(c.Old), claimJSON(c.New)}
	}
	if err := q.insertRows(`INSERT INTO replay_changes (replay_id, article_id, ord, change_kind, reattributed, rekinded,
		reworded, rule, outlet, old_claim, new_claim) VALUES `, "", rows, nil); err != nil {
		return fmt.Errorf("replay: record changes: %w", err)
	}
	if err := q.exec(`INSERT INTO replays (id, started_at, updated_at, articles, changed, stale, added, removed,
		reattributed, rekinded, reworded, unchanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, articles = replays.articles + excluded.articles,
		changed = replays.changed + excluded.changed, stale = replays.stale + excluded.stale,
		added = replays.added + excluded.added, removed = replays.removed + excluded.removed,
		reattributed = replays.reattributed + excluded.reattributed, rekinded = replays.rekinded + excluded.rekinded,
		reworded = replays.reworded + excluded.reworded, unchanged = replays.unchanged + excluded.unchanged`,
		p.replay, now, now, b2i(!stale), b2i(changed), b2i(stale), n.Added, n.Removed, n.Reattributed, n.Rekinded,
		n.Reworded, n.Unchanged); err != nil {
		return fmt.Errorf("replay: totals: %w", err)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func claimJSON(c *contract.Claim) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(c) // a Claim always marshals
	return clean(string(b))
}

func claimFromJSON(s string) *contract.Claim {
	if s == "" {
		return nil
	}
	var c contract.Claim
	if json.Unmarshal([]byte(s), &c) != nil {
		return nil
	}
	return &c
}

// storedClaims reads an article's claims as the extractor sent them (no
// alias table: a replay compares extractor output).
func (s *DB) storedClaims(q txq, articleID string) ([]contract.Claim, error) {
	var out []contract.Claim
	err := q.scanAll(`SELECT id, kind, text, sentence, start_off, end_off, speaker_name, speaker_mention, speaker_type,
		speaker_key, cue, via, numbers, confidence, rule, grp FROM claims WHERE article_id = ? AND `+asSentBare+` ORDER BY ord`, []any{articleID},
		func(r *sql.Rows) error {
			var c contract.Claim
			var name, mention, typ, key, nums string
			if err := r.Scan(&c.ID, &c.Kind, &c.Text, &c.Sentence, &c.Start, &c.End, &name, &mention, &typ, &key,
				&c.Cue, &c.Via, &nums, &c.Confidence, &c.Rule, &c.Group); err != nil {
				return err
			}
			if typ != "" {
				c.Speaker = &contract.Speaker{Name: name, Mention: mention, Type: typ, Key: key}
			}
			if nums != "" {
				_ = json.Unmarshal([]byte(nums), &c.Numbers) // written by Apply from valid JSON
			}
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("replay: old claims: %w", err)
	}
	return out, nil
}

const replayCols = `id, started_at, updated_at, articles, changed, stale, added, removed, reattributed, rekinded, reworded, unchanged`

func scanReplay(sc interface{ Scan(...any) error }) (Replay, error) {
	var r Replay
	var started, updated string
	t := &r.Totals
	err := sc.Scan(&r.ID, &started, &updated, &r.Articles, &r.Changed, &r.Stale, &t.Added, &t.Removed, &t.Reattributed,
		&t.Rekinded, &t.Reworded, &t.Unchanged)
	r.StartedAt, r.UpdatedAt = parseTime(started), parseTime(updated)
	return r, err
}

// Replays implements Store: newest first.
func (s *DB) Replays(ctx context.Context, q ReplayListQuery) (ReplayList, error) {
	limit := limitOf(q.Limit)
	var w where
	if q.Cursor != "" {
		var started, id string
		if err := decodeCursor(q.Cursor, &started, &id); err != nil {
			return ReplayList{}, err
		}
		w.add(`(started_at < ? OR (started_at = ? AND id < ?))`, started, started, id)
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+replayCols+` FROM replays`+w.sql()+
		fmt.Sprintf(` ORDER BY started_at DESC, id DESC LIMIT %d`, limit+1)), w.args...)
	if err != nil {
		return ReplayList{}, s.classify(fmt.Errorf("store: replays: %w", err))
	}
	defer rows.Close()
	out := ReplayList{Replays: []Replay{}}
	for rows.Next() {
		r, err := scanReplay(rows)
		if err != nil {
			return ReplayList{}, s.classify(fmt.Errorf("store: replays: %w", err))
		}
		out.Replays = append(out.Replays, r)
	}
	if err := rows.Err(); err != nil {
		return ReplayList{}, s.classify(fmt.Errorf("store: replays: %w", err))
	}
	if len(out.Replays) > limit {
		out.Replays = out.Replays[:limit]
		last := out.Replays[limit-1]
		out.NextCursor = encodeCursor(fmtTime(last.StartedAt), last.ID)
	}
	return out, nil
}

// replayRow reads one replay's totals.
func (s *DB) replayRow(ctx context.Context, id string) (Replay, error) {
	r, err := scanReplay(s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+replayCols+` FROM replays WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("%w: replay %s", ErrNotFound, id)
	}
	if err != nil {
		return r, s.classify(fmt.Errorf("store: replay: %w", err))
	}
	return r, nil
}

// DeleteReplay implements Store. The report's rows go in one transaction;
// the claims the replay indexed stay, since they are the index's current
// version. A replay still running records what it applies from then on.
func (s *DB) DeleteReplay(ctx context.Context, id string) error {
	if !ReplayIDPattern.MatchString(id) {
		return fmt.Errorf("%w: replay id %q", ErrInvalid, id)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM replays WHERE id = ?`), id)
		if err != nil {
			return s.classify(fmt.Errorf("store: delete replay: %w", err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: replay %s", ErrNotFound, id)
		}
		for _, table := range []string{"replay_articles", "replay_changes"} {
			if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM `+table+` WHERE replay_id = ?`), id); err != nil {
				return s.classify(fmt.Errorf("store: delete replay: %s: %w", table, err))
			}
		}
		return nil
	})
}

// maxReportOutlets bounds the outlets a report lists (most changed first).
const maxReportOutlets = 200

const countsSums = `SUM(added), SUM(removed), SUM(reattributed), SUM(rekinded), SUM(reworded), SUM(unchanged)`

// Replay implements Store.
func (s *DB) Replay(ctx context.Context, q ReplayQuery) (ReplayReport, error) {
	r, err := s.replayRow(ctx, q.ID)
	if err != nil {
		return ReplayReport{}, err
	}
	rep := ReplayReport{Replay: r, Versions: []VersionChange{}, Outlets: []OutletTotals{}, Rules: []RuleTotals{},
		Examples: map[string][]ArticleChange{}, ChangedArticles: []ReplayArticle{}}
	scan := func(what, query string, args []any, fn func(*sql.Rows) error) error {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(query), args...)
		if err != nil {
			return s.classify(fmt.Errorf("store: replay %s: %w", what, err))
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return s.classify(fmt.Errorf("store: replay %s: %w", what, err))
			}
		}
		return s.classify(rows.Err())
	}
	if err := scan("versions", `SELECT old_extractor, new_extractor, old_cleaner, new_cleaner, COUNT(*) FROM replay_articles
		WHERE replay_id = ? GROUP BY old_extractor, new_extractor, old_cleaner, new_cleaner ORDER BY COUNT(*) DESC`, []any{q.ID},
		func(rows *sql.Rows) error {
			var v VersionChange
			err := rows.Scan(&v.OldExtractor, &v.NewExtractor, &v.OldCleaner, &v.NewCleaner, &v.Articles)
			rep.Versions = append(rep.Versions, v)
			return err
		}); err != nil {
		return ReplayReport{}, err
	}
	if err := scan("outlets", `SELECT outlet, COUNT(*), SUM(changed), `+countsSums+` FROM replay_articles
		WHERE replay_id = ? AND stale = 0 GROUP BY outlet ORDER BY SUM(changed) DESC, outlet LIMIT `+fmt.Sprint(maxReportOutlets), []any{q.ID},
		func(rows *sql.Rows) error {
			var o OutletTotals
			c := &o.Counts
			err := rows.Scan(&o.Outlet, &o.Articles, &o.Changed, &c.Added, &c.Removed, &c.Reattributed, &c.Rekinded, &c.Reworded, &c.Unchanged)
			rep.Outlets = append(rep.Outlets, o)
			return err
		}); err != nil {
		return ReplayReport{}, err
	}
	if err := scan("rules", `SELECT rule, SUM(CASE WHEN change_kind = 'added' THEN 1 ELSE 0 END),
		SUM(CASE WHEN change_kind = 'removed' THEN 1 ELSE 0 END), SUM(reattributed), SUM(rekinded), SUM(reworded)
		FROM replay_changes WHERE replay_id = ? GROUP BY rule ORDER BY COUNT(*) DESC, rule`, []any{q.ID},
		func(rows *sql.Rows) error {
			var t RuleTotals
			c := &t
			err := rows.Scan(&t.Rule, &c.Added, &c.Removed, &c.Reattributed, &c.Rekinded, &c.Reworded)
			rep.Rules = append(rep.Rules, t)
			return err
		}); err != nil {
		return ReplayReport{}, err
	}
	for _, cat := range changes.Categories {
		cond := cat + ` = 1`
		if cat == "added" || cat == "removed" {
			cond = `change_kind = '` + cat + `'`
		}
		ex := []ArticleChange{}
		if err := scan("examples", `SELECT ch.article_id, ra.url, ch.outlet, ch.change_kind, ch.reattributed, ch.rekinded, ch.reworded,
			ch.rule, ch.old_claim, ch.new_claim FROM replay_changes ch
			JOIN replay_articles ra ON ra.replay_id = ch.replay_id AND ra.article_id = ch.article_id
			WHERE ch.replay_id = ? AND ch.`+cond+` ORDER BY ch.article_id, ch.ord LIMIT `+fmt.Sprint(ExamplesPerCategory), []any{q.ID},
			func(rows *sql.Rows) error {
				var a ArticleChange
				var re, rk, rw int
				var oldJ, newJ string
				err := rows.Scan(&a.ArticleID, &a.URL, &a.Outlet, &a.Change.Change, &re, &rk, &rw, &a.Rule, &oldJ, &newJ)
				a.Reattributed, a.Rekinded, a.Reworded = re == 1, rk == 1, rw == 1
				a.Old, a.New = claimFromJSON(oldJ), claimFromJSON(newJ)
				ex = append(ex, a)
				return err
			}); err != nil {
			return ReplayReport{}, err
		}
		rep.Examples[cat] = ex
	}

	limit := limitOf(q.Limit)
	w := where{}
	w.add(`replay_id = ?`, q.ID)
	w.add(`changed = 1`)
	if q.Outlet != "" {
		cond, args := outletCondOn("outlet", q.Outlet)
		w.add(cond, args...)
	}
	if q.Cursor != "" {
		var after string
		if err := decodeCursor(q.Cursor, &after); err != nil {
			return ReplayReport{}, err
		}
		w.add(`article_id > ?`, after)
	}
	if err := scan("articles", `SELECT `+replayArticleCols+` FROM replay_articles`+w.sql()+
		fmt.Sprintf(` ORDER BY article_id LIMIT %d`, limit+1), w.args, func(rows *sql.Rows) error {
		a, err := scanReplayArticle(rows)
		rep.ChangedArticles = append(rep.ChangedArticles, a)
		return err
	}); err != nil {
		return ReplayReport{}, err
	}
	if len(rep.ChangedArticles) > limit {
		rep.ChangedArticles = rep.ChangedArticles[:limit]
		rep.NextCursor = encodeCursor(rep.ChangedArticles[limit-1].ArticleID)
	}
	if err := s.fillChanges(ctx, q.ID, rep.ChangedArticles); err != nil {
		return ReplayReport{}, err
	}
	return rep, nil
}

const replayArticleCols = `article_id, url, outlet, title, old_extractor, new_extractor, old_cleaner, new_cleaner,
	added, removed, reattributed, rekinded, reworded, unchanged`

func scanReplayArticle(sc interface{ Scan(...any) error }) (ReplayArticle, error) {
	var a ReplayArticle
	c := &a.Counts
	err := sc.Scan(&a.ArticleID, &a.URL, &a.Outlet, &a.Title, &a.OldExtractor, &a.NewExtractor, &a.OldCleaner, &a.NewCleaner,
		&c.Added, &c.Removed, &c.Reattributed, &c.Rekinded, &c.Reworded, &c.Unchanged)
	a.Changes = []changes.Change{}
	return a, err
}

// fillChanges reads the changes of the given articles of a replay.
func (s *DB) fillChanges(ctx context.Context, replay string, arts []ReplayArticle) error {
	if len(arts) == 0 {
		return nil
	}
	at := make(map[string]int, len(arts))
	ids := make([]string, len(arts))
	for i, a := range arts {
		at[a.ArticleID], ids[i] = i, a.ArticleID
	}
	return inIDs(s.d, ids, func(ph string, args []any) error {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT article_id, change_kind, reattributed, rekinded, reworded, rule,
			old_claim, new_claim FROM replay_changes WHERE replay_id = ? AND article_id IN (`+ph+`) ORDER BY article_id, ord`),
			append([]any{replay}, args...)...)
		if err != nil {
			return s.classify(fmt.Errorf("store: replay changes: %w", err))
		}
		defer rows.Close()
		for rows.Next() {
			var id, oldJ, newJ string
			var c changes.Change
			var re, rk, rw int
			if err := rows.Scan(&id, &c.Change, &re, &rk, &rw, &c.Rule, &oldJ, &newJ); err != nil {
				return s.classify(fmt.Errorf("store: replay changes: %w", err))
			}
			c.Reattributed, c.Rekinded, c.Reworded = re == 1, rk == 1, rw == 1
			c.Old, c.New = claimFromJSON(oldJ), claimFromJSON(newJ)
			a := &arts[at[id]]
			a.Changes = append(a.Changes, c)
		}
		return s.classify(rows.Err())
	})
}

// ReplayArticle implements Store.
func (s *DB) ReplayArticle(ctx context.Context, replay, articleID string) (ReplayArticleView, error) {
	var v ReplayArticleView
	var newClaims, stale int
	row := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+replayArticleCols+`, new_claims, stale FROM replay_articles
		WHERE replay_id = ? AND article_id = ?`), replay, articleID)
	a, err := scanReplayArticle(scanFunc(func(dest ...any) error {
		return row.Scan(append(dest, &newClaims, &stale)...)
	}))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%w: article %s in replay %s", ErrNotFound, articleID, replay)
	}
	if err != nil {
		return v, s.classify(fmt.Errorf("store: replay article: %w", err))
	}
	arts := []ReplayArticle{a}
	if err := s.fillChanges(ctx, replay, arts); err != nil {
		return v, err
	}
	v.ReplayArticle = arts[0]
	v.Old, v.New = []contract.Claim{}, []contract.Claim{}
	if stale == 1 {
		return v, nil
	}
	cur, err := s.Article(ctx, articleID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return v, err
	}
	// The current claims are the replay's output while the article still
	// holds the replay's version, its claim count and every claim the
	// replay added or changed.
	current := err == nil && cur.ExtractorVersion == a.NewExtractor && cur.CleanerVersion == a.NewCleaner && len(cur.Claims) == newClaims
	byID := map[string]bool{}
	for _, c := range cur.Claims {
		byID[c.ID] = true
	}
	replaced := map[string]bool{}
	for _, c := range v.Changes {
		if c.New != nil {
			current = current && byID[c.New.ID]
			replaced[c.New.ID] = true
		}
	}
	v.Current = current
	if !current {
		for _, c := range v.Changes {
			if c.Old != nil {
				v.Old = append(v.Old, *c.Old)
			}
			if c.New != nil {
				v.New = append(v.New, *c.New)
			}
		}
		return v, nil
	}
	for _, c := range cur.Claims {
		v.New = append(v.New, c.Claim)
		if !replaced[c.ID] {
			v.Old = append(v.Old, c.Claim) // unchanged
		}
	}
	for _, c := range v.Changes {
		if c.Old != nil {
			v.Old = append(v.Old, *c.Old)
		}
	}
	slices.SortStableFunc(v.Old, func(a, b contract.Claim) int { return cmp.Compare(a.Start, b.Start) })
	return v, nil
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
