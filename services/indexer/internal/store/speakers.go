package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
)

// The speaker alias table holds analysts' corrections of speaker keys.
// A merge maps every claim of one key to another speaker (article_id ""); a
// split maps the claims of a key in chosen articles to another speaker
// (one row per article), undoing a wrong merge made by the extractor's key.
// Corrections are applied when reading, never written into the claims, so a
// replay that rewrites the claims keeps them; each change is logged with who
// made it and when.

// Alias is one correction.
type Alias struct {
	Key       string    `json:"key"`        // the extractor's speaker key
	ArticleID string    `json:"article_id"` // "" for every article (a merge)
	Canonical string    `json:"canonical"`  // the key the claims are shown under
	Name      string    `json:"name"`       // the name shown for that key
	By        string    `json:"by"`
	At        time.Time `json:"at"`
	Note      string    `json:"note"`
}

// AliasChange is one entry of the alias table's history.
type AliasChange struct {
	Action string `json:"action"` // "merge", "split" or "remove"
	Alias
}

// AliasList is the alias table with its history, newest change first.
type AliasList struct {
	Aliases []Alias       `json:"aliases"`
	History []AliasChange `json:"history"`
}

// Merge shows every claim of speaker From as speaker Into.
type Merge struct {
	From, Into string // names or keys
	By, Note   string
}

// Split shows the claims of speaker Key in Articles (or from Outlet) as
// speaker Name.
type Split struct {
	Key      string
	Articles []string
	Outlet   string
	Name     string
	By, Note string
}

// SpeakerDetail is one speaker with where and when they were quoted.
type SpeakerDetail struct {
	Speaker
	Names     []string      `json:"names"`    // spellings seen in articles
	Mentions  []string      `json:"mentions"` // how articles referred to them, most frequent first (roles: "Defence Minister …")
	Aliases   []Alias       `json:"aliases"`  // corrections that apply to them
	Outlets   []OutletCount `json:"outlets"`
	FirstSeen *time.Time    `json:"first_seen"`
	LastSeen  *time.Time    `json:"last_seen"`
	Timeline  []DayCount    `json:"timeline"` // claims per publication day
}

// OutletCount is how many claims an outlet carries.
type OutletCount struct {
	Outlet string `json:"outlet"`
	Claims int    `json:"claims"`
}

// DayCount is how many claims were published on a day.
type DayCount struct {
	Day    string `json:"day"` // YYYY-MM-DD
	Claims int    `json:"claims"`
}

// Outlet is a publication with counts.
type Outlet struct {
	Outlet    string     `json:"outlet"`
	Articles  int        `json:"articles"`
	Claims    int        `json:"claims"`
	Clusters  int        `json:"clusters"`
	FirstSeen *time.Time `json:"first_seen"`
	LastSeen  *time.Time `json:"last_seen"`
}

// OutletPage is one page of outlets.
type OutletPage struct {
	Outlets    []Outlet `json:"outlets"`
	Total      int      `json:"total"`
	NextCursor *string  `json:"next_cursor"`
}

// aliasJoin adds the alias table to a query over claims alias c: effKey and
// effName are then the claim's speaker after corrections.
const (
	aliasJoin = ` LEFT JOIN speaker_aliases sx ON sx.key = c.speaker_key AND sx.article_id = c.article_id
		LEFT JOIN speaker_aliases sg ON sg.key = c.speaker_key AND sg.article_id = ''`
	effKey  = `COALESCE(sx.canonical_key, sg.canonical_key, c.speaker_key)`
	effName = `COALESCE(sx.canonical_name, sg.canonical_name, c.speaker_name)`
)

