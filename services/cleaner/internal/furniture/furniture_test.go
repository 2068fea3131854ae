package furniture

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/natstest"
)

func open(t *testing.T, cfg Config) *Store {
	t.Helper()
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	s, err := Open(context.Background(), js, BucketConfig("furniture_test", 1, cfg), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"www.Example.com.": "example.com", "news.example.co.uk": "news.example.co.uk",
		"": "", "ünï.example": "_n_.example", "..": "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBounds: a host's record keeps at most MaxLines lines (the ones seen
// on most pages win), forgets lines not seen within the TTL, and a page
// whose blocks would be mostly removed keeps them all.
func TestBounds(t *testing.T) {
	ctx := context.Background()
	s := open(t, Config{MinPages: 2, MaxLines: 3, MaxPages: 4, TTL: time.Hour})
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	long := "A paragraph of the story itself, different on every page of the site, long enough to outweigh the line around it: "
	for i := range 4 {
		blocks := []string{"Shared footer line", fmt.Sprintf("%s page %d.", long, i), fmt.Sprintf("Unique line %d", i)}
		if _, err := s.Clean(ctx, "site.example", fmt.Sprint("p", i), blocks); err != nil {
			t.Fatal(err)
		}
	}
	rec, _, err := s.get(ctx, Key("site.example"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Lines) > 3 || len(rec.Pages) > 4 {
		t.Fatalf("record not bounded: %d lines, %d pages", len(rec.Lines), len(rec.Pages))
	}
	if l := rec.Lines[s.hash("Shared footer line")]; l == nil || l.N != 4 {
		t.Fatalf("the shared line was evicted or miscounted: %+v", l)
	}
	// Mostly furniture: nothing is removed.
	r, err := s.Clean(ctx, "site.example", "p9", []string{"Shared footer line", "Short."})
	if err != nil || r.Removed != 0 {
		t.Fatalf("page of furniture emptied: %+v %v", r, err)
	}
	r, err = s.Clean(ctx, "site.example", "p10", []string{long, "Shared footer line"})
	if err != nil || r.Removed != 1 || len(r.Blocks) != 1 {
		t.Fatalf("furniture not removed: %+v %v", r, err)
	}
	// Two hours on, the old lines are forgotten when the host is next updated.
	now = now.Add(2 * time.Hour)
	if _, err := s.Clean(ctx, "site.example", "p11", []string{long + " again"}); err != nil {
		t.Fatal(err)
	}
	rec, _, _ = s.get(ctx, Key("site.example"))
	if rec.Lines[s.hash("Shared footer line")] != nil {
		t.Fatal("a line not seen within the TTL was kept")
	}
}

func TestHashSkipsLongBlocks(t *testing.T) {
	s := New(nil, Config{MaxWords: 5})
	if s.hash("one two three four five six") != "" || s.hash("one two three") == "" || s.hash("— ·") != "" {
		t.Fatal("hash: long blocks and blocks without words are not learnable")
	}
	if s.hash("Read MORE, here!") != s.hash("read more here") {
		t.Fatal("hash must fold case and punctuation")
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"www.example.com", "", "a..b", "\xff\xfe", "ü.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		k := Key(host)
		for _, r := range k {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
				t.Fatalf("Key(%q) = %q has %q", host, k, r)
			}
		}
	})
}

// BenchmarkCleanOneHost: pages of one busy host, each with its template
// lines and a few lines of its own — the worst case, every page updating
// the same key.
func BenchmarkCleanOneHost(b *testing.B) {
	srv := natstest.Run(b)
	_, js := natstest.Connect(b, srv.ClientURL())
	ctx := context.Background()
	s, err := Open(ctx, js, BucketConfig("furniture_bench", 1, Config{}), Config{})
	if err != nil {
		b.Fatal(err)
	}
	template := []string{"Sign in to the Quay Courier", "Most read this week", "Listen to the morning briefing"}
	i := 0
	for b.Loop() {
		blocks := append([]string{}, template...)
		for k := range 20 {
			blocks = append(blocks, fmt.Sprintf("Line %d of page %d, which no other page has", k, i))
		}
		if _, err := s.Clean(ctx, "quay-courier.example", fmt.Sprint("page", i), blocks); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestReplicasShareWhatTheyLearn: two cleaners on one bucket each keep the
// record they decoded; a page one of them counts moves the record's
// revision, so the other reads the new record and not its own old copy.
func TestReplicasShareWhatTheyLearn(t *testing.T) {
	cfg := Config{MinPages: 3}
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	var rs [2]*Store
	for i := range rs {
		s, err := Open(context.Background(), js, BucketConfig("furniture_replicas", 1, cfg), cfg)
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = s
	}
	ctx := context.Background()
	promo := "Sign up for the morning harbour bulletin"
	for i := range 4 {
		// Alternating replicas: each page's count must build on the other's.
		story := fmt.Sprintf("The ferry to the outer island ran %d minutes late on a windy morning.", i+10)
		res, err := rs[i%2].Clean(ctx, "harbour-news.example", fmt.Sprintf("page-%d", i), []string{story, promo})
		if err != nil {
			t.Fatal(err)
		}
		if want := i >= 3; (res.Removed == 1) != want {
			t.Fatalf("page %d: removed %d; want the promo removed from the 4th page on (seen on 3 pages)", i, res.Removed)
		}
	}
}

// TestRecordJSON: the hand-written encoding reads back as the record.
func TestRecordJSON(t *testing.T) {
	for _, rec := range []*record{
		{},
		{Pages: []string{"p1", "odd \"page\" id\n\u00e9"}, Lines: map[string]*line{"k3x": {N: 3, Seen: 1700000000}, "q\\": {N: 1, Seen: -5}}},
	} {
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var back record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(&back, rec) {
			t.Fatalf("%s read back as %+v; want %+v", b, back, *rec)
		}
	}
}

// TestUnwrittenPageNotKept: a page whose record update the server refused
// (here: the record outgrew the bucket's value size) is not taken as
// counted when it comes back: Clean learns it again and tries the write
// again, instead of reading its own unwritten change as stored.
func TestUnwrittenPageNotKept(t *testing.T) {
	cfg := Config{MinPages: 2}
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	bc := BucketConfig("furniture_small", 1, cfg)
	bc.MaxValueSize = 160
	ctx := context.Background()
	s, err := Open(ctx, js, bc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Clean(ctx, "lighthouse.example", "first", []string{"Keeper's log"}); err != nil {
		t.Fatal(err)
	}
	var many []string
	for i := range 12 {
		many = append(many, fmt.Sprintf("Tide table line %d", i))
	}
	for attempt := range 2 {
		res, err := s.Clean(ctx, "lighthouse.example", "second", many)
		if err == nil || res.Learned {
			t.Fatalf("attempt %d: learned %v, err %v; want the oversized record refused each time", attempt, res.Learned, err)
		}
	}
	rec, _, err := s.get(ctx, Key("lighthouse.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec.Pages, []string{"first"}) || len(rec.Lines) != 1 {
		t.Fatalf("record %+v; want only the first page's", rec)
	}
}

// TestSelectStrongest: the lines kept are the first MaxLines of the full
// ranking, whatever the ties in pages and last-seen times.
func TestSelectStrongest(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, k      int
		ns, seens int // distinct counts and times drawn from
	}{
		{"all distinct", 50, 20, 50, 50},
		{"ties on count", 200, 37, 3, 40},
		{"ties on both", 300, 150, 2, 2},
		{"keep all but one", 64, 63, 4, 4},
		{"keep one", 64, 1, 4, 4},
		{"keep none", 10, 0, 2, 2},
		{"two", 2, 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range 20 {
				r := rand.New(rand.NewPCG(uint64(seed), 7))
				all := make([]ranked, tc.n)
				for i := range all {
					all[i] = ranked{fmt.Sprintf("h%04d", r.IntN(100000)*10+i%10), line{N: 1 + r.IntN(tc.ns), Seen: int64(r.IntN(tc.seens))}}
				}
				want := slices.Clone(all)
				slices.SortFunc(want, func(a, b ranked) int {
					if stronger(&a, &b) {
						return -1
					}
					if stronger(&b, &a) {
						return 1
					}
					return 0
				})
				selectStrongest(all, tc.k)
				kept := make([]string, 0, tc.k)
				for _, l := range all[:tc.k] {
					kept = append(kept, l.h)
				}
				wantKept := make([]string, 0, tc.k)
				for _, l := range want[:tc.k] {
					wantKept = append(wantKept, l.h)
				}
				slices.Sort(kept)
				slices.Sort(wantKept)
				if !slices.Equal(kept, wantKept) {
					t.Fatalf("seed %d: kept %v; want %v", seed, kept, wantKept)
				}
			}
		})
	}
}
