package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/benchstat"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
)

// TestIngestCost measures the store alone as the index grows: it applies
// the ClaimSets of CLAIMWIRE_INGEST_IN (one JSON line each, as
// cmd/claimwire's TestWriteBenchClaimSets writes the bench's) to a fresh
// SQLite store from CLAIMWIRE_INGEST_CALLERS concurrent callers (default
// 512, as the indexer's consumer), and logs the process's CPU time and
// I/O per article for every 2,000 articles, so that a cost which grows
// with the index shows. Optional: CLAIMWIRE_INGEST_PARAMS, the path's
// parameters (e.g. "_pragma=cache_size(-262144)");
// CLAIMWIRE_INGEST_PROFILE=PREFIX writes a CPU profile of each segment to
// PREFIX-<first article>.prof; CLAIMWIRE_INGEST_ASSIGN=FILE writes every
// claim's cluster ("claim-id cluster-id" lines, by claim id) at the end,
// to compare two builds' assignments (use one caller: batches then do not
// depend on timing). Skipped unless CLAIMWIRE_INGEST_IN is set.
func TestIngestCost(t *testing.T) {
	in := os.Getenv("CLAIMWIRE_INGEST_IN")
	if in == "" {
		t.Skip("CLAIMWIRE_INGEST_IN not set")
	}
	callers := 512 // as the indexer's consumer (index.DefaultWorkers)
	if v := os.Getenv("CLAIMWIRE_INGEST_CALLERS"); v != "" {
		var err error
		if callers, err = strconv.Atoi(v); err != nil {
			t.Fatalf("CLAIMWIRE_INGEST_CALLERS: %v", err)
		}
	}
	sets := readClaimSetLines(t, in)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cost.db")
	if params := os.Getenv("CLAIMWIRE_INGEST_PARAMS"); params != "" {
		path += "?" + params
	}
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const segment = 2000
	var cpuAll time.Duration
	for lo := 0; lo < len(sets); lo += segment {
		seg := sets[lo:min(lo+segment, len(sets))]
		stop := profileSegment(t, lo)
		io0, cpu0, wall0 := procIO(), benchstat.CPU(), time.Now()
		applyAll(t, s.Apply, seg, callers)
		cpu, wall, io := benchstat.CPU()-cpu0, time.Since(wall0), procIO().minus(io0)
		stop()
		cpuAll += cpu
		n := float64(len(seg))
		t.Logf("articles %6d-%6d: %.2f ms CPU/article, %.0f articles/s; per article %.0f KB read in %.1f calls, %.0f KB written in %.1f calls",
			lo, lo+len(seg), cpu.Seconds()*1000/n, n/wall.Seconds(), float64(io.rchar)/1024/n, float64(io.syscr)/n, float64(io.wchar)/1024/n, float64(io.syscw)/n)
	}
	t.Logf("all %d: %.2f ms CPU/article; load average %s", len(sets), cpuAll.Seconds()*1000/float64(len(sets)), benchstat.LoadAverage())
	if out := os.Getenv("CLAIMWIRE_INGEST_ASSIGN"); out != "" {
		writeAssignments(t, s.SQL(), out)
	}
}

func readClaimSetLines(t *testing.T, path string) []contract.ClaimSet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	var sets []contract.ClaimSet
	for sc.Scan() {
		var cs contract.ClaimSet
		if err := json.Unmarshal(sc.Bytes(), &cs); err != nil {
			t.Fatalf("%s line %d: %v", path, len(sets)+1, err)
		}
		sets = append(sets, cs)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sets
}

// applyAll applies sets from callers goroutines taking them in order.
func applyAll(t *testing.T, apply func(context.Context, contract.ClaimSet) (bool, error), sets []contract.ClaimSet, callers int) {
	t.Helper()
	next := make(chan contract.ClaimSet)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for cs := range next {
				if _, err := apply(context.Background(), cs); err != nil {
					t.Errorf("apply %s: %v", cs.Article.ID, err)
				}
			}
		})
	}
	for _, cs := range sets {
		next <- cs
	}
	close(next)
	wg.Wait()
}

// profileSegment starts a CPU profile of the segment from article lo when
// CLAIMWIRE_INGEST_PROFILE is set, and returns what stops it.
func profileSegment(t *testing.T, lo int) func() {
	prefix := os.Getenv("CLAIMWIRE_INGEST_PROFILE")
	if prefix == "" {
		return func() {}
	}
	f, err := os.Create(fmt.Sprintf("%s-%d.prof", prefix, lo))
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		t.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

func writeAssignments(t *testing.T, db *sql.DB, path string) {
	t.Helper()
	rows, err := db.Query(`SELECT id, cluster_id FROM claims ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for rows.Next() {
		var id, cl string
		if err := rows.Scan(&id, &cl); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "%s %s\n", id, cl)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// ioCounts are the process's read and write system calls so far, and
// the bytes they moved (/proc/self/io; zero where there is none): unlike
// CPU time, a figure the neighbours on a shared machine do not change.
type ioCounts struct{ rchar, wchar, syscr, syscw int64 }

func procIO() ioCounts {
	var c ioCounts
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return c
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(l, ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "rchar":
			c.rchar = n
		case "wchar":
			c.wchar = n
		case "syscr":
			c.syscr = n
		case "syscw":
			c.syscw = n
		}
	}
	return c
}

func (c ioCounts) minus(d ioCounts) ioCounts {
	return ioCounts{c.rchar - d.rchar, c.wchar - d.wchar, c.syscr - d.syscr, c.syscw - d.syscw}
}
