package main

import (
	"fmt"
	"os"
	"time"
)

// progress prints "label: n/total …" on one line, redrawn at most every
// 200 ms on a terminal and every 5 s otherwise (logs stay readable).
type progress struct {
	label       string
	total, n    int
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
		rate = float64(p.n) / el
	}
	line := fmt.Sprintf("%s: %d/%d (%.1f/s", p.label, p.n, p.total, rate)
	if p.bytes > 0 {
		line += fmt.Sprintf(", %.1f MB", float64(p.bytes)/1e6)
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