// HasLetter reports whether s names anything: a speaker filter of digits and
// punctuation only would otherwise match the claims without a speaker.
func HasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// EscapeLike escapes LIKE's wildcards; the pattern takes ESCAPE '\'.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func (s *DB) loadAliases(ctx context.Context) ([]Alias, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, article_id, canonical_key, canonical_name, changed_by, changed_at, note
		FROM speaker_aliases ORDER BY canonical_key, key, article_id`)
	if err != nil {
		return nil, s.classify(fmt.Errorf("store: aliases: %w", err))
	}
	defer rows.Close()
	var out []Alias
	for rows.Next() {
		var a Alias
		var at string
		if err := rows.Scan(&a.Key, &a.ArticleID, &a.Canonical, &a.Name, &a.By, &at, &a.Note); err != nil {
			return nil, s.classify(fmt.Errorf("store: aliases: %w", err))
		}
		if t := parseTime(at); t != nil {
			a.At = *t
		}
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}

// speakerCond is the condition on claims alias c that selects the claims of
// the speaker named by name after the alias table: the speaker whose key is
// SpeakerKey(name), and, unless exact, every speaker whose key ends with it
// (a surname: "Asif" finds "Khwaja Asif").
func (s *DB) speakerCond(ctx context.Context, name string, exact bool) (string, []any, error) {
	if !HasLetter(name) {
		return "", nil, fmt.Errorf("%w: speaker %q has no letters", ErrBadRequest, name)
	}
	k := contract.SpeakerKey(name)
	if k == "" {
		return "", nil, fmt.Errorf("%w: speaker %q is only initials or titles", ErrBadRequest, name)
	}
	matches := func(key string) bool { return key == k || !exact && strings.HasSuffix(key, " "+k) }
	aliases, err := s.loadAliases(ctx)
	if err != nil {
		return "", nil, err
	}
	global := map[string]string{}
	splits := false
	for _, a := range aliases {
		if a.ArticleID == "" {
			global[a.Key] = a.Canonical
		} else {
			splits = true
		}
	}
	canon := func(key string) string {
		if c, ok := global[key]; ok {
			return c
		}
		return key
	}
	// The speakers meant: canonical keys that match, and the canonical keys
	// of stored keys that match (an old spelling finds the merged speaker).
	target := map[string]bool{}
	q := `SELECT DISTINCT speaker_key FROM claims WHERE speaker_key = ?`
	args := []any{k}
	if !exact {
		q += ` OR speaker_key LIKE ? ESCAPE '\'`
		args = append(args, "% "+EscapeLike(k))
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return "", nil, s.classify(fmt.Errorf("store: speaker keys: %w", err))
	}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			rows.Close()
			return "", nil, s.classify(fmt.Errorf("store: speaker keys: %w", err))
		}
		target[canon(key)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", nil, s.classify(fmt.Errorf("store: speaker keys: %w", err))
	}
	for _, a := range aliases {
		if matches(a.Canonical) {
			target[a.Canonical] = true
		}
		if a.ArticleID == "" && matches(a.Key) {
			target[a.Canonical] = true
		}
	}
	if len(target) == 0 {
		return "1 = 0", nil, nil
	}
	// The stored keys shown under the target speakers.
	raw := map[string]bool{}
	for t := range target {
		if _, aliased := global[t]; !aliased {
			raw[t] = true
		}
	}
	for key, c := range global {
		if target[c] {
			raw[key] = true
		}
	}
	tl, rl := sortedKeys(target), sortedKeys(raw)
	var cargs []any
	cond := "1 = 0"
	if len(rl) > 0 {
		cond = `c.speaker_key IN (` + placeholders(len(rl)) + `)`
		for _, r := range rl {
			cargs = append(cargs, r)
		}
	}
	if !splits {
		return "(" + cond + ")", cargs, nil
	}
	// A split moves some articles' claims of a key elsewhere (or here).
	cond = `((` + cond + ` AND NOT EXISTS (SELECT 1 FROM speaker_aliases sa WHERE sa.key = c.speaker_key AND sa.article_id = c.article_id))
		OR EXISTS (SELECT 1 FROM speaker_aliases sa WHERE sa.key = c.speaker_key AND sa.article_id = c.article_id AND sa.canonical_key IN (` + placeholders(len(tl)) + `)))`
	for _, t := range tl {
		cargs = append(cargs, t)
	}
	return cond, cargs, nil
}

