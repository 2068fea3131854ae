//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// lockDataDir takes an exclusive lock on the data folder, so that two 'up'
// never share one JetStream store and one SQLite file. The lock is the
// kernel's (flock): a killed process leaves none behind. The lock file says
// who holds it.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, "claimwire.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock data folder: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := io.ReadAll(io.LimitReader(f, 512))
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := strings.TrimSpace(string(holder))
			if who == "" {
				who = "a process that has not said which"
			}
			return nil, fmt.Errorf("data folder %s is in use by %s: stop that 'claimwire up' first, or give this one another folder with --data", dir, who)
		}
		return nil, fmt.Errorf("lock data folder %s: %w", dir, err)
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	fmt.Fprintf(f, "claimwire up, pid %d on %s, since %s\n", os.Getpid(), host, time.Now().Format(time.DateTime))
	return func() {
		f.Truncate(0)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
