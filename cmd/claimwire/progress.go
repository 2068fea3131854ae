package main

import (
	"fmt"
	"os"
	"time"
)

// progress prints "label: n/total (rate/s, ETA …)" on one line, redrawn at
// most every 200 ms on a terminal and every 5 s otherwise (logs stay
// readable).
type progress struct {
	label       string
	total, n    int
	base        int // done before this run (a resumed replay): not in the rate
	bytes       int64
	start, last time.Time
	tty         bool
	printed     bool
}

func newProgress(label string, total int) *progress {
	fi, _ := os.Stderr.Stat()
	// The first line comes one period in, not at the first item, whose
	// rate would be meaningless.
	now := time.Now()
	return &progress{label: label, total: total, start: now, last: now, tty: fi != nil && fi.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) add(bytes int) {
	p.n++
	p.bytes += int64(bytes)
	every := 5 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if time.Since(p.last) >= every || p.n == p.total {
		p.print()
	}
}

func (p *progress) print() {
	p.last, p.printed = time.Now(), true
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.n-p.base) / el
	}
	line := fmt.Sprintf("%s: %d/%d (%.1f/s", p.label, p.n, p.total, rate)
	if p.bytes > 0 {
		line += fmt.Sprintf(", %.1f MB", float64(p.bytes)/1e6)
	}
	if p.n < p.total && rate > 0 {
		line += ", ETA " + eta(time.Duration(float64(p.total-p.n)/rate*float64(time.Second)))
	}
	line += ")"
	if p.tty {
		fmt.Fprintf(os.Stderr, "\r%s\033[K", line)
	} else {
		fmt.Fprintln(os.Stderr, line)
	}
}

func (p *progress) done() {
	if p.n != p.total || !p.printed {
		p.print()
	}
	if p.tty {
		fmt.Fprintln(os.Stderr)
	}
}

// eta is a remaining time as a person reads it: "45s", "12m30s", "3h05m".
func eta(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()+0.5))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