// Aliases implements Store.
func (s *DB) Aliases(ctx context.Context) (AliasList, error) {
	as, err := s.loadAliases(ctx)
	if err != nil {
		return AliasList{}, err
	}
	out := AliasList{Aliases: as, History: []AliasChange{}}
	if out.Aliases == nil {
		out.Aliases = []Alias{}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT action, key, article_id, canonical_key, canonical_name, changed_by, changed_at, note
		FROM speaker_alias_log ORDER BY seq DESC LIMIT 1000`)
	if err != nil {
		return AliasList{}, s.classify(fmt.Errorf("store: alias log: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		var c AliasChange
		var at string
		if err := rows.Scan(&c.Action, &c.Key, &c.ArticleID, &c.Canonical, &c.Name, &c.By, &at, &c.Note); err != nil {
			return AliasList{}, s.classify(fmt.Errorf("store: alias log: %w", err))
		}
		if t := parseTime(at); t != nil {
			c.At = *t
		}
		out.History = append(out.History, c)
	}
	return out, s.classify(rows.Err())
}

// displayName is the name most claims of key carry, or "" when no claim has it.
func displayName(ctx context.Context, tx *sql.Tx, d *Dialect, key string) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, d.rebind(`SELECT speaker_name FROM claims WHERE speaker_key = ?
		GROUP BY speaker_name ORDER BY COUNT(*) DESC, speaker_name LIMIT 1`), key).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

func checkBy(by, note string) error {
	if strings.TrimSpace(by) == "" || len(by) > 200 {
		return fmt.Errorf("%w: say who makes the change (\"by\", at most 200 bytes)", ErrBadRequest)
	}
	if len(note) > 2000 {
		return fmt.Errorf("%w: note longer than 2000 bytes", ErrBadRequest)
	}
	return nil
}

// writeAlias upserts a and logs it.
func writeAlias(ctx context.Context, tx *sql.Tx, d *Dialect, action string, a Alias) error {
	at := a.At.UTC().Format(timeLayout)
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO speaker_aliases (key, article_id, canonical_key, canonical_name, changed_by, changed_at, note)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, article_id) DO UPDATE SET canonical_key = excluded.canonical_key,
		canonical_name = excluded.canonical_name, changed_by = excluded.changed_by, changed_at = excluded.changed_at, note = excluded.note`),
		a.Key, a.ArticleID, a.Canonical, a.Name, a.By, at, a.Note); err != nil {
		return fmt.Errorf("store: write alias: %w", err)
	}
	return logAlias(ctx, tx, d, action, a)
}

func logAlias(ctx context.Context, tx *sql.Tx, d *Dialect, action string, a Alias) error {
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO speaker_alias_log (action, key, article_id, canonical_key, canonical_name, changed_by, changed_at, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), action, a.Key, a.ArticleID, a.Canonical, a.Name, a.By, a.At.UTC().Format(timeLayout), a.Note); err != nil {
		return fmt.Errorf("store: log alias: %w", err)
	}
	return nil
}

func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(fmt.Errorf("store: begin: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// MergeSpeakers implements Store. The table stays flat: a speaker merged
// into one that was itself merged goes to the end of the chain, and the
// speakers merged into From follow it.
func (s *DB) MergeSpeakers(ctx context.Context, m Merge) (Alias, error) {
	if err := checkBy(m.By, m.Note); err != nil {
		return Alias{}, err
	}
	if !HasLetter(m.From) || !HasLetter(m.Into) {
		return Alias{}, fmt.Errorf("%w: merge needs two speaker names", ErrBadRequest)
	}
	from, into := contract.SpeakerKey(m.From), contract.SpeakerKey(m.Into)
	a := Alias{Key: from, By: strings.TrimSpace(m.By), At: time.Now().UTC().Truncate(time.Second), Note: m.Note}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var target, name string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT canonical_key, canonical_name FROM speaker_aliases WHERE key = ? AND article_id = ''`), into).Scan(&target, &name)
		switch {
		case err == sql.ErrNoRows:
			target = into
			if name, err = displayName(ctx, tx, s.d, into); err != nil {
				return fmt.Errorf("store: merge: %w", err)
			}
			if name == "" {
				name = strings.TrimSpace(m.Into)
			}
		case err != nil:
			return fmt.Errorf("store: merge: %w", err)
		}
		if target == from {
			return fmt.Errorf("%w: %q is already shown as %q: remove that alias first", ErrBadRequest, m.Into, m.From)
		}
		if from == target {
			return fmt.Errorf("%w: %q and %q are one speaker already", ErrBadRequest, m.From, m.Into)
		}
		a.Canonical, a.Name = target, name
		if err := writeAlias(ctx, tx, s.d, "merge", a); err != nil {
			return err
		}
		// Speakers shown as From are now shown as the target.
		if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE speaker_aliases SET canonical_key = ?, canonical_name = ? WHERE canonical_key = ?`),
			target, name, from); err != nil {
			return fmt.Errorf("store: merge: %w", err)
		}
		return nil
	})
	return a, err
}

