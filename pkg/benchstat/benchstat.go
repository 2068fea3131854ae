// Package benchstat reads what the benchmarks report beside their rates:
// the process's CPU time, which neighbours on a shared machine change less
// than wall time, and the load average that says how shared it was.
package benchstat

import (
	"os"
	"strings"
	"syscall"
	"time"
)

// CPU is the user+system CPU time of this process so far (for an embedded
// database its work too; for a server such as PostgreSQL only the
// client's), or 0 where the system does not say.
func CPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// LoadAverage is the 1, 5 and 15-minute load averages ("0.52 0.58 0.59"),
// or "?" where unknown.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
