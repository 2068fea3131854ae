package store

import (
	"fmt"
	"testing"
)

// TestPrintFilter: every band added is held, through the layers added as
// the first fills up, and few bands never added are.
func TestPrintFilter(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bands int
	}{
		{"within the first layer", minPrintFilterBands / 2},
		{"over three layers", 5 * minPrintFilterBands},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newPrintFilter()
			f.layers = []bloom{newBloom(minPrintFilterBands)}
			for i := range tc.bands {
				f.add(fmt.Sprintf("%d:in%d", i%16, i))
			}
			for i := range tc.bands {
				if b := fmt.Sprintf("%d:in%d", i%16, i); !f.mayHold(b) {
					t.Fatalf("band %s added but not held", b)
				}
			}
			fp := 0
			const probes = 100_000
			for i := range probes {
				if f.mayHold(fmt.Sprintf("%d:out%d", i%16, i)) {
					fp++
				}
			}
			// About 1 % a layer.
			if limit := probes * len(f.layers) * 2 / 100; fp > limit {
				t.Errorf("%d of %d bands never added are held (%d layers); want at most %d", fp, probes, len(f.layers), limit)
			}
		})
	}
}

// TestPrintFilterVouches: the filter vouches only at the counter it was
// loaded or last committed at, and a commit that began while it did not
// vouch leaves it so.
func TestPrintFilterVouches(t *testing.T) {
	f := newPrintFilter()
	if f.vouches(0) || !f.worthLoading(0) {
		t.Fatalf("a filter never loaded: vouches %v, worth loading %v; want false, true", f.vouches(0), f.worthLoading(0))
	}
	f.layers, f.at, f.loaded = []bloom{newBloom(minPrintFilterBands)}, 4, 1000
	f.committed(&keyUpdate{printsFrom: 4, after: 6, bands: []string{"0:a"}})
	if !f.vouches(6) || !f.mayHold("0:a") {
		t.Errorf("after a commit from 4 to 6: vouches for 6 %v, holds its band %v; want true, true", f.vouches(6), f.mayHold("0:a"))
	}
	f.committed(&keyUpdate{printsFrom: -1, after: 9, bands: []string{"0:b"}})
	if f.vouches(9) {
		t.Errorf("vouches for 9 after a commit that began when it did not vouch")
	}
	f.committed(&keyUpdate{printsFrom: 6, after: -1})
	if f.vouches(6) || f.at != -1 {
		t.Errorf("vouches after a commit that did not read the counter it left")
	}
	if f.worthLoading(7) {
		t.Errorf("worth loading with no lookup made since it stopped vouching (last load read 1000 bands)")
	}
	f.missed = 1000
	if !f.worthLoading(7) {
		t.Errorf("not worth loading once as many lookups were made as the last load read")
	}
}
