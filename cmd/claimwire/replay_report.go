package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

// replayReportFile is what --report writes: the indexer's report with every
// changed article, and the gold scores when asked for.
type replayReportFile struct {
	index.ReplayReport
	Gold *goldScores `json:"gold,omitempty"`
}

// writeReplayReport fetches replay id's report from the indexer's API (all
// pages of changed articles), scores it against gold when goldDir is set,
// and writes it to file: JSON for a .json file, Markdown otherwise.
func writeReplayReport(ctx context.Context, api, id, file, goldDir, goldPages string) error {
	api = strings.TrimRight(api, "/")
	client := &http.Client{Timeout: 60 * time.Second}
	var rep replayReportFile
	for cursor := ""; ; {
		u := api + "/api/replays/" + url.PathEscape(id) + "?limit=1000"
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var page index.ReplayReport
		if err := getAPI(ctx, client, u, &page); err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if cursor == "" {
			rep.ReplayReport = page
		} else {
			rep.ChangedArticles = append(rep.ChangedArticles, page.ChangedArticles...)
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	rep.NextCursor = nil
	if goldDir != "" {
		g, err := scoreReplayGold(ctx, client, api, id, goldDir, goldPages)
		if err != nil {
			return fmt.Errorf("gold: %w", err)
		}
		rep.Gold = g
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if strings.HasSuffix(strings.ToLower(file), ".json") {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(rep)
	} else {
		err = writeReplayMarkdown(f, &rep)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("report %s: %w", file, err)
	}
	t := rep.Totals
	fmt.Fprintf(os.Stderr, "report %s: %d articles, %d changed: %d added, %d removed, %d re-attributed, %d re-kinded, %d re-worded\n",
		file, rep.Articles, rep.Changed, t.Added, t.Removed, t.Reattributed, t.Rekinded, t.Reworded)
	if g := rep.Gold; g != nil {
		fmt.Fprintf(os.Stderr, "gold (%d pages): claims found %d → %d of %d, speakers right %d → %d of %d\n",
			g.Pages, g.Old.Found, g.New.Found, g.Old.Gold, g.Old.SpeakerRight, g.New.SpeakerRight, g.Old.Speakers)
	}
	return nil
}

func getAPI(ctx context.Context, client *http.Client, u string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return unwrapURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &apiStatusError{status: resp.StatusCode, body: strings.TrimSpace(string(body))}
	}
	return json.Unmarshal(body, into)
}

type apiStatusError struct {
	status int
	body   string
}

func (e *apiStatusError) Error() string { return fmt.Sprintf("API answered %d: %s", e.status, e.body) }

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func mdClaim(c *contract.Claim) string {
	if c == nil {
		return "—"
	}
	sp := "no speaker"
	if c.Speaker != nil {
		sp = c.Speaker.Name
	}
	text := c.Text
	if c.Kind == contract.KindQuote {
		text = "“" + text + "”"
	}
	s := mdCell(text) + " — " + mdCell(sp) + " (" + c.Kind
	if c.Rule != "" {
		s += ", `" + mdCell(c.Rule) + "`"
	}
	return s + ")"
}

func changeLabel(change string, reattributed, rekinded, reworded bool) string {
	if change != "changed" {
		return change
	}
	var l []string
	if reattributed {
		l = append(l, "re-attributed")
	}
	if rekinded {
		l = append(l, "re-kinded")
	}
	if reworded {
		l = append(l, "re-worded")
	}
	return strings.Join(l, ", ")
}

func orNew(v string) string {
	if v == "" {
		return "new"
	}
	return v
}

func writeReplayMarkdown(w io.Writer, r *replayReportFile) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("# Replay %s\n\n", r.ID)
	p("%d articles re-extracted, %d changed", r.Articles, r.Changed)
	if r.Stale > 0 {
		p(", %d ignored as stale (the index holds a newer extractor version)", r.Stale)
	}
	p(".\n\n")
	for _, v := range r.Versions {
		p("- extractor %s → %s, cleaner %s → %s: %d articles\n", orNew(v.OldExtractor), v.NewExtractor, orNew(v.OldCleaner), v.NewCleaner, v.Articles)
	}
	t := r.Totals
	p("\n## Totals\n\n| added | removed | re-attributed | re-kinded | re-worded | unchanged |\n|---:|---:|---:|---:|---:|---:|\n")
	p("| %d | %d | %d | %d | %d | %d |\n", t.Added, t.Removed, t.Reattributed, t.Rekinded, t.Reworded, t.Unchanged)
	if g := r.Gold; g != nil {
		p("\n## Did the new version help? (gold: %d pages", g.Pages)
		if g.Missing > 0 {
			p(", %d not in this replay", g.Missing)
		}
		p(")\n\n| | old | new |\n|---|---:|---:|\n")
		p("| claims found | %s | %s |\n", frac(g.Old.Found, g.Old.Gold), frac(g.New.Found, g.New.Gold))
		p("| speakers right | %s | %s |\n", frac(g.Old.SpeakerRight, g.Old.Speakers), frac(g.New.SpeakerRight, g.New.Speakers))
		for _, k := range []string{contract.KindQuote, contract.KindReported, contract.KindStatistic} {
			p("| %s found | %s | %s |\n", k, frac(g.Old.ByKind[k][0], g.Old.ByKind[k][1]), frac(g.New.ByKind[k][0], g.New.ByKind[k][1]))
		}
		p("| claims predicted | %d | %d |\n", g.Old.Predicted, g.New.Predicted)
	}
	if len(r.Rules) > 0 {
		p("\n## By rule\n\n| rule | added | removed | re-attributed | re-kinded | re-worded |\n|---|---:|---:|---:|---:|---:|\n")
		for _, x := range r.Rules {
			p("| %s | %d | %d | %d | %d | %d |\n", mdCell(cmpOr(x.Rule, "(none)")), x.Added, x.Removed, x.Reattributed, x.Rekinded, x.Reworded)
		}
	}
	if len(r.Outlets) > 0 {
		p("\n## By outlet\n\n| outlet | articles | changed | added | removed | re-attributed | re-kinded | re-worded |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, o := range r.Outlets {
			p("| %s | %d | %d | %d | %d | %d | %d | %d |\n", mdCell(o.Outlet), o.Articles, o.Changed, o.Added, o.Removed, o.Reattributed, o.Rekinded, o.Reworded)
		}
	}
	p("\n## Examples\n")
	for _, cat := range []struct{ key, label string }{{"reattributed", "Re-attributed"}, {"rekinded", "Re-kinded"}, {"reworded", "Re-worded"}, {"added", "Added"}, {"removed", "Removed"}} {
		ex := r.Examples[cat.key]
		if len(ex) == 0 {
			continue
		}
		p("\n### %s\n\n| article | old | new |\n|---|---|---|\n", cat.label)
		for _, e := range ex {
			p("| %s `%s` | %s | %s |\n", mdCell(e.Outlet), e.ArticleID, mdClaim(e.Old), mdClaim(e.New))
		}
	}
	p("\n## Changed articles (%d)\n", len(r.ChangedArticles))
	for _, a := range r.ChangedArticles {
		p("\n### %s\n\n%s · `%s` · %s · extractor %s → %s\n\n", mdCell(cmpOr(a.Title, a.ArticleID)), mdCell(a.Outlet), a.ArticleID, a.URL, orNew(a.OldExtractor), a.NewExtractor)
		p("| change | old | new |\n|---|---|---|\n")
		for _, c := range a.Changes {
			p("| %s | %s | %s |\n", changeLabel(c.Change, c.Reattributed, c.Rekinded, c.Reworded), mdClaim(c.Old), mdClaim(c.New))
		}
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func frac(n, d int) string {
	if d == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d (%.1f%%)", n, d, 100*float64(n)/float64(d))
}

// Gold scoring: the extractor scorer's rules (../shared/eval/score
// extractor), applied to the two versions the replay left side by side. A
// gold claim is found when its phrase is inside an unused predicted claim's
// text (failing that, its sentence); its speaker is right when the
// predicted name is the gold name or a spelling of it that keeps the
// surname (an anonymous source: its head noun).

type goldScores struct {
	Pages   int       `json:"pages"`   // gold pages scored
	Missing int       `json:"missing"` // gold pages the replay did not cover
	Stale   int       `json:"stale"`   // pages re-extracted again since: not scored
	Old     goldScore `json:"old"`
	New     goldScore `json:"new"`
}

type goldScore struct {
	Gold         int               `json:"gold"`
	Found        int               `json:"found"`
	Speakers     int               `json:"speakers"` // found gold claims with a speaker to get right
	SpeakerRight int               `json:"speaker_right"`
	Predicted    int               `json:"predicted"`
	ByKind       map[string][2]int `json:"by_kind"` // kind → found, gold
}

type goldPage struct {
	Claims []struct {
		Kind     string `json:"kind"`
		Speaker  string `json:"speaker"`
		Contains string `json:"contains"`
	} `json:"claims"`
}

func scoreReplayGold(ctx context.Context, client *http.Client, api, id, dir, pages string) (*goldScores, error) {
	if pages == "" {
		pages = filepath.Join(dir, "..", "pages")
	}
	urls := map[string]string{}
	manifest := filepath.Join(pages, "manifest.tsv")
	b, err := os.ReadFile(manifest)
	if err != nil {
		return nil, fmt.Errorf("%w (give --gold-pages, the folder of manifest.tsv)", err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		cols := strings.Split(line, "\t")
		if i > 0 && len(cols) > 1 {
			urls[cols[0]] = cols[1]
		}
	}
	variants := map[string][]string{}
	if b, err := os.ReadFile(filepath.Join(dir, "clusters.json")); err == nil {
		var cl struct {
			SpeakerVariants []struct {
				Canonical string   `json:"canonical"`
				Variants  []string `json:"variants"`
			} `json:"speaker_variants"`
		}
		if err := json.Unmarshal(b, &cl); err == nil {
			for _, v := range cl.SpeakerVariants {
				variants[v.Canonical] = v.Variants
			}
		}
	}
	names, err := filepath.Glob(filepath.Join(dir, "[0-9]*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	g := &goldScores{Old: goldScore{ByKind: map[string][2]int{}}, New: goldScore{ByKind: map[string][2]int{}}}
	for _, name := range names {
		page := strings.TrimSuffix(filepath.Base(name), ".json")
		u := urls[page]
		if u == "" {
			continue
		}
		var gp goldPage
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &gp); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		aid := contract.ArticleID(canonical(u), nil)
		var v index.ReplayArticleView
		err = getAPI(ctx, client, api+"/api/replays/"+url.PathEscape(id)+"/articles/"+url.PathEscape(aid), &v)
		var se *apiStatusError
		if errors.As(err, &se) && se.status == http.StatusNotFound {
			g.Missing++
			continue
		}
		if err != nil {
			return nil, err
		}
		if !v.Current {
			g.Stale++
			continue
		}
		g.Pages++
		g.Old.add(&gp, v.Old, variants)
		g.New.add(&gp, v.New, variants)
	}
	return g, nil
}

func (s *goldScore) add(gp *goldPage, claims []contract.Claim, variants map[string][]string) {
	s.Predicted += len(claims)
	used := make([]bool, len(claims))
	for _, gc := range gp.Claims {
		k := s.ByKind[gc.Kind]
		k[1]++
		s.Gold++
		i := goldMatch(goldNorm(gc.Contains), claims, used)
		if i >= 0 {
			used[i] = true
			k[0]++
			s.Found++
			if gc.Kind != contract.KindStatistic && gc.Speaker != "" {
				s.Speakers++
				if goldSpeakerOK(claims[i].Speaker, gc.Speaker, variants) {
					s.SpeakerRight++
				}
			}
		}
		s.ByKind[gc.Kind] = k
	}
}

func goldMatch(phrase string, claims []contract.Claim, used []bool) int {
	if phrase == "" {
		return -1
	}
	best := -1
	for i, c := range claims {
		if used[i] {
			continue
		}
		if strings.Contains(goldNorm(c.Text), phrase) {
			return i
		}
		if best < 0 && strings.Contains(goldNorm(c.Sentence), phrase) {
			best = i
		}
	}
	return best
}

// goldNorm lower-cases, unifies quotes and dashes, drops soft hyphens and
// zero-width spaces and collapses whitespace, as the scorer does.
var goldReplacer = strings.NewReplacer("\u00ad", "", "\u200b", "", "’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")

func goldNorm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(goldReplacer.Replace(s)), " "))
}

func goldSquash(s string) string {
	var b strings.Builder
	for _, r := range goldNorm(s) {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func goldSpeakerOK(pred *contract.Speaker, gold string, variants map[string][]string) bool {
	if gold == "" {
		return true
	}
	if pred == nil || goldNorm(pred.Name) == "" {
		return false
	}
	words := strings.Fields(goldNorm(pred.Name))
	if rest, ok := strings.CutPrefix(gold, "anonymous:"); ok {
		gw := strings.Fields(goldNorm(rest))
		if len(gw) == 0 {
			return false
		}
		for _, w := range words {
			if w == gw[len(gw)-1] {
				return true
			}
		}
		return false
	}
	gw := strings.Fields(goldNorm(gold))
	if len(gw) == 0 {
		return false
	}
	last := gw[len(gw)-1]
	name := goldSquash(pred.Name)
	if name == goldSquash(gold) {
		return true
	}
	for _, v := range variants[gold] {
		for _, w := range strings.Fields(goldNorm(v)) {
			if w == last && goldSquash(v) == name {
				return true
			}
		}
	}
	return false
}
