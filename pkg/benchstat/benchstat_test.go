package benchstat

import (
	"regexp"
	"testing"
)

func TestCPUGrowsWithWork(t *testing.T) {
	before := CPU()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if after := CPU(); after <= before {
		t.Fatalf("CPU %v after a busy loop (x=%d), %v before", after, x, before)
	}
}

func TestLoadAverageIsThreeFigures(t *testing.T) {
	got := LoadAverage()
	if got == "?" {
		t.Skip("no /proc/loadavg here")
	}
	if !regexp.MustCompile(`^\d+\.\d+ \d+\.\d+ \d+\.\d+$`).MatchString(got) {
		t.Fatalf("LoadAverage() = %q, want three figures", got)
	}
}