// SplitSpeaker implements Store.
func (s *DB) SplitSpeaker(ctx context.Context, sp Split) ([]Alias, error) {
	if err := checkBy(sp.By, sp.Note); err != nil {
		return nil, err
	}
	if !HasLetter(sp.Key) || !HasLetter(sp.Name) {
		return nil, fmt.Errorf("%w: split needs the speaker and the new name", ErrBadRequest)
	}
	if len(sp.Articles) == 0 && sp.Outlet == "" {
		return nil, fmt.Errorf("%w: split needs the articles or the outlet whose claims move", ErrBadRequest)
	}
	key, name := contract.SpeakerKey(sp.Key), strings.TrimSpace(sp.Name)
	canonical := contract.SpeakerKey(name)
	if canonical == key {
		return nil, fmt.Errorf("%w: the new name has the same key as the speaker", ErrBadRequest)
	}
	at := time.Now().UTC().Truncate(time.Second)
	var out []Alias
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		arts := map[string]bool{}
		for _, id := range sp.Articles {
			arts[id] = true
		}
		if sp.Outlet != "" {
			oc, oargs := outletCond(sp.Outlet)
			rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT DISTINCT c.article_id FROM claims c WHERE c.speaker_key = ? AND `+oc), append([]any{key}, oargs...)...)
			if err != nil {
				return fmt.Errorf("store: split: %w", err)
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return fmt.Errorf("store: split: %w", err)
				}
				arts[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: split: %w", err)
			}
		}
		ids := sortedKeys(arts)
		for _, id := range ids {
			var n int
			if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM claims WHERE speaker_key = ? AND article_id = ? AND `+asSentBare), key, id).Scan(&n); err != nil {
				return fmt.Errorf("store: split: %w", err)
			}
			if n == 0 {
				return fmt.Errorf("%w: article %s has no claim by %q", ErrBadRequest, id, sp.Key)
			}
			a := Alias{Key: key, ArticleID: id, Canonical: canonical, Name: name, By: strings.TrimSpace(sp.By), At: at, Note: sp.Note}
			if err := writeAlias(ctx, tx, s.d, "split", a); err != nil {
				return err
			}
			out = append(out, a)
		}
		if len(out) == 0 {
			return fmt.Errorf("%w: no claim of %q to split off", ErrBadRequest, sp.Key)
		}
		return nil
	})
	return out, err
}

// RemoveAlias implements Store.
func (s *DB) RemoveAlias(ctx context.Context, key, articleID, by string) error {
	if err := checkBy(by, ""); err != nil {
		return err
	}
	key = contract.SpeakerKey(key)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var a Alias
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT key, article_id, canonical_key, canonical_name FROM speaker_aliases WHERE key = ? AND article_id = ?`),
			key, articleID).Scan(&a.Key, &a.ArticleID, &a.Canonical, &a.Name)
		if err == sql.ErrNoRows {
			return fmt.Errorf("%w: no alias for %q", ErrNotFound, key)
		}
		if err != nil {
			return fmt.Errorf("store: remove alias: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM speaker_aliases WHERE key = ? AND article_id = ?`), key, articleID); err != nil {
			return fmt.Errorf("store: remove alias: %w", err)
		}
		a.By, a.At = strings.TrimSpace(by), time.Now().UTC().Truncate(time.Second)
		return logAlias(ctx, tx, s.d, "remove", a)
	})
}

// Speaker implements Store.
func (s *DB) Speaker(ctx context.Context, key string) (SpeakerDetail, error) {
	cond, args, err := s.speakerCond(ctx, key, true)
	if err != nil {
		return SpeakerDetail{}, err
	}
	d := SpeakerDetail{Names: []string{}, Mentions: []string{}, Aliases: []Alias{}, Outlets: []OutletCount{}, Timeline: []DayCount{}}
	var first, last string
	err = s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+effKey+`, MAX(`+effName+`), MAX(c.speaker_type), COUNT(*), COUNT(DISTINCT c.article_id),
		COUNT(DISTINCT c.cluster_id), MIN(NULLIF(c.published, '')), MAX(NULLIF(c.published, ''))
		FROM claims c`+aliasJoin+` WHERE `+asSent+` AND `+cond+` GROUP BY `+effKey+` ORDER BY COUNT(*) DESC LIMIT 1`), args...).Scan(
		&d.Key, &d.Name, &d.Type, &d.Claims, &d.Articles, &d.Clusters, nullStr{&first}, nullStr{&last})
	if err == sql.ErrNoRows {
		return d, fmt.Errorf("%w: speaker %s", ErrNotFound, key)
	}
	if err != nil {
		return d, s.classify(fmt.Errorf("store: speaker: %w", err))
	}
	d.FirstSeen, d.LastSeen = parseTime(first), parseTime(last)
	type kv struct {
		k string
		n int
	}
	group := func(expr string) ([]kv, error) {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+expr+`, COUNT(*) FROM claims c`+aliasJoin+` WHERE `+asSent+` AND `+cond+
			` GROUP BY `+expr+` ORDER BY COUNT(*) DESC, `+expr+` LIMIT 400`), args...)
		if err != nil {
			return nil, s.classify(fmt.Errorf("store: speaker: %w", err))
		}
		defer rows.Close()
		var out []kv
		for rows.Next() {
			var e kv
			if err := rows.Scan(&e.k, &e.n); err != nil {
				return nil, s.classify(fmt.Errorf("store: speaker: %w", err))
			}
			out = append(out, e)
		}
		return out, s.classify(rows.Err())
	}
	names, err := group(`c.speaker_name`)
	if err != nil {
		return d, err
	}
	for _, e := range names {
		d.Names = append(d.Names, e.k)
	}
	mentions, err := group(`c.speaker_mention`)
	if err != nil {
		return d, err
	}
	seenMention := map[string]bool{}
	for _, e := range mentions {
		l := strings.ToLower(strings.TrimSpace(e.k))
		if l == "" || pronouns[l] || seenMention[l] || len(d.Mentions) >= 12 {
			continue
		}
		seenMention[l] = true
		d.Mentions = append(d.Mentions, e.k)
	}
	outlets, err := group(`c.outlet`)
	if err != nil {
		return d, err
	}
	for _, e := range outlets {
		d.Outlets = append(d.Outlets, OutletCount{Outlet: e.k, Claims: e.n})
	}
	days, err := group(`SUBSTR(c.published, 1, 10)`)
	if err != nil {
		return d, err
	}
	for _, e := range days {
		if e.k != "" {
			d.Timeline = append(d.Timeline, DayCount{Day: e.k, Claims: e.n})
		}
	}
	sort.Slice(d.Timeline, func(i, j int) bool { return d.Timeline[i].Day < d.Timeline[j].Day })
	aliases, err := s.loadAliases(ctx)
	if err != nil {
		return d, err
	}
	for _, a := range aliases {
		if a.Canonical == d.Key || a.Key == d.Key {
			d.Aliases = append(d.Aliases, a)
		}
	}
	return d, nil
}

// pronouns are mentions that say nothing about who the speaker is or what
// role they speak in.
var pronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true, "him": true, "her": true, "his": true,
	"them": true, "we": true, "i": true, "you": true, "its": true, "their": true}

// nullStr scans a nullable string as "".
type nullStr struct{ p *string }

func (n nullStr) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.p = ""
	case string:
		*n.p = x
	case []byte:
		*n.p = string(x)
	default:
		*n.p = fmt.Sprint(x)
	}
	return nil
}
